package org.robustj.diagnose.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.robustj.data.Dataset;
import org.robustj.data.Datasets;
import org.robustj.diagnose.DiagnosticListener;
import org.robustj.diagnose.Series;
import org.robustj.errors.DataFormatException;
import org.robustj.errors.InvalidInputException;
import org.robustj.train.EpochLog;
import org.robustj.train.ProbePoint;
import org.robustj.train.TrainConfig;
import org.robustj.train.Trainer;

/**
 * Catastrophic overfitting of fast adversarial training (Wong, Rice &amp; Kolter 2020, arXiv 2001.03994;
 * Andriushchenko &amp; Flammarion 2020, arXiv 2007.02617) on MNIST at L∞ ε = 0.3: the same small CNN trained three
 * times, identical except for the recipe: plain FGSM ({@code fgsm-rs} with {@code init: zero}), FGSM-RS (random
 * start) and GradAlign (FGSM plus the gradient-alignment regulariser, λ = 10). Every k steps the trainer's
 * {@code monitor} (the catastrophic-overfitting guard) measures PGD-10 accuracy on 256 fixed training images and
 * the gradient alignment cos(∇ₓℓ(x), ∇ₓℓ(x+η)), and the {@code accuracy} probe measures clean, FGSM and PGD-10
 * accuracy on held-out test images.
 *
 * <p>The set-up is that of {@code recipes/mnist-cnn-fgsm-rs.json} and {@code mnist-cnn-gradalign.json} (which
 * trained {@code zoo:mnist-cnn-fgsm-rs} and {@code zoo:mnist-cnn-gradalign} on all 60,000 training images for 10
 * epochs) at small scale: Wong et al.'s small CNN ({@code small-cnn} conv 16/32 4×4 stride 2, fc 100), batch 128,
 * Adam 1e-3, seed 0, α = 1.25·ε, ε reached by a linear warm-up, on 8,000 bundled MNIST test images (2,000–9,999,
 * so it needs no download); the held-out points are test images 0–499, disjoint from them. Full run: 16 epochs
 * (1,008 steps), warm-up 2 epochs, measured every 63 steps (once per epoch); quick: 8 epochs (504 steps), warm-up
 * 1 epoch, every 25 steps. Passing {@code trainImages = 0} trains on the MNIST training set instead.
 */
public final class CatastrophicOverfittingExperiment implements Experiment {
    /** The three runs, in order. */
    static final List<String> MEMBERS = List.of("fgsm", "fgsm-rs", "gradalign");

    /** L∞ radius of training and of every measurement. */
    static final double EPS = 0.3;

    @Override
    public String name() {
        return "catastrophic-overfitting";
    }

    @Override
    public String description() {
        return "plain FGSM training on MNIST (eps 0.3) overfits catastrophically (PGD accuracy 0%, gradient "
                + "alignment collapsing) while FGSM-RS and GradAlign do not";
    }

    @Override
    public String claim() {
        return "Wong, Rice and Kolter (\"Fast is better than free\", ICLR 2020, arXiv 2001.03994) and Andriushchenko "
                + "and Flammarion (\"Understanding and improving fast adversarial training\", NeurIPS 2020, arXiv "
                + "2007.02617): single-step FGSM adversarial training can overfit catastrophically: the model becomes "
                + "robust to the FGSM step it is trained on while its accuracy under a multi-step PGD attack falls to "
                + "about 0. It goes with a loss of local linearity, visible as a collapse of the gradient alignment "
                + "cos(grad l(x), grad l(x + eta)). A random start (FGSM-RS) postpones it, and GradAlign's alignment "
                + "regulariser prevents it, at a higher cost per step.";
    }

    /**
     * The run's sizes.
     *
     * @param trainImages training images: 0 for the MNIST training set (60,000), else that many bundled test images
     *     from index 2,000 on
     * @param heldOut held-out test images the accuracy probe measures (the first ones)
     */
    record Plan(int trainImages, int heldOut, int epochs, int batch, double warmupEpochs, int every, int evalSize) {}

    static Plan plan(boolean quick) {
        return quick ? new Plan(8000, 500, 8, 128, 1, 25, 0)
                : new Plan(8000, 500, 16, 128, 2, 63, 0);
    }

