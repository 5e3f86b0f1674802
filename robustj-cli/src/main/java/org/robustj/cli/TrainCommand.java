package org.robustj.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.robustj.data.Dataset;
import org.robustj.data.Datasets;
import org.robustj.errors.InvalidInputException;
import org.robustj.io.Json;
import org.robustj.tensor.Engines;
import org.robustj.train.Checkpoint;
import org.robustj.train.EpochLog;
import org.robustj.train.TrainConfig;
import org.robustj.train.Trainer;
import org.robustj.train.TrainingListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code robustj train}: trains a model from a JSON recipe ({@code --config}) and/or flags, checkpointing
 * every epoch (and every few minutes) so that {@code --resume} continues exactly where a killed run stopped.
 * Writes {@code BASE.json} (model card) + {@code BASE.params} (weights) and {@code BASE.log.jsonl}.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a model (standard or robust training) from a JSON recipe and/or flags.",
            "Checkpoints after every epoch; --resume continues a killed run exactly.",
            "Example: robustj train --config recipes/mnist-cnn.json --out runs/mnist-cnn"})
public final class TrainCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = "--config", paramLabel = "FILE", description = "JSON recipe (snake_case fields of TrainConfig).")
    Path config;

    @Option(names = "--out", paramLabel = "BASE",
            description = "Output: writes BASE.json + BASE.params (a folder: FOLDER/NAME; default: runs/NAME, "
                    + "NAME from --config's file name or DATASET-ARCH); BASE's folder is " + Outputs.FOLDER_RULE + ".")
    String out;

    @Option(names = "--resume", description = "Continue the unfinished run whose checkpoint is BASE.checkpoint.")
    boolean resume;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Folder with the data set's files.")
    Path dataDir;

    @Option(names = "--checkpoint-minutes", paramLabel = "M", defaultValue = "5",
            description = "Also checkpoint within an epoch every M minutes (0: epoch ends only; default: "
                    + "${DEFAULT-VALUE}).")
    double checkpointMinutes;

    @Option(names = "--recipe", paramLabel = "NAME", description = "Training recipe: standard, pgd-at, fgsm-rs, "
            + "gradalign, trades, sam, asam, noise, adv-finetune, ibp, crown-ibp (default: standard).")
    String recipe;

    @Option(names = "--recipe-options", paramLabel = "JSON",
            description = "Recipe options as a JSON object, e.g. '{\"eps\":0.3,\"steps\":10}'.")
    String recipeOptions;

    @Option(names = "--init-model", paramLabel = "MODEL",
            description = "Start from this model's weights (robustj .json or zoo:NAME, same architecture); "
                    + "required by adv-finetune.")
    String initModel;

    @Option(names = "--arch", paramLabel = "NAME", description = "Architecture: mlp, small-cnn, preact-resnet18.")
    String arch;

    @Option(names = "--arch-options", paramLabel = "JSON",
            description = "Architecture options as a JSON object, e.g. '{\"conv1\":32,\"fc\":256}'.")
    String archOptions;

    @Option(names = "--dataset", paramLabel = "NAME", description = "Data set: mnist, fashion-mnist, cifar10, ...")
    String dataset;

    @Option(names = "--n-train", paramLabel = "N", description = "Train on N images (default: all).")
    Integer nTrain;

    @Option(names = "--subset", paramLabel = "RULE", description = "Which N images: first or random (seeded).")
    String subset;

    @Option(names = "--epochs", paramLabel = "E", description = "Number of epochs.")
    Integer epochs;

    @Option(names = "--batch-size", paramLabel = "B", description = "Training batch size.")
    Integer batchSize;

    @Option(names = "--optimizer", paramLabel = "NAME", description = "sgd or adam.")
    String optimizer;

    @Option(names = "--lr", paramLabel = "LR", description = "(Peak) learning rate.")
    Double lr;

    @Option(names = "--momentum", paramLabel = "M", description = "SGD momentum.")
    Double momentum;

    @Option(names = "--weight-decay", paramLabel = "WD", description = "L2 weight decay.")
    Double weightDecay;

    @Option(names = "--nesterov", arity = "0..1", paramLabel = "BOOL", description = "Nesterov momentum (SGD).")
    Boolean nesterov;

    @Option(names = "--schedule", paramLabel = "NAME", description = "constant, step, cosine or one-cycle.")
    String schedule;

    @Option(names = "--milestones", paramLabel = "E1,E2", split = ",",
            description = "Epochs where the step schedule multiplies the rate by --gamma.")
    List<Integer> milestones;

    @Option(names = "--gamma", paramLabel = "G", description = "Decay factor of the step schedule.")
    Double gamma;

    @Option(names = "--augment", paramLabel = "NAME", description = "none or crop-flip.")
    String augment;

    @Option(names = "--seed", paramLabel = "S", description = "Root seed (init, data order, augmentation).")
    Long seed;

    @Option(names = "--eval-size", paramLabel = "N", description = "Test images for the per-epoch accuracy.")
    Integer evalSize;

    @Option(names = "--monitor-complexity", paramLabel = "every=K,...",
            description = {"Record local complexity (density of linear regions) every K steps, next to clean and "
                    + "PGD accuracy, in the log, the card and the progress output (config field "
                    + "probes.complexity). Keys: every (required), radii (several as 0.05/0.5; default 0.05/0.5), "
                    + "directions (25), train_points, test_points, random_points (256 each), eps (PGD accuracy on "
                    + "the test points; none by default), pgd_steps (10), include_logits (false), seed.",
                "Example: --monitor-complexity every=100,radii=0.05/0.5,eps=0.1"})
    String monitorComplexity;

    @Option(names = "--probe", paramLabel = "NAME:every=K,...",
            description = {"Record a training probe every K steps in the log, the card and the progress output "
                    + "(repeatable; config field probes.NAME): accuracy (clean, PGD and FGSM accuracy on held-out "
                    + "points: every, test_points 256, train_points 0, eps, norm, pgd_steps 10, rel_step_size 0.25, "
                    + "fgsm false), ntk (the empirical NTK on fixed training points and its distance to the first "
                    + "kernel: every, points 50, kernel trace|full, top 20), complexity (as --monitor-complexity).",
                "Example: --probe ntk:every=50,points=50 --probe accuracy:every=100,eps=0.3,fgsm=true"})
    List<String> probeOptions;

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        if (checkpointMinutes < 0) {
            throw new InvalidInputException("--checkpoint-minutes must be >= 0, got " + checkpointMinutes);
        }
        Map<String, Object> overrides = overrides(config != null ? TrainConfig.read(config) : TrainConfig.defaults());
        // validate the recipe before touching the engine or the data
        TrainConfig asked = (config != null ? TrainConfig.read(config) : TrainConfig.defaults()).with(overrides);
        Trainer.Output output = Trainer.Output.of(base(asked));
        Path folder = output.json().toAbsolutePath().getParent();
        new Outputs().input("--config", config).folder("--out", folder).file("--out", output.json())
                .file("--out", output.params()).file("--out", output.log()).file("--out", output.checkpoint());
        TrainConfig cfg = asked;
        if (resume) {
            if (!Files.exists(output.checkpoint())) {
                throw new InvalidInputException("nothing to resume: no checkpoint at " + output.checkpoint());
            }
            Checkpoint.State state = Checkpoint.readState(output.checkpoint());
            cfg = state.config();
            TrainConfig wanted = (config != null ? TrainConfig.read(config) : cfg).with(overrides);
            List<String> diff = cfg.differences(wanted);
            if (!diff.isEmpty()) {
                throw new InvalidInputException("--resume continues the checkpoint's recipe, but these fields differ: "
                        + String.join("; ", diff));
            }
        }
        common.apply();
        Dataset train = Datasets.load(cfg.dataset(), "train", dataDir);
        Dataset test = Datasets.load(cfg.dataset(), "test", dataDir);
        o.printf("%s %s %s on %s (%s training images), recipe %s, %s lr %s %s, %d epochs, batch %d, seed %d, "
                + "%d threads%n", resume ? "resuming" : "training", cfg.architecture(),
                cfg.architectureOptions().isEmpty() ? "" : Json.mapper().writer()
                        .without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsString(cfg.architectureOptions()),
                cfg.dataset(), cfg.nTrain() == null ? train.size() : cfg.nTrain(), cfg.recipe(), cfg.optimizer(),
                Bars.lr(cfg.lr()), org.robustj.train.RecipeRegistry.create(cfg).schedule(cfg).isPresent()
                        ? cfg.recipe() + "'s schedule" : cfg.schedule(), cfg.epochs(), cfg.batchSize(), cfg.seed(),
                Engines.threads());
        o.flush();
        Bars bars = new Bars(o, common.quiet);
        Trainer.Settings settings = new Trainer.Settings(output, bars, checkpointMinutes * 60, 500);
        Trainer.Result r;
        try {
            r = resume ? Trainer.resume(train, test, settings) : Trainer.train(cfg, train, test, settings);
        } finally {
            bars.close();
        }
        o.printf("clean accuracy: %.2f%% (%d/%d, %s)%n", 100 * r.clean().accuracy(), r.clean().correctCount(),
                r.clean().n(), r.card().cleanAccuracyOn());
        o.printf("trained %.0f s, %.0f images/s; %d parameters%n", r.trainingSeconds(),
                r.card().results().path("training").path("images_per_second").asDouble(), r.card().parameters());
        o.println("model: " + output.json() + " + " + output.params() + " (weights SHA-256 " + r.card().weightsSha256()
                + ")");
        o.println("log: " + output.log());
        o.flush();
        return 0;
    }

    private Map<String, Object> overrides(TrainConfig base) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (monitorComplexity != null || probeOptions != null) {
            Map<String, Map<String, Object>> probes = new LinkedHashMap<>(base.probes());
            if (monitorComplexity != null) {
                probes.put("complexity", keyValues("--monitor-complexity", monitorComplexity));
            }
            for (String p : probeOptions == null ? List.<String>of() : probeOptions) {
                int colon = p.indexOf(':');
                String name = (colon < 0 ? p : p.substring(0, colon)).strip();
                if (name.isEmpty()) {
                    throw new InvalidInputException("--probe takes NAME:KEY=VALUE,... (e.g. ntk:every=50), got '"
                            + p + "'");
                }
                probes.put(name, colon < 0 ? Map.of() : keyValues("--probe " + name, p.substring(colon + 1)));
            }
            m.put("probes", probes);
        }
        put(m, "recipe", recipe);
        if (recipeOptions != null) {
            try {
                m.put("recipe_options", Json.mapper().readValue(recipeOptions,
                        new TypeReference<Map<String, Object>>() {}));
            } catch (IOException e) {
                throw new InvalidInputException("--recipe-options must be a JSON object, e.g. '{\"eps\":0.3}', got "
                        + recipeOptions);
            }
        }
        put(m, "init_model", initModel);
        put(m, "architecture", arch);
        if (archOptions != null) {
            try {
                m.put("architecture_options", Json.mapper().readValue(archOptions,
                        new TypeReference<Map<String, Object>>() {}));
            } catch (IOException e) {
                throw new InvalidInputException("--arch-options must be a JSON object, e.g. '{\"conv1\":32}', got "
                        + archOptions);
            }
        }
        put(m, "dataset", dataset);
        put(m, "n_train", nTrain);
        put(m, "subset", subset);
        put(m, "epochs", epochs);
        put(m, "batch_size", batchSize);
        put(m, "optimizer", optimizer);
        put(m, "lr", lr);
        put(m, "momentum", momentum);
        put(m, "weight_decay", weightDecay);
        put(m, "nesterov", nesterov);
        put(m, "schedule", schedule);
        put(m, "milestones", milestones);
        put(m, "gamma", gamma);
        put(m, "augmentation", augment);
        put(m, "seed", seed);
        put(m, "eval_size", evalSize);
        return m;
    }

    /**
     * {@code k=v,k=v} with numbers, {@code true}/{@code false}, words, and lists of numbers written {@code a/b}.
     */
    static Map<String, Object> keyValues(String option, String text) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String part : text.split(",")) {
            String p = part.strip();
            if (p.isEmpty()) continue;
            int eq = p.indexOf('=');
            if (eq < 1) {
                throw new InvalidInputException(option + " takes KEY=VALUE pairs separated by commas (e.g. "
                        + "every=100,radii=0.05/0.5), got '" + p + "'");
            }
            String k = p.substring(0, eq).strip();
            String v = p.substring(eq + 1).strip();
            if (v.contains("/")) {
                List<Object> l = new java.util.ArrayList<>();
                for (String x : v.split("/")) l.add(scalar(x.strip()));
                out.put(k, l);
            } else {
                out.put(k, scalar(v));
            }
        }
        return out;
    }

    private static Object scalar(String v) {
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) return Boolean.parseBoolean(v);
        try {
            return v.matches("-?\\d+") ? (Object) Long.parseLong(v) : (Object) Double.parseDouble(v);
        } catch (NumberFormatException e) {
            return v;
        }
    }

    private static void put(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }

    /** The output base: --out as given, or a folder plus a default name. */
    private Path base(TrainConfig c) {
        String name = config != null ? config.getFileName().toString().replaceFirst("\\.json$", "")
                : c.dataset() + "-" + c.architecture();
        if (out == null) {
            return Path.of("runs", name);
        }
        Path p = Path.of(out);
        if (out.endsWith("/") || Files.isDirectory(p)) {
            return p.resolve(name);
        }
        return p;
    }

    /** Progress bars per epoch and for the final evaluation, plus one printed line per epoch. */
    static final class Bars implements TrainingListener, AutoCloseable {
        private final PrintWriter out;
        private final boolean quiet;
        private Progress bar;
        private int barEpoch = -1;

        Bars(PrintWriter out, boolean quiet) {
            this.out = out;
            this.quiet = quiet;
        }

        @Override
        public void onStart(TrainConfig config, int trainSize, int stepsPerEpoch, int epoch, int step) {
            if (step > 0 || epoch > 0) {
                out.printf("continuing at epoch %d, step %d of %d%n", epoch + 1, step + 1, stepsPerEpoch);
                out.flush();
            }
        }

        @Override
        public void onStep(TrainingListener.Status p) {
            if (bar == null || barEpoch != p.epoch()) {
                close();
                bar = new Progress(String.format("epoch %d/%d", p.epoch() + 1, p.epochs()), p.imagesPerEpoch(),
                        "img", "epoch ETA", quiet);
                barEpoch = p.epoch();
            }
            bar.stepTo(p.imagesDone());
            bar.extra(stepExtra(p));
        }

        /**
         * What the epoch bar adds to its own count, speed and epoch ETA: loss, accuracy, the learning rate and
         * the ETA of the whole run (the bar's throughput is the only one shown).
         */
        static String stepExtra(TrainingListener.Status p) {
            return String.format(Locale.ROOT, "loss %.4f, acc %.2f%%, lr %s, run ETA %s", p.loss(), 100 * p.accuracy(),
                    lr(p.lr()), Progress.clock(p.etaSeconds()));
        }

        @Override
        public void onEpoch(EpochLog l, int epochs) {
            close();
            out.printf(Locale.ROOT, "epoch %d/%d: loss %.4f, train acc %.2f%%, test acc %s, lr %s, %.1f s, "
                    + "%.0f img/s%n", l.epoch(), epochs, l.trainLoss(), 100 * l.trainAccuracy(),
                    l.testAccuracy() == null ? "n/a" : String.format(Locale.ROOT, "%.2f%%", 100 * l.testAccuracy()),
                    lr(l.lr()), l.seconds(), l.imagesPerSecond());
            if (l.trainPgdAccuracy() != null) {
                out.printf(Locale.ROOT, "  PGD accuracy: train subset %.2f%%, test subset %s; gradient alignment %.3f%n",
                        100 * l.trainPgdAccuracy(), l.testPgdAccuracy() == null ? "n/a"
                                : String.format(Locale.ROOT, "%.2f%%", 100 * l.testPgdAccuracy()),
                        l.gradientAlignment());
            }
            out.flush();
        }

        @Override
        public void onProbe(org.robustj.train.ProbePoint point, String summary) {
            close();
            out.printf(Locale.ROOT, "  step %d (epoch %d) %s: %s%n", point.step(), point.epoch(), point.probe(), summary);
            out.flush();
        }

        @Override
        public void onMessage(String message) {
            close();
            out.println("warning: " + message);
            out.flush();
        }

        @Override
        public void onFinalEvaluation(int done, int total) {
            if (bar == null || barEpoch != -2) {
                close();
                bar = new Progress("clean test", total, "img", quiet);
                barEpoch = -2;
            }
            bar.stepTo(done);
        }

        @Override
        public void close() {
            if (bar != null) {
                bar.close();
                bar = null;
            }
        }

        /**
         * A learning rate with three significant digits in the notation that shows them: {@code 0.1},
         * {@code 0.00316}, {@code 1.00e-04}; exactly 0 (the end of a decaying schedule) is {@code 0}.
         */
        static String lr(double lr) {
            if (lr == 0) return "0";
            double a = Math.abs(lr);
            if (a >= 1e-3 && a < 1e4) {
                return new java.math.BigDecimal(lr).round(new java.math.MathContext(3)).stripTrailingZeros()
                        .toPlainString();
            }
            return String.format(Locale.ROOT, "%.2e", lr);
        }
    }
}
