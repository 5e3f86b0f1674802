package org.robustj.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.robustj.data.Dataset;
import org.robustj.errors.InvalidInputException;
import org.robustj.eval.CleanEvaluation;
import org.robustj.io.AtomicFiles;
import org.robustj.io.Json;
import org.robustj.model.BlockClassifier;
import org.robustj.model.Classifier;
import org.robustj.model.ModelCard;
import org.robustj.model.Models;
import org.robustj.provenance.FileHash;
import org.robustj.provenance.Provenance;
import org.robustj.provenance.Seeds;
import org.robustj.tensor.Engines;

/**
 * Trains a built-in architecture with a {@link TrainingRecipe}, writing a checkpoint and a log line after every
 * epoch (and every {@link Settings#checkpointSeconds()} within one), and ends with a clean evaluation on the
 * test set and a saved model ({@code BASE.json} card + {@code BASE.params} weights).
 *
 * <p>Determinism: every random choice derives from the config's root seed with {@link Seeds}: the initial
 * weights ({@code init}), the training subset ({@code subset}), the data order of epoch e
 * ({@code shuffle/e}), the augmentation and the recipe's generator of step s of epoch e
 * ({@code augment/e/s}, {@code recipe/e/s}). The learning rate is a function of the step. So a run resumed
 * from a checkpoint ends with the same weights as an uninterrupted one (same engine and thread count).
 *
 * <p>Each step: the batch (augmented on the Java side) → {@link TrainingRecipe#prepare} with weight gradients
 * off → {@link TrainingRecipe#gradients}: by default one weight-gradient collector around
 * {@link TrainingRecipe#loss} and backward (SAM runs two) → {@link Optimizer#step}
 * at the scheduled rate → gradients zeroed. Every temporary lives in a per-step sub-manager.
 */
public final class Trainer {
    private Trainer() {}

    /** The files of a run with base path {@code base}: card, weights, checkpoint and log. */
    public record Output(Path base) {
        /** The output of a base path; a trailing {@code .json} or {@code .params} is dropped. */
        public static Output of(Path base) {
            String b = base.toString().replaceFirst("\\.(json|params)$", "");
            return new Output(Path.of(b));
        }

        public Path json() {
            return sibling(".json");
        }

        public Path params() {
            return sibling(".params");
        }

        public Path checkpoint() {
            return sibling(".checkpoint");
        }

        public Path log() {
            return sibling(".log.jsonl");
        }

        /** The model's name: the base file name. */
        public String name() {
            return base.getFileName().toString();
        }

        private Path sibling(String ext) {
            return base.resolveSibling(base.getFileName() + ext);
        }
    }

    /**
     * How to run (settings that do not change the trained weights).
     *
     * @param checkpointSeconds also checkpoint within an epoch when this many seconds passed since the last
     *     checkpoint (0: only at the end of each epoch)
     * @param evalBatchSize batch size of the evaluations
     */
    public record Settings(Output output, TrainingListener listener, double checkpointSeconds, int evalBatchSize) {
        public Settings {
            listener = listener == null ? new TrainingListener() {} : listener;
            if (evalBatchSize < 1) {
                throw new IllegalArgumentException("evalBatchSize must be >= 1, got " + evalBatchSize);
            }
        }

        /** Settings with no listener, epoch checkpoints only and evaluation batches of 500. */
        public static Settings of(Path base) {
            return new Settings(Output.of(base), null, 0, 500);
        }

        /** These settings with a listener. */
        public Settings withListener(TrainingListener l) {
            return new Settings(output, l, checkpointSeconds, evalBatchSize);
        }

        /** These settings with a checkpoint interval. */
        public Settings withCheckpointSeconds(double s) {
            return new Settings(output, listener, s, evalBatchSize);
        }
    }

    /** The outcome of a run: the saved card, the log, the final clean evaluation and the training time. */
    public record Result(ModelCard card, List<EpochLog> log, CleanEvaluation.Result clean, Output output,
            double trainingSeconds) {}