    /**
     * The training config of one member: the committed recipe's fields (the full run's equal
     * {@code recipes/mnist-cnn-fgsm-rs.json} and {@code mnist-cnn-gradalign.json} except for {@code probes}), with
     * the plan's sizes and the accuracy probe.
     */
    static TrainConfig config(String member, Plan p, long seed) {
        Map<String, Object> recipe = new LinkedHashMap<>();
        recipe.put("norm", "linf");
        recipe.put("eps", EPS);
        if (member.equals("gradalign")) recipe.put("lambda", 10.0);
        recipe.put("alpha", 1.25);
        recipe.put("init", member.equals("fgsm-rs") ? "random" : "zero");
        if (!member.equals("gradalign")) recipe.put("attack_mode", "train");
        double w = p.warmupEpochs();
        recipe.put("warmup_epochs", w == Math.rint(w) ? (Object) (int) w : (Object) w); // as the recipe files write it
        Map<String, Object> monitor = new LinkedHashMap<>();
        monitor.put("norm", "linf");
        monitor.put("eps", EPS);
        monitor.put("pgd_steps", 10);
        monitor.put("rel_step_size", 0.25);
        monitor.put("train_points", 256);
        monitor.put("test_points", 256);
        monitor.put("every_steps", p.every());
        monitor.put("collapse_drop", 0.2);
        monitor.put("keep_best", true);
        Map<String, Object> probe = new LinkedHashMap<>();
        probe.put("every", p.every());
        probe.put("test_points", p.heldOut());
        probe.put("eps", EPS);
        probe.put("pgd_steps", 10);
        probe.put("rel_step_size", 0.25);
        probe.put("fgsm", true);
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("recipe", member.equals("gradalign") ? "gradalign" : "fgsm-rs");
        c.put("recipe_options", recipe);
        c.put("architecture", "small-cnn");
        c.put("architecture_options", Map.of("conv1", 16, "conv2", 32, "fc", 100, "kernel", 4, "stride", 2,
                "padding", 1, "pool", false));
        c.put("dataset", "mnist");
        c.put("epochs", p.epochs());
        c.put("batch_size", p.batch());
        c.put("optimizer", "adam");
        c.put("lr", 0.001);
        c.put("weight_decay", 0.0);
        c.put("schedule", "constant");
        c.put("augmentation", "none");
        c.put("seed", seed);
        c.put("eval_size", p.evalSize());
        c.put("monitor", monitor);
        c.put("probes", Map.of("accuracy", probe));
        return TrainConfig.of(c);
    }

    /** What one training run recorded. */
    record Run(String member, TrainConfig config, List<ProbePoint> probe, JsonNode monitor, List<EpochLog> log,
            double seconds, double cleanAccuracy, Long collapseStep) {}

