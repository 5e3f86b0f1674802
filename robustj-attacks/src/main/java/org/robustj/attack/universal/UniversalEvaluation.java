package org.robustj.attack.universal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.robustj.data.Dataset;
import org.robustj.errors.InvalidInputException;
import org.robustj.model.Classifier;
import org.robustj.provenance.Seeds;
import org.robustj.threat.ThreatModel;

/**
 * Fits a universal perturbation on some points and judges it on others: the fooling rate (the fraction of
 * held-out points whose predicted class v changes, the papers' measure) and the accuracy under v, beside a random
 * perturbation of the same size. The fitting and held-out points must be different points; the caller says which
 * data-set indices the held-out rows are ({@code testIndices}) for the record.
 *
 * <pre>{@code
 * UniversalAttack uap = UniversalAttacks.create("uap");
 * UniversalResult r = new UniversalEvaluation(uap, ThreatModel.of(Norm.LINF, 0.2), 0).run(model, fit, test);
 * System.out.printf("fooling rate %.1f%%%n", 100 * r.foolingRate());
 * }</pre>
 */
public final class UniversalEvaluation {
    private final UniversalAttack attack;
    private final ThreatModel threat;
    private final long seed;
    private final Consumer<String> log;

    /** Fits with {@code attack} in {@code threat}, drawing every random number from {@code seed}. */
    public UniversalEvaluation(UniversalAttack attack, ThreatModel threat, long seed) {
        this(attack, threat, seed, line -> {});
    }

    /** As above, sending one progress line per pass or validation to {@code log}. */
    public UniversalEvaluation(UniversalAttack attack, ThreatModel threat, long seed, Consumer<String> log) {
        this.attack = attack;
        this.threat = threat;
        this.seed = seed;
        this.log = log;
    }

    /** Fits on {@code fit} and judges on {@code test}, whose rows are the data-set points 0..n-1. */
    public UniversalResult run(Classifier model, Dataset fit, Dataset test) {
        return run(model, fit, test, test.allIndices());
    }

    /**
     * Fits on {@code fit} and judges on {@code test}.
     *
     * @param testIndices the data-set index of each row of {@code test} (recorded per point)
     */
    public UniversalResult run(Classifier model, Dataset fit, Dataset test, int[] testIndices) {
        if (testIndices.length != test.size()) {
            throw new IllegalArgumentException(testIndices.length + " indices for " + test.size() + " test points");
        }
        if (!fit.sampleShape().equals(test.sampleShape())) {
            throw new InvalidInputException("fitting points " + fit.sampleShape() + " and test points "
                    + test.sampleShape() + " differ in shape");
        }
        attack.check(model, threat);
        long t0 = System.nanoTime();
        UniversalFit f = attack.fit(model, fit, threat, seed, log);
        float[] v = f.perturbation();
        double n = Perturbations.norm(v, threat.norm());
        if (!threat.contains(n)) {
            throw new IllegalStateException(attack.name() + " returned a perturbation of norm " + n + " > " + threat.eps());
        }
        UniversalResult.Judgement j = judge(model, test, testIndices, v, true);
        float[] random = Perturbations.random(v.length, threat.norm(), threat.eps(), Seeds.rng(seed, "universal/random"));
        UniversalResult.Judgement rj = judge(model, test, testIndices, random, false);
        return new UniversalResult(attack.name(), attack.config(), v, test.sampleShape().getShape(), n, f, j, rj,
                (System.nanoTime() - t0) / 1e9);
    }

    private UniversalResult.Judgement judge(Classifier model, Dataset test, int[] indices, float[] v,
            boolean perPoint) {
        float[] xs = test.values(test.allIndices());
        int[] clean = Perturbations.predict(model, xs, test.sampleShape());
        int[] pert = Perturbations.predict(model, Perturbations.apply(xs, v, threat), test.sampleShape());
        int[] y = test.labels();
        List<UniversalResult.Point> points = null;
        if (perPoint) {
            points = new ArrayList<>();
            for (int i = 0; i < y.length; i++) points.add(new UniversalResult.Point(indices[i], y[i], clean[i], pert[i]));
        }
        return new UniversalResult.Judgement(y.length, Perturbations.changed(clean, pert),
                Perturbations.accuracy(clean, y), Perturbations.accuracy(pert, y), points);
    }

}