    /** Trains from scratch. Refuses to start over an unfinished run's checkpoint. */
    public static Result train(TrainConfig config, Dataset train, Dataset test, Settings settings) {
        // engine set-up before the first tensor: it chooses the convolution kernels (Engines.ONEDNN)
        Engines.pytorch();
        Path ckpt = settings.output().checkpoint();
        if (Files.exists(ckpt)) {
            throw new InvalidInputException("an unfinished run's checkpoint exists at " + ckpt
                    + "; resume it (robustj train --resume) or delete it");
        }
        checkData(config, train, test);
        Dataset subset = trainingSubset(train, config);
        try (NDManager base = NDManager.newBaseManager()) {
            ModelCard card = initialCard(config, settings.output(), subset);
            String[] initSha = new String[1];
            BlockClassifier model = config.initModel() == null
                    ? BlockClassifier.create(base, card, Seeds.derive(config.seed(), "init"))
                    : fromInitModel(base, card, config, subset, initSha);
            if (config.initModel() == null) {
                RecipeRegistry.create(config).initialise(model, Seeds.derive(config.seed(), "recipe-init"));
            }
            try (Optimizer opt = Optimizer.create(config, model)) {
                checkGradientKernels(model, opt);
                Checkpoint.State start = new Checkpoint.State(Checkpoint.FORMAT, config, 0, 0, 0, 0, 0, 0, 0,
                        List.of(), subset.files(), opt.name(), 0, MonitorState.empty(), initSha[0], List.of());
                return new Run(config, subset, test, settings, model, opt).run(start);
            }
        }
    }

    /**
     * The model's own layers checked against oneDNN's gradient bug ({@link Models#checkGradientKernels}) before the
     * first step; the check's backward pass reaches the weights, so their gradients are zeroed afterwards.
     */
    private static void checkGradientKernels(BlockClassifier model, Optimizer opt) {
        Models.checkGradientKernels(model, "the model being trained");
        opt.zeroGradients();
    }

    /** Continues the run whose checkpoint is at {@code settings.output().checkpoint()}. */
    public static Result resume(Dataset train, Dataset test, Settings settings) {
        Engines.pytorch();
        Checkpoint.Loaded ck = Checkpoint.read(settings.output().checkpoint());
        TrainConfig config = ck.state().config();
        checkData(config, train, test);
        Dataset subset = trainingSubset(train, config);
        if (!hashes(subset.files()).equals(hashes(ck.state().trainFiles()))) {
            throw new InvalidInputException("the training data differs from the checkpoint's (SHA-256 "
                    + hashes(subset.files()) + " vs " + hashes(ck.state().trainFiles()) + ")");
        }
        try (NDManager base = NDManager.newBaseManager()) {
            BlockClassifier model = BlockClassifier.load(base, initialCard(config, settings.output(), subset),
                    new DataInputStream(new ByteArrayInputStream(ck.weights())),
                    settings.output().checkpoint().toString());
            try (Optimizer opt = Optimizer.create(config, model)) {
                checkGradientKernels(model, opt);
                if (!opt.name().equals(ck.state().optimizer())) {
                    throw new InvalidInputException("checkpoint optimizer " + ck.state().optimizer()
                            + " does not match the config's " + opt.name());
                }
                opt.load(ck.state().optimizerSteps(), ck.optimizerState());
                return new Run(config, subset, test, settings, model, opt).run(ck.state());
            }
        }
    }