    @Override
    public ExperimentResult run(ExperimentContext ctx) {
        Plan p = plan(ctx.quick());
        ExperimentResult.Builder b = ExperimentResult.builder(this, ctx);
        Dataset test = Datasets.load("mnist", "test");
        Dataset train;
        String trainName;
        if (p.trainImages() == 0) {
            try {
                train = Datasets.load("mnist", "train");
            } catch (DataFormatException e) {
                throw new InvalidInputException("the full catastrophic-overfitting run trains on the 60,000 MNIST "
                        + "training images: fetch them first (robustj data fetch mnist), or run it with --quick ("
                        + e.getMessage() + ")");
            }
            trainName = "the MNIST training set (" + train.size() + " images)";
        } else {
            int[] idx = new int[p.trainImages()];
            for (int i = 0; i < idx.length; i++) idx[i] = 2000 + i;
            train = test.subset(idx);
            trainName = "MNIST test images 2000.." + (2000 + p.trainImages() - 1);
        }
        Dataset heldOut = test.first(p.heldOut());
        // quick: the trainer's test set (final evaluation, monitor) is the held-out part only, disjoint from training
        Dataset trainerTest = p.trainImages() == 0 ? test : heldOut;
        int stepsPerEpoch = (train.size() + p.batch() - 1) / p.batch();
        long steps = (long) stepsPerEpoch * p.epochs();
        Path dir;
        try {
            dir = ctx.workDirOrTemp(name());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        DiagnosticListener l = ctx.listener();
        List<Run> runs = new ArrayList<>();
        for (String member : MEMBERS) {
            TrainConfig cfg = config(member, p, ctx.seed());
            ProbeRecorder recorder = new ProbeRecorder(l, member + ": ");
            List<ProbePoint> points = recorder.points();
            l.stageStarted("training " + member + ", " + steps + " steps", steps, "step");
            Trainer.Result r;
            try {
                Files.deleteIfExists(dir.resolve(member + ".checkpoint"));
                r = Trainer.train(cfg, train, trainerTest, Trainer.Settings.of(dir.resolve(member))
                        .withListener(recorder));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                l.stageFinished();
            }
            JsonNode mon = r.card().results().path("monitor");
            Long collapse = mon.has("collapse_step") ? mon.get("collapse_step").asLong() : null;
            runs.add(new Run(member, cfg, points, mon, r.log(), r.trainingSeconds(), r.clean().accuracy(), collapse));
            ProbePoint last = points.get(points.size() - 1);
            l.log(String.format(Locale.ROOT, "%s: %.0f s; held-out clean %.1f%%, FGSM %.1f%%, PGD %.1f%% at step %d%s",
                    member, r.trainingSeconds(), 100 * last.values().path("test_accuracy").asDouble(),
                    100 * last.values().path("test_fgsm_accuracy").asDouble(),
                    100 * last.values().path("test_pgd_accuracy").asDouble(), last.step(),
                    collapse == null ? "" : "; flagged at step " + collapse));
        }
        record(b, p, runs, steps, stepsPerEpoch, trainName, heldOut.size());
        return b.build();
    }

    private void record(ExperimentResult.Builder b, Plan p, List<Run> runs, long steps, int stepsPerEpoch,
            String trainName, int heldOut) {
        b.config("plan", p).config("train", trainName).config("held_out", "MNIST test images 0.." + (heldOut - 1))
                .config("steps", steps).config("steps_per_epoch", stepsPerEpoch);
        Map<String, Object> recipes = new LinkedHashMap<>();
        for (Run r : runs) recipes.put(r.member(), r.config().toJson());
        b.config("recipes", recipes);
        // the probe measures at step 0 and every k steps; the monitor every k steps and after each epoch
        List<String> at = new ArrayList<>();
        for (ProbePoint pt : runs.get(0).probe()) at.add(Long.toString(pt.step()));
        String[] probeKeys = {"test_accuracy", "test_fgsm_accuracy", "test_pgd_accuracy"};
        String[] probeSeries = {"clean_accuracy", "fgsm_accuracy", "pgd_accuracy"};
        String[] probeTitles = {"Clean accuracy on held-out points", "FGSM accuracy on held-out points",
            "PGD-10 accuracy on held-out points"};
        String[] probeDesc = {"clean accuracy on the " + heldOut + " held-out test images, every " + p.every()
                + " steps", "accuracy under FGSM (one step of eps = 0.3, the attack FGSM training fits) on the same "
                + "points", "accuracy under PGD-10 (step eps/4, one random start, eps = 0.3) on the same points"};
        for (int k = 0; k < probeKeys.length; k++) {
            Series.Builder s = Series.builder(probeSeries[k], probeTitles[k], probeDesc[k], "step", at);
            for (Run r : runs) s.condition(r.member(), probeValues(r, at, probeKeys[k]));
            b.series(s.build());
        }
        Series.Builder align = Series.builder("gradient_alignment", "Gradient alignment", "mean over the monitor's "
                + "256 training images of cos(grad l(x), grad l(x + eta)), eta ~ U[-eps, eps]^d (the monitor's "
                + "measurement; none at step 0)", "step", at);
        Series.Builder trainPgd = Series.builder("train_pgd_accuracy", "PGD-10 accuracy on the monitor's training "
                + "images", "the catastrophic-overfitting guard's PGD-10 accuracy on 256 fixed training images", "step",
                at);
        for (Run r : runs) {
            align.condition(r.member(), monitorValues(r, at, "gradient_alignment"));
            trainPgd.condition(r.member(), monitorValues(r, at, "train_pgd_accuracy"));
        }
        b.series(align.build());
        b.series(trainPgd.build());
        List<String> epochs = new ArrayList<>();
        for (EpochLog e : runs.get(0).log()) epochs.add(Integer.toString(e.epoch()));
        Series.Builder own = Series.builder("train_accuracy_own_attack", "Training accuracy on the recipe's own "
                + "adversarial inputs", "accuracy on the inputs trained on (FGSM, FGSM-RS or GradAlign's FGSM points, "
                + "at the warm-up's eps), in training mode, per epoch", "epoch", epochs);
        for (Run r : runs) own.condition(r.member(), r.log().stream().mapToDouble(EpochLog::trainAccuracy).toArray());
        b.series(own.build());

        Map<String, Run> by = new LinkedHashMap<>();
        for (Run r : runs) by.put(r.member(), r);
        for (Run r : runs) {
            String m = r.member();
            ProbePoint last = r.probe().get(r.probe().size() - 1);
            b.number(m + ".final.test_accuracy", last.values().path("test_accuracy").asDouble());
            b.number(m + ".final.test_fgsm_accuracy", last.values().path("test_fgsm_accuracy").asDouble());
            b.number(m + ".final.test_pgd_accuracy", last.values().path("test_pgd_accuracy").asDouble());
            b.number(m + ".best.test_pgd_accuracy", max(probeValues(r, at, "test_pgd_accuracy")));
            b.number(m + ".final.gradient_alignment", lastMonitor(r, "gradient_alignment"));
            b.number(m + ".min.gradient_alignment", min(monitorValues(r, at, "gradient_alignment")));
            b.number(m + ".final.train_pgd_accuracy", lastMonitor(r, "train_pgd_accuracy"));
            b.number(m + ".final.train_accuracy_own_attack", r.log().get(r.log().size() - 1).trainAccuracy());
            b.number(m + ".clean_accuracy_saved_model", r.cleanAccuracy());
            b.number(m + ".collapse_step", r.collapseStep() == null ? Double.NaN : r.collapseStep());
            b.number(m + ".training_seconds", r.seconds());
        }
        Run fgsm = by.get("fgsm");
        Run rs = by.get("fgsm-rs");
        Run ga = by.get("gradalign");
        double fPgd = b0(fgsm, "test_pgd_accuracy");
        double fFgsm = b0(fgsm, "test_fgsm_accuracy");
        double rsPgd = b0(rs, "test_pgd_accuracy");
        double gaPgd = b0(ga, "test_pgd_accuracy");
        b.number("gradalign.time_per_fgsm_time", ga.seconds() / fgsm.seconds());
        b.finding("plain FGSM training overfits catastrophically: robust to its own FGSM step, not to PGD (final "
                + "held-out FGSM accuracy at least 40 points above PGD accuracy, PGD accuracy at most 5%)",
                fPgd <= 0.05 && fFgsm - fPgd >= 0.40, String.format(Locale.ROOT, "FGSM run at step %s: FGSM accuracy "
                        + "%.1f%%, PGD accuracy %.1f%% (best %.1f%%), clean %.1f%%", at.get(at.size() - 1), 100 * fFgsm,
                        100 * fPgd, 100 * max(probeValues(fgsm, at, "test_pgd_accuracy")), 100 * b0(fgsm,
                                "test_accuracy")));
        b.finding("its gradient alignment collapses: the guard flags the FGSM run (alignment below 0.2 twice in a "
                + "row, or PGD accuracy 20 points below its best)", fgsm.collapseStep() != null, String.format(
                        Locale.ROOT, "FGSM run: %s; alignment min %.2f, final %.2f",
                        fgsm.collapseStep() == null ? "never flagged" : "flagged at step " + fgsm.collapseStep(),
                        min(monitorValues(fgsm, at, "gradient_alignment")), lastMonitor(fgsm, "gradient_alignment")));
        double gaMin = min(monitorValues(ga, at, "gradient_alignment"));
        b.finding("GradAlign prevents it: never flagged, gradient alignment never below 0.5", ga.collapseStep() == null
                && gaMin >= 0.5, String.format(Locale.ROOT, "GradAlign run: %s; alignment min %.2f, final %.2f",
                        ga.collapseStep() == null ? "never flagged" : "flagged at step " + ga.collapseStep(), gaMin,
                        lastMonitor(ga, "gradient_alignment")));
        double rsMin = min(monitorValues(rs, at, "gradient_alignment"));
        b.finding("FGSM-RS's random start avoids it in this run: never flagged, gradient alignment never below 0.5",
                rs.collapseStep() == null && rsMin >= 0.5, String.format(Locale.ROOT, "FGSM-RS run: %s; alignment min "
                        + "%.2f, final %.2f", rs.collapseStep() == null ? "never flagged" : "flagged at step "
                        + rs.collapseStep(), rsMin, lastMonitor(rs, "gradient_alignment")));
        b.finding("FGSM-RS and GradAlign end with a higher held-out PGD accuracy than plain FGSM (by at least 10 "
                + "points each)", rsPgd - fPgd >= 0.10 && gaPgd - fPgd >= 0.10, String.format(Locale.ROOT,
                        "final PGD accuracy: FGSM %.1f%%, FGSM-RS %.1f%%, GradAlign %.1f%%", 100 * fPgd, 100 * rsPgd,
                        100 * gaPgd));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Run r : runs) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("member", r.member());
            row.put("accuracy_probe", r.probe());
            row.put("monitor", r.monitor());
            row.put("epochs", r.log());
            rows.add(row);
        }
        b.detail("runs", rows);
        b.note("training images: " + trainName + "; held-out points: MNIST test images 0-" + (heldOut - 1)
                + (trainName.startsWith("MNIST test") ? ", disjoint from them" : ""));
        b.note("eps grows linearly from 0 to 0.3 over the first " + p.warmupEpochs() + " epoch(s) ("
                + (long) (p.warmupEpochs() * stepsPerEpoch) + " steps); every measurement uses eps = 0.3");
        b.note("the monitor keeps the best weights of a flagged run (keep_best, the reference's early stopping): the "
                + "saved model's clean accuracy (clean_accuracy_saved_model) is then that of the early-stopped weights; "
                + "every curve here is of the weights at that step");
        b.note(steps + " steps (the recipes behind zoo:mnist-cnn-fgsm-rs and zoo:mnist-cnn-gradalign take 4,690 on "
                + "60,000 images, where GradAlign's PGD accuracy rose past 30% only after about 2,000 steps): the "
                + "robust recipes have had less time to learn here");
    }

    /** The last probe value of {@code key}. */
    private static double b0(Run r, String key) {
        return r.probe().get(r.probe().size() - 1).values().path(key).asDouble(Double.NaN);
    }

    private static double[] probeValues(Run r, List<String> at, String key) {
        Map<String, Double> v = new LinkedHashMap<>();
        for (ProbePoint pt : r.probe()) v.put(Long.toString(pt.step()), pt.values().path(key).asDouble(Double.NaN));
        double[] out = new double[at.size()];
        for (int i = 0; i < out.length; i++) out[i] = v.getOrDefault(at.get(i), Double.NaN);
        return out;
    }

    private static double[] monitorValues(Run r, List<String> at, String key) {
        String field = key.equals("gradient_alignment") ? "gradient_alignment" : "train_pgd_accuracy";
        Map<String, Double> v = new LinkedHashMap<>();
        for (JsonNode pt : r.monitor().path("points")) v.put(pt.path("step").asText(), pt.path(field).asDouble());
        double[] out = new double[at.size()];
        for (int i = 0; i < out.length; i++) out[i] = v.getOrDefault(at.get(i), Double.NaN);
        return out;
    }

    private static double lastMonitor(Run r, String key) {
        JsonNode pts = r.monitor().path("points");
        return pts.size() == 0 ? Double.NaN : pts.get(pts.size() - 1).path(key).asDouble();
    }

    private static double max(double[] v) {
        double m = Double.NaN;
        for (double x : v) if (Double.isFinite(x) && !(x <= m)) m = x;
        return m;
    }

    private static double min(double[] v) {
        double m = Double.NaN;
        for (double x : v) if (Double.isFinite(x) && !(x >= m)) m = x;
        return m;
    }
}
