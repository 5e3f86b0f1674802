package org.robustj.diagnose.training;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.robustj.data.Dataset;
import org.robustj.errors.InvalidInputException;
import org.robustj.eval.CleanEvaluation;
import org.robustj.io.Json;
import org.robustj.model.Classifier;
import org.robustj.provenance.Seeds;
import org.robustj.threat.Norm;
import org.robustj.train.ProbeProvider;
import org.robustj.train.TrainConfig;
import org.robustj.train.TrainingProbe;

/**
 * The accuracy monitor of a training run (probe {@code accuracy}): every {@code every} steps, the clean accuracy
 * and, with {@code eps}, the PGD accuracy (and with {@code fgsm=true} the FGSM accuracy) on fixed held-out test
 * points and, optionally, on the first training points. It is the per-step robustness curve of a run, measured
 * on points the run never trains on; the trainer's {@code monitor} (the catastrophic-overfitting guard) measures
 * PGD on training points and the gradient alignment instead. An FGSM-trained model that overfits
 * catastrophically shows here as a high FGSM accuracy next to a PGD accuracy near 0.
 *
 * <p>Options (config field {@code probes.accuracy}): {@code every} (required), {@code test_points} (256),
 * {@code train_points} (0), {@code eps} (none: clean accuracy only), {@code norm} (linf), {@code pgd_steps} (10),
 * {@code rel_step_size} (0.25: the reference's ε/4), {@code fgsm} (false), {@code seed} (default: the run's).
 * The points and the PGD seeds are fixed for the whole run (a resumed run measures the same).
 */
public final class AccuracyProbe implements TrainingProbe {
    /** The option names. */
    public static final List<String> OPTIONS = List.of("every", "test_points", "train_points", "eps", "norm",
            "pgd_steps", "rel_step_size", "fgsm", "seed");

    /** Parsed options. */
    record Settings(int every, int testPoints, int trainPoints, Double eps, Norm norm, int pgdSteps, double relStep,
            boolean fgsm, long seed) {}

    private final Settings settings;
    private final Dataset trainSet;
    private final Dataset testSet;

    AccuracyProbe(Settings s, Dataset train, Dataset test) {
        this.settings = s;
        this.trainSet = s.trainPoints() == 0 ? null : train.first(Math.min(s.trainPoints(), train.size()));
        this.testSet = s.testPoints() == 0 ? null : test.first(Math.min(s.testPoints(), test.size()));
    }

    @Override
    public String name() {
        return "accuracy";
    }

    @Override
    public int everySteps() {
        return settings.every();
    }

    @Override
    public ObjectNode measure(Classifier model, long step) {
        ObjectNode v = Json.mapper().createObjectNode();
        measure(v, "test", testSet, model, step);
        measure(v, "train", trainSet, model, step);
        return v;
    }

    private void measure(ObjectNode v, String set, Dataset data, Classifier model, long step) {
        if (data == null) return;
        v.put(set + "_accuracy", CleanEvaluation.run(model, data, 500, null).accuracy());
        if (settings.eps() == null) return;
        v.put(set + "_pgd_accuracy", RobustAccuracy.pgd(model, data, settings.norm(), settings.eps(),
                settings.pgdSteps(), settings.relStep(), Seeds.derive(settings.seed(), "accuracy/" + set + "/" + step)));
        if (settings.fgsm()) {
            v.put(set + "_fgsm_accuracy", RobustAccuracy.fgsm(model, data, settings.norm(), settings.eps()));
        }
    }

    @Override
    public String summary(ObjectNode v) {
        StringBuilder b = new StringBuilder();
        for (String set : new String[] {"test", "train"}) {
            if (!v.has(set + "_accuracy")) continue;
            b.append(b.length() == 0 ? "" : "; ").append(set).append(String.format(Locale.ROOT, " clean %.1f%%",
                    100 * v.get(set + "_accuracy").asDouble()));
            if (v.has(set + "_fgsm_accuracy")) b.append(String.format(Locale.ROOT, ", FGSM %.1f%%",
                    100 * v.get(set + "_fgsm_accuracy").asDouble()));
            if (v.has(set + "_pgd_accuracy")) b.append(String.format(Locale.ROOT, ", PGD %.1f%%",
                    100 * v.get(set + "_pgd_accuracy").asDouble()));
        }
        if (settings.eps() != null) b.append(" (eps ").append(settings.eps()).append(')');
        return b.toString();
    }

    /** Reads and checks the options. */
    static Settings parse(Map<String, Object> options, long defaultSeed) {
        ProbeOptions o = new ProbeOptions("accuracy", options, OPTIONS);
        int every = o.every();
        int test = o.integer("test_points", 256, 0, 1_000_000);
        int train = o.integer("train_points", 0, 0, 1_000_000);
        if (test + train == 0) {
            throw new InvalidInputException("accuracy monitor: test_points and train_points are both 0");
        }
        Double eps = o.has("eps") ? o.number("eps", 0) : null;
        if (eps != null && !(eps > 0 && Double.isFinite(eps))) {
            throw new InvalidInputException("accuracy monitor eps must be > 0, got " + eps);
        }
        Norm norm = Norm.parse(o.string("norm", "linf"));
        int steps = o.integer("pgd_steps", 10, 1, 10_000);
        double rel = o.number("rel_step_size", 0.25);
        if (!(rel > 0 && Double.isFinite(rel))) {
            throw new InvalidInputException("accuracy monitor rel_step_size must be > 0, got " + rel);
        }
        boolean fgsm = o.bool("fgsm", false);
        if (fgsm && eps == null) {
            throw new InvalidInputException("accuracy monitor: fgsm=true needs eps");
        }
        long seed = o.has("seed") ? (long) o.number("seed", 0) : defaultSeed;
        return new Settings(every, test, train, eps, norm, steps, rel, fgsm, Seeds.derive(seed, "accuracy-probe"));
    }

    /** Registers the probe {@code accuracy} (META-INF/services/org.robustj.train.ProbeProvider). */
    public static final class Provider implements ProbeProvider {
        @Override
        public String name() {
            return "accuracy";
        }

        @Override
        public String description() {
            return "clean, PGD and FGSM accuracy on fixed held-out (and training) points; options "
                    + String.join(", ", OPTIONS);
        }

        @Override
        public void validate(Map<String, Object> options) {
            parse(options, 0);
        }

        @Override
        public TrainingProbe create(Map<String, Object> options, TrainConfig config, Dataset train, Dataset test) {
            return new AccuracyProbe(parse(options, config.seed()), train, test);
        }
    }
}