    /**
     * A network with the weights of the config's {@code init_model}, which must be a robustj model with the
     * config's architecture and options and the data's input shape and classes.
     */
    private static BlockClassifier fromInitModel(NDManager base, ModelCard card, TrainConfig config, Dataset data,
            String[] sha256) {
        String ref = config.initModel();
        byte[] weights;
        try (Classifier init = Models.open(base, ref, data.sampleShape())) {
            if (!(init instanceof BlockClassifier b)) {
                throw new InvalidInputException("init_model " + ref + " is not a robustj model (TorchScript models "
                        + "cannot be fine-tuned)");
            }
            ModelCard ic = b.card();
            if (!config.architecture().equals(ic.architecture())
                    || !Json.tree(config.architectureOptions()).equals(Json.tree(ic.architectureOptions() == null
                            ? java.util.Map.of() : ic.architectureOptions()))) {
                throw new InvalidInputException("init_model " + ref + " is " + ic.architecture() + " "
                        + ic.architectureOptions() + " but the config trains " + config.architecture() + " "
                        + config.architectureOptions());
            }
            Models.checkFits(b, data);
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
                b.save(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            weights = bytes.toByteArray();
            sha256[0] = b.sha256();
        }
        return BlockClassifier.load(base, card, new DataInputStream(new ByteArrayInputStream(weights)), ref);
    }

    /** The training images a config selects: all, the first {@code n_train}, or a seeded random subset. */
    public static Dataset trainingSubset(Dataset train, TrainConfig config) {
        Integer n = config.nTrain();
        if (n == null) {
            return train;
        }
        if (n > train.size()) {
            throw new InvalidInputException("n_train must be at most " + train.size() + " for " + train.name()
                    + ", got " + n);
        }
        if (config.subset().equals("first")) {
            return train.first(n);
        }
        int[] idx = Arrays.copyOf(train.shuffledIndices(Seeds.derive(config.seed(), "subset")), n);
        Arrays.sort(idx);
        return train.subset(idx);
    }

    private static void checkData(TrainConfig config, Dataset train, Dataset test) {
        if (!train.name().equals(test.name())) {
            throw new IllegalArgumentException("training set " + train.name() + " and test set " + test.name()
                    + " differ");
        }
        if (!train.sampleShape().equals(test.sampleShape()) || train.numClasses() != test.numClasses()) {
            throw new IllegalArgumentException("training and test sets differ in shape or classes");
        }
    }

    private static List<String> hashes(List<FileHash> files) {
        return files.stream().map(FileHash::sha256).toList();
    }

    private static ModelCard initialCard(TrainConfig c, Output out, Dataset train) {
        List<Long> shape = new ArrayList<>();
        for (long d : train.sampleShape().getShape()) shape.add(d);
        return new ModelCard(out.name(), ModelCard.ROBUSTJ_FORMAT, c.architecture(), c.architectureOptions(),
                c.dataset(), shape, train.numClasses(), train.classNames(), c.toJson(), c.seed(), null, null, null,
                null, null, null, null);
    }

    /** One run in progress: the mutable state of the loop. */
    private static final class Run {
        private final TrainConfig config;
        private final Dataset train;
        private final Dataset test;
        private final Settings settings;
        private final BlockClassifier model;
        private final Optimizer optimizer;
        private final TrainingRecipe recipe;
        private final LrSchedule schedule;
        private final Augmentation augmentation;
        private final int stepsPerEpoch;
        private final long totalSteps;
        private final String gitCommit;

        private int epoch;
        private int stepInEpoch;
        private long globalStep;
        private double lossSum;
        private long correct;
        private long seen;
        private double epochSeconds;
        private final List<EpochLog> history = new ArrayList<>();
        private double lastLr;
        private final RobustMonitor monitor;
        private MonitorState monitorState = MonitorState.empty();
        private String initSha256;
        private final List<TrainingProbe> probes;
        private final List<ProbePoint> probePoints = new ArrayList<>();

        Run(TrainConfig config, Dataset train, Dataset test, Settings settings, BlockClassifier model,
                Optimizer optimizer) {
            this.config = config;
            this.train = train;
            this.test = test;
            this.settings = settings;
            this.model = model;
            this.optimizer = optimizer;
            this.recipe = RecipeRegistry.create(config);
            this.schedule = recipe.schedule(config).orElseGet(() -> LrSchedule.of(config));
            this.augmentation = Augmentation.of(config.augmentation());
            this.stepsPerEpoch = (train.size() + config.batchSize() - 1) / config.batchSize();
            this.totalSteps = (long) stepsPerEpoch * config.epochs();
            this.monitor = config.monitor() == null ? null : new RobustMonitor(config.monitor(),
                    monitorEps(config), train, test, Seeds.derive(config.seed(), "monitor"));
            this.probes = ProbeRegistry.create(config, train, test);
            // the code that trains is the code at the start (of this session); commits made later do not count
            this.gitCommit = Provenance.currentGitCommit();
        }

        private static double monitorEps(TrainConfig config) {
            if (config.monitor().eps() != null) {
                return config.monitor().eps();
            }
            Object eps = config.recipeOptions().get("eps");
            if (eps == null) {
                eps = RecipeRegistry.defaultOption(config.recipe(), "eps");
            }
            if (!(eps instanceof Number)) {
                throw new InvalidInputException("monitor needs an eps: give monitor.eps or recipe_options.eps");
            }
            return ((Number) eps).doubleValue();
        }

        /** Every {@code every_steps} steps: measure, track the best, detect a collapse. */
        private void monitorStep() {
            if (monitor == null || globalStep % monitor.monitor().everySteps() != 0) {
                return;
            }
            double acc = monitor.trainPgdAccuracy(model, globalStep);
            double align = monitor.gradientAlignment(model, globalStep);
            record(acc, align);
        }

        /** Every probe whose interval divides the global step measures the model. */
        private void probeStep() {
            for (TrainingProbe p : probes) {
                if (globalStep % p.everySteps() != 0) continue;
                model.setWeightGradients(false);
                com.fasterxml.jackson.databind.node.ObjectNode values = p.measure(model, globalStep);
                ProbePoint pt = new ProbePoint(p.name(), globalStep, epoch + 1, values);
                probePoints.add(pt);
                settings.listener().onProbe(pt, p.summary(values));
            }
        }

        private void record(double acc, double align) {
            List<MonitorState.Point> pts = new ArrayList<>(monitorState.points());
            pts.add(new MonitorState.Point(globalStep, acc, align, monitor.eps()));
            double best = monitorState.bestTrainPgdAccuracy();
            long bestStep = monitorState.bestStep();
            Long collapse = monitorState.collapseStep();
            if (acc > best) {
                best = acc;
                bestStep = globalStep;
                if (monitor.monitor().keepBest()) {
                    saveBest();
                }
            } else if (collapse == null && acc < best - monitor.monitor().collapseDrop()) {
                collapse = globalStep;
                settings.listener().onMessage(String.format(java.util.Locale.ROOT,
                        "catastrophic overfitting at step %d (epoch %d): PGD accuracy on the training subset fell "
                                + "from %.1f%% (step %d) to %.1f%%; gradient alignment %.3f", globalStep, epoch + 1,
                        100 * best, bestStep, 100 * acc, align));
            }
            List<MonitorState.Point> prev = monitorState.points();
            if (collapse == null && !prev.isEmpty()
                    && monitor.monitor().alignmentCollapsed(prev.get(prev.size() - 1).gradientAlignment(), align)) {
                collapse = globalStep;
                settings.listener().onMessage(String.format(java.util.Locale.ROOT,
                        "catastrophic overfitting at step %d (epoch %d): gradient alignment %.3f and %.3f, below %.2f "
                                + "twice in a row; PGD accuracy on the training subset %.1f%% (best %.1f%%, step %d)",
                        globalStep, epoch + 1, prev.get(prev.size() - 1).gradientAlignment(), align,
                        monitor.monitor().alignmentThreshold(),
                        100 * acc, 100 * Math.max(best, 0), bestStep));
            }
            monitorState = new MonitorState(pts, best, bestStep, collapse);
        }

        private Path bestFile() {
            return settings.output().base().resolveSibling(settings.output().name() + ".best.params");
        }

        private void saveBest() {
            try {
                AtomicFiles.write(bestFile(), out -> {
                    java.io.DataOutputStream d = new java.io.DataOutputStream(out);
                    model.save(d);
                    d.flush();
                });
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + bestFile() + ": " + e.getMessage(), e);
            }
        }

        Result run(Checkpoint.State s) {
            epoch = s.epoch();
            stepInEpoch = s.stepInEpoch();
            globalStep = s.globalStep();
            lossSum = s.lossSum();
            correct = s.correct();
            seen = s.seen();
            epochSeconds = s.epochSeconds();
            history.addAll(s.history());
            if (s.monitor() != null) {
                monitorState = s.monitor();
            }
            initSha256 = s.initModelSha256();
            probePoints.addAll(s.probes());
            for (TrainingProbe p : probes) {
                p.restore(probePoints.stream().filter(pt -> pt.probe().equals(p.name())).toList());
            }
            TrainingListener listener = settings.listener();
            listener.onStart(config, train.size(), stepsPerEpoch, epoch, stepInEpoch);
            long sessionStart = System.nanoTime();
            long sessionImages = 0;
            long lastCheckpoint = System.nanoTime();
            long remainingImages = (long) (config.epochs() - epoch) * train.size() - seen;
            if (globalStep == 0 && probePoints.isEmpty()) {
                probeStep(); // the state before training
            }
            while (epoch < config.epochs()) {
                int[] order = train.shuffledIndices(Seeds.derive(config.seed(), "shuffle/" + epoch));
                List<int[]> batches = Dataset.batches(order, config.batchSize());
                while (stepInEpoch < stepsPerEpoch) {
                    long t0 = System.nanoTime();
                    int[] idx = batches.get(stepInEpoch);
                    step(idx);
                    epochSeconds += (System.nanoTime() - t0) / 1e9;
                    monitorStep();
                    probeStep();
                    sessionImages += idx.length;
                    remainingImages -= idx.length;
                    double rate = sessionImages / ((System.nanoTime() - sessionStart) / 1e9);
                    listener.onStep(new TrainingListener.Status(epoch, config.epochs(), stepInEpoch,
                            stepsPerEpoch, seen, train.size(), lossSum / seen, correct / (double) seen, lastLr,
                            rate, remainingImages / rate));
                    if (stepInEpoch < stepsPerEpoch && settings.checkpointSeconds() > 0
                            && (System.nanoTime() - lastCheckpoint) / 1e9 >= settings.checkpointSeconds()) {
                        checkpoint();
                        lastCheckpoint = System.nanoTime();
                    }
                }
                endEpoch();
                lastCheckpoint = System.nanoTime();
            }
            return finish();
        }

        private void step(int[] idx) {
            double lr = schedule.lr(globalStep, stepsPerEpoch, totalSteps);
            try (NDManager scope = model.manager().newSubManager()) {
                float[] values = train.values(idx);
                augmentation.apply(values, idx.length, train.sampleShape(),
                        Seeds.rng(config.seed(), "augment/" + epoch + "/" + stepInEpoch));
                NDArray x = scope.create(values, train.batchShape(idx.length));
                NDArray y = train.batchLabels(scope, idx);
                StepContext ctx = new StepContext(model, config, epoch, stepInEpoch, stepsPerEpoch, globalStep,
                        Seeds.rng(config.seed(), "recipe/" + epoch + "/" + stepInEpoch), scope);
                model.setWeightGradients(false);
                TrainingRecipe.Batch batch = recipe.prepare(ctx, x, y);
                model.setWeightGradients(true);
                TrainingRecipe.StepLoss out = recipe.gradients(ctx, batch, loss -> {
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        TrainingRecipe.StepLoss o = loss.get();
                        gc.backward(o.loss());
                        return o;
                    }
                });
                float loss = out.loss().getFloat();
                if (!Float.isFinite(loss)) {
                    throw new InvalidInputException("training diverged: loss " + loss + " at epoch " + (epoch + 1)
                            + " step " + (stepInEpoch + 1) + " (lr " + lr + "); try a lower lr");
                }
                long right = out.logits().argMax(1).eq(batch.labels()).toType(DataType.INT64, false).sum()
                        .getLong();
                optimizer.step(lr);
                optimizer.zeroGradients();
                model.setWeightGradients(false);
                lossSum += (double) loss * idx.length;
                correct += right;
                seen += idx.length;
            }
            lastLr = lr;
            stepInEpoch++;
            globalStep++;
        }

