package org.robustj.diagnose.regions;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.robustj.data.Dataset;
import org.robustj.diagnose.training.RobustAccuracy;
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
 * The local-complexity monitor of a training run (probe {@code complexity}): every {@code every} steps, the mean
 * local complexity at each radius around fixed training points, test points and uniform random points, next to
 * the clean accuracy on the same training and test points and, with {@code eps}, the PGD accuracy on the test
 * points, so that delayed robustness after interpolation ("grokking", Humayun et al. 2024) shows in the log.
 * The frame, the points and the PGD seeds are fixed for the whole run (a resumed run measures the same).
 *
 * <p>Options (config field {@code probes.complexity}; CLI {@code --monitor-complexity every=K,...}):
 * {@code every} (required), {@code radii} (default [0.05, 0.5], DIAGNOSTICS §3.2), {@code directions} (P, 25),
 * {@code train_points}, {@code test_points}, {@code random_points} (256 each; 0 skips a set), {@code eps} (PGD
 * radius; none by default), {@code norm} (linf), {@code pgd_steps} (10, step ε/4), {@code include_logits}
 * (false), {@code seed} (default: the run's seed).
 */
public final class ComplexityProbe implements TrainingProbe {
    /** The option names. */
    public static final List<String> OPTIONS = List.of("every", "radii", "directions", "train_points",
            "test_points", "random_points", "eps", "norm", "pgd_steps", "include_logits", "seed");

    /** Parsed options. */
    record Settings(int every, ComplexityConfig lc, int trainPoints, int testPoints, int randomPoints, Double eps,
            Norm norm, int pgdSteps) {}

    private final Settings settings;
    private final Dataset trainSet;
    private final Dataset testSet;
    private final float[] trainX;
    private final float[] testX;
    private final float[] randomX;

    ComplexityProbe(Settings s, Dataset train, Dataset test) {
        this.settings = s;
        this.trainSet = train.first(Math.min(s.trainPoints(), train.size()));
        this.testSet = test.first(Math.min(s.testPoints(), test.size()));
        this.trainX = trainSet.values(trainSet.allIndices());
        this.testX = testSet.values(testSet.allIndices());
        this.randomX = LocalComplexity.uniformPoints(s.randomPoints(), (int) train.sampleShape().size(),
                Seeds.derive(s.lc().seed(), "random-points"));
    }

    @Override
    public String name() {
        return "complexity";
    }

    @Override
    public int everySteps() {
        return settings.every();
    }

    @Override
    public ObjectNode measure(Classifier model, long step) {
        ObjectNode v = Json.mapper().createObjectNode();
        if (trainSet.size() > 0) v.put("train_accuracy", CleanEvaluation.run(model, trainSet, 500, null).accuracy());
        if (testSet.size() > 0) v.put("test_accuracy", CleanEvaluation.run(model, testSet, 500, null).accuracy());
        if (settings.eps() != null && testSet.size() > 0) {
            v.put("test_pgd_accuracy", RobustAccuracy.pgd(model, testSet, settings.norm(), settings.eps(),
                    settings.pgdSteps(), 0.25, Seeds.derive(settings.lc().seed(), "pgd/" + step)));
        }
        LocalComplexity lc = LocalComplexity.of(model, settings.lc());
        ArrayNode layers = v.putArray("layers");
        for (LocalComplexity.Layer l : lc.layers()) layers.add(l.name());
        ComplexityCounts train = count(lc, trainX, trainSet.size(), model);
        ComplexityCounts test = count(lc, testX, testSet.size(), model);
        ComplexityCounts random = count(lc, randomX, settings.randomPoints(), model);
        ObjectNode byRadius = v.putObject("lc");
        List<Double> radii = settings.lc().radii();
        for (int r = 0; r < radii.size(); r++) {
            ObjectNode one = byRadius.putObject(radiusKey(radii.get(r)));
            put(one, "train", train, r);
            put(one, "test", test, r);
            put(one, "random", random, r);
        }
        return v;
    }

    private static ComplexityCounts count(LocalComplexity lc, float[] x, int n, Classifier model) {
        if (n == 0) return null;
        try (NDManager scope = model.manager().newSubManager()) {
            return lc.count(x, n, scope, null);
        }
    }

    private static void put(ObjectNode node, String set, ComplexityCounts c, int r) {
        if (c == null) return;
        node.put(set, c.meanTotal(r));
        ArrayNode per = node.putArray(set + "_per_layer");
        for (int l = 0; l < c.layers().size(); l++) per.add(c.meanLayer(r, l));
    }

    /** A radius as a JSON key: {@code 0.05}, {@code 1}, {@code 5}. */
    static String radiusKey(double r) {
        return new java.math.BigDecimal(Double.toString(r)).stripTrailingZeros().toPlainString();
    }

    @Override
    public String summary(ObjectNode v) {
        StringBuilder b = new StringBuilder();
        v.path("lc").fields().forEachRemaining(e -> {
            b.append(b.length() == 0 ? "LC" : ";").append(" r=").append(e.getKey()).append(':');
            for (String set : new String[] {"train", "test", "random"}) {
                if (e.getValue().has(set)) {
                    b.append(String.format(Locale.ROOT, " %s %.2f", set, e.getValue().get(set).asDouble()));
                }
            }
        });
        if (v.has("train_accuracy")) b.append(String.format(Locale.ROOT, "; train acc %.2f%%",
                100 * v.get("train_accuracy").asDouble()));
        if (v.has("test_accuracy")) b.append(String.format(Locale.ROOT, ", test acc %.2f%%",
                100 * v.get("test_accuracy").asDouble()));
        if (v.has("test_pgd_accuracy")) b.append(String.format(Locale.ROOT, ", PGD acc %.2f%% (eps %s)",
                100 * v.get("test_pgd_accuracy").asDouble(), settings.eps()));
        return b.toString();
    }

    /** Reads and checks the options (one-line errors naming the option). */
    static Settings parse(Map<String, Object> o, long defaultSeed) {
        Set<String> known = Set.copyOf(OPTIONS);
        for (String k : o.keySet()) {
            if (!known.contains(k)) {
                throw new InvalidInputException("unknown complexity monitor option '" + k + "'; options: "
                        + String.join(", ", OPTIONS));
            }
        }
        if (!o.containsKey("every")) {
            throw new InvalidInputException("the complexity monitor needs every=K (measure every K steps)");
        }
        int every = intOf(o, "every", 0);
        if (every < 1) throw new InvalidInputException("complexity monitor every must be >= 1, got " + every);
        List<Double> radii = new ArrayList<>();
        Object r = o.getOrDefault("radii", List.of(0.05, 0.5));
        if (r instanceof Number n) {
            radii.add(n.doubleValue());
        } else if (r instanceof List<?> l) {
            for (Object x : l) radii.add(number(x, "radii"));
        } else {
            throw new InvalidInputException("complexity monitor radii must be numbers, got " + r);
        }
        long seed = o.containsKey("seed") ? (long) number(o.get("seed"), "seed") : defaultSeed;
        ComplexityConfig lc = new ComplexityConfig(intOf(o, "directions", 25), radii, false,
                Boolean.TRUE.equals(o.get("include_logits")), 40, Seeds.derive(seed, "complexity"));
        int train = intOf(o, "train_points", 256);
        int test = intOf(o, "test_points", 256);
        int random = intOf(o, "random_points", 256);
        if (train < 0 || test < 0 || random < 0 || train + test + random == 0) {
            throw new InvalidInputException("complexity monitor points must be >= 0 and not all 0, got train "
                    + train + ", test " + test + ", random " + random);
        }
        Double eps = o.get("eps") == null ? null : number(o.get("eps"), "eps");
        if (eps != null && !(eps > 0 && eps <= 1)) {
            throw new InvalidInputException("complexity monitor eps must be in (0, 1], got " + eps);
        }
        Norm norm = Norm.parse(String.valueOf(o.getOrDefault("norm", "linf")));
        int steps = intOf(o, "pgd_steps", 10);
        if (steps < 1) throw new InvalidInputException("complexity monitor pgd_steps must be >= 1, got " + steps);
        return new Settings(every, lc, train, test, random, eps, norm, steps);
    }

    private static int intOf(Map<String, Object> o, String k, int def) {
        Object v = o.get(k);
        if (v == null) return def;
        double d = number(v, k);
        if (d != Math.rint(d)) throw new InvalidInputException("complexity monitor " + k + " must be an integer");
        return (int) d;
    }

    private static double number(Object v, String k) {
        if (v instanceof Number n) return n.doubleValue();
        try {
            return Double.parseDouble(String.valueOf(v));
        } catch (NumberFormatException e) {
            throw new InvalidInputException("complexity monitor " + k + " must be a number, got " + v);
        }
    }

    /** Registers the probe {@code complexity} (META-INF/services/org.robustj.train.ProbeProvider). */
    public static final class Provider implements ProbeProvider {
        @Override
        public String name() {
            return "complexity";
        }

        @Override
        public String description() {
            return "local complexity (density of linear regions) around train, test and random points, with clean "
                    + "and PGD accuracy; options " + String.join(", ", OPTIONS);
        }

        @Override
        public void validate(Map<String, Object> options) {
            parse(options, 0);
        }

        @Override
        public TrainingProbe create(Map<String, Object> options, TrainConfig config, Dataset train, Dataset test) {
            Settings s = parse(options, config.seed());
            s.lc().checkFor((int) train.sampleShape().size());
            return new ComplexityProbe(s, train, test);
        }
    }
}