        private void endEpoch() {
            Double testAcc = null;
            if (config.evalSize() > 0) {
                Dataset held = test.first(Math.min(config.evalSize(), test.size()));
                testAcc = CleanEvaluation.run(model, held, settings.evalBatchSize(), null).accuracy();
            }
            Double trainPgd = null;
            Double testPgd = null;
            Double align = null;
            if (monitor != null) {
                trainPgd = monitor.trainPgdAccuracy(model, globalStep);
                testPgd = monitor.testPgdAccuracy(model, globalStep);
                align = monitor.gradientAlignment(model, globalStep);
                record(trainPgd, align);
            }
            List<ProbePoint> mine = null;
            if (!probes.isEmpty()) {
                mine = new ArrayList<>();
                for (ProbePoint pt : probePoints) if (pt.epoch() == epoch + 1) mine.add(pt);
            }
            EpochLog log = new EpochLog(epoch + 1, lossSum / seen, correct / (double) seen, testAcc, lastLr,
                    epochSeconds, seen / Math.max(epochSeconds, 1e-9), trainPgd, testPgd, align, mine);
            history.add(log);
            epoch++;
            stepInEpoch = 0;
            lossSum = 0;
            correct = 0;
            seen = 0;
            epochSeconds = 0;
            checkpoint();
            writeLog();
            settings.listener().onEpoch(log, config.epochs());
        }

        private void checkpoint() {
            Checkpoint.State s = new Checkpoint.State(Checkpoint.FORMAT, config, epoch, stepInEpoch, globalStep,
                    lossSum, correct, seen, epochSeconds, history, train.files(), optimizer.name(),
                    optimizer.steps(), monitorState, initSha256, probePoints);
            Path file = settings.output().checkpoint();
            try {
                Checkpoint.write(file, s, model, optimizer);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write checkpoint " + file + ": " + e.getMessage(), e);
            }
            settings.listener().onCheckpoint(file, epoch, stepInEpoch);
        }

        private void writeLog() {
            StringBuilder sb = new StringBuilder();
            for (EpochLog l : history) {
                try {
                    sb.append(Json.mapper().writer().without(SerializationFeature.INDENT_OUTPUT)
                            .writeValueAsString(l)).append('\n');
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            try {
                AtomicFiles.write(settings.output().log(), sb.toString().getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + settings.output().log() + ": " + e.getMessage(), e);
            }
        }

        private Provenance provenance(List<FileHash> files) {
            Provenance p = Provenance.current(files);
            return new Provenance(p.robustjVersion(), gitCommit, p.timestamp(), p.java(), p.os(), p.arch(), p.cpus(),
                    p.djl(), p.pytorch(), p.threads(), p.ompPassive(), p.files(), p.seeding(), p.convolutions());
        }

        private Result finish() {
            List<String> notes = new ArrayList<>();
            ObjectNode monitorNode = null;
            if (monitor != null) {
                monitorNode = Json.mapper().createObjectNode();
                monitorNode.set("settings", Json.tree(monitor.monitor()));
                monitorNode.put("eps", monitor.eps());
                monitorNode.set("points", Json.tree(monitorState.points()));
                monitorNode.put("best_train_pgd_accuracy", monitorState.bestTrainPgdAccuracy());
                monitorNode.put("best_step", monitorState.bestStep());
                if (monitorState.collapseStep() != null) {
                    monitorNode.put("collapse_step", monitorState.collapseStep());
                    notes.add("catastrophic overfitting detected at step " + monitorState.collapseStep());
                }
                if (monitorState.collapseStep() != null && monitor.monitor().keepBest() && Files.exists(bestFile())) {
                    // the reference's early stopping: keep the weights with the best training PGD accuracy
                    ModelCard lastCard = model.card().withName(settings.output().name() + "-last");
                    model.setCard(lastCard);
                    Path lastBase = settings.output().base().resolveSibling(settings.output().name() + "-last");
                    try {
                        Models.save(model, lastBase);
                        model.block().loadParameters(model.manager(),
                                new DataInputStream(Files.newInputStream(bestFile())));
                    } catch (IOException | ai.djl.MalformedModelException e) {
                        throw new UncheckedIOException("cannot restore the best weights from " + bestFile(),
                                new IOException(e));
                    }
                    model.setWeightGradients(false);
                    model.setCard(lastCard.withName(settings.output().name()));
                    monitorNode.put("saved", "best (early-stopped) weights of step " + monitorState.bestStep()
                            + "; last weights in " + lastBase + ".json");
                    notes.add("saved the early-stopped weights (best training PGD accuracy, step "
                            + monitorState.bestStep() + "); the last weights are " + lastBase.getFileName());
                }
            }
            if (config.initModel() != null) {
                notes.add("initialised from " + config.initModel() + " (weights SHA-256 " + initSha256 + ")");
            }
            if (recipe.schedule(config).isPresent()) {
                notes.add("learning rate: recipe " + config.recipe() + "'s own schedule with peak " + config.lr()
                        + " (the config's schedule " + config.schedule() + " is not used)");
            }
            CleanEvaluation.Result clean = CleanEvaluation.run(model, test, settings.evalBatchSize(),
                    done -> settings.listener().onFinalEvaluation(done, test.size()));
            double seconds = history.stream().mapToDouble(EpochLog::seconds).sum();
            long images = (long) train.size() * config.epochs();
            List<FileHash> files = new ArrayList<>(train.files());
            files.addAll(test.files());
            ObjectNode results = Json.mapper().createObjectNode();
            ObjectNode training = results.putObject("training");
            training.put("train_images", train.size());
            training.put("seconds", seconds);
            training.put("images_per_second", images / Math.max(seconds, 1e-9));
            training.put("threads", Engines.threads());
            if (config.initModel() != null) {
                ObjectNode init = training.putObject("init_model");
                init.put("ref", config.initModel());
                init.put("weights_sha256", initSha256);
            }
            training.set("epochs", Json.tree(history));
            if (monitorNode != null) {
                results.set("monitor", monitorNode);
            }
            if (!probes.isEmpty()) {
                ObjectNode probeNode = results.putObject("probes");
                for (TrainingProbe p : probes) {
                    ObjectNode one = probeNode.putObject(p.name());
                    one.set("settings", Json.tree(config.probes().get(p.name())));
                    one.put("every_steps", p.everySteps());
                    one.set("points", Json.tree(probePoints.stream().filter(pt -> pt.probe().equals(p.name()))
                            .toList()));
                }
            }
            ModelCard c = model.card();
            ModelCard card = new ModelCard(c.name(), c.format(), c.architecture(), c.architectureOptions(),
                    c.dataset(), c.inputShape(), c.numClasses(), c.classNames(), c.recipe(), c.seed(),
                    clean.accuracy(), test.name() + " " + test.split() + ", " + test.size() + " images",
                    model.parameterCount(), null, provenance(files), results,
                    notes(notes, String.format(java.util.Locale.ROOT,
                            "trained by robustj train (recipe %s): %d epochs on %d images in %.0f s", config.recipe(),
                            config.epochs(), train.size(), seconds)));
            model.setCard(card);
            try {
                ModelCard saved = Models.save(model, settings.output().base());
                Files.deleteIfExists(settings.output().checkpoint());
                Files.deleteIfExists(bestFile());
                return new Result(saved, List.copyOf(history), clean, settings.output(), seconds);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot save the model to " + settings.output().base() + ": "
                        + e.getMessage(), e);
            }
        }
    
        private static List<String> notes(List<String> extra, String first) {
            List<String> all = new ArrayList<>();
            all.add(first);
            all.addAll(extra);
            return all;
        }
    }
}
