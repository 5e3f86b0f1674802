package org.robustj.attack.gradient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.robustj.attack.Attack;
import org.robustj.attack.AttackContext;
import org.robustj.attack.AttackRegistry;
import org.robustj.attack.AttackResult;
import org.robustj.attack.LabeledBatch;
import org.robustj.data.Synthetic;
import org.robustj.testkit.LinearClassifier;
import org.robustj.testkit.Oracles;
import org.robustj.threat.Norm;
import org.robustj.threat.ThreatModel;

/**
 * Ground truth from linear classifiers, whose minimal adversarial distance is known in closed form
 * ({@link LinearClassifier#minimalDistance}): with ε = 1.02 × the exact distance every gradient attack breaks
 * every point, with ε = 0.98 × it none can (the projection forbids it).
 *
 * <p>The problem is a separable two-class problem embedded in four classes: classes 2 and 3 copy the weights
 * of classes 0 and 1 with biases lowered by 20, so they are never near, and every loss (CE, DLR, targeted
 * DLR) is a monotone function of the one relevant margin. On a genuinely multi-class model the untargeted
 * losses head for the logit runner-up (DLR) or the average wrong class (CE at low confidence), which need
 * not be the nearest boundary in the attacked norm; the reference implementation misses the 1.02 bound
 * there too, and only APGD-T, which tries every class, is held to it ({@link #apgdTargetedFindsTheNearestOfSeveralBoundaries}).
 * Each point is moved along the weight difference to a common margin, so all points share one distance in
 * every norm and one batch per ε suffices.
 */
class LinearOracleTest {
    static final int POINTS = 10;
    static NDManager manager;
    static LinearClassifier model;
    static float[] xs;
    static int[] ys;

    @BeforeAll
    static void setUp() {
        manager = NDManager.newBaseManager();
        int dim = 12;
        Synthetic.Separable s = Synthetic.gaussianClasses(2, dim, POINTS, 0.12, 0.02, 0.02, 7);
        float[][] w = s.weights();
        float[] b = s.bias();
        xs = s.data().values(s.data().allIndices());
        ys = s.data().labels();
        // move every point along w1 - w0 to the median margin: equal distances in every norm
        double[] dw = new double[dim];
        double sq = 0;
        for (int j = 0; j < dim; j++) {
            dw[j] = w[1][j] - w[0][j];
            sq += dw[j] * dw[j];
        }
        double[] margin = new double[POINTS];
        for (int i = 0; i < POINTS; i++) {
            double z = b[1] - b[0];
            for (int j = 0; j < dim; j++) z += dw[j] * xs[i * dim + j];
            margin[i] = ys[i] == 1 ? z : -z;
        }
        double target = Arrays.stream(margin).sorted().toArray()[POINTS / 2];
        for (int i = 0; i < POINTS; i++) {
            double shift = (ys[i] == 1 ? target - margin[i] : margin[i] - target) / sq;
            for (int j = 0; j < dim; j++) xs[i * dim + j] += (float) (shift * dw[j]);
        }
        float[][] w4 = {w[0], w[1], w[0], w[1]};
        float[] b4 = {b[0], b[1], b[0] - 20, b[1] - 20};
        model = new LinearClassifier(manager, w4, b4, new Shape(dim), 1.0);
    }

    @AfterAll
    static void tearDown() {
        model.close();
        manager.close();
    }

    /** Attacks with the options under test. PGD takes a longer step (see below); all else are defaults. */
    static Stream<Arguments> attacksAndNorms() {
        return Stream.of("pgd", "apgd-ce", "apgd-dlr", "apgd-t")
                .flatMap(a -> Norm.LP.stream().map(n -> Arguments.of(a, n)));
    }

    static Attack create(String name) {
        // PGD's default step 2.5ε/steps walks 2.5ε in total: enough to reach the sphere, not to turn an L2
        // iterate from a random start onto the optimal direction within 2% (each step turns it by η·sinθ/ε)
        return name.equals("pgd") ? AttackRegistry.create(name, Map.of("rel_step_size", 0.1))
                : AttackRegistry.create(name);
    }

    /**
     * APGD-L1 (as in the reference) moves the top-k coordinates by equal amounts and shrinks k only to
     * ⌊n − sparsity/1.5⌋, so in 12 dimensions it can settle on a 2-sparse perturbation instead of the optimal
     * 1-sparse vertex; AutoAttack's own code breaks these points at 1.02× for only 1 to 4 of 5 seeds. It is
     * held to a looser factor; PGD's fixed top-1% step (here one coordinate) is held to 1.02.
     */
    static double breakFactor(String name, Norm norm) {
        return norm == Norm.L1 && name.startsWith("apgd") ? APGD_L1_FACTOR : 1.02;
    }

    static final double APGD_L1_FACTOR = 1.25;

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("attacksAndNorms")
    void breaksJustAboveTheMinimalDistanceAndNeverBelow(String name, Norm norm) {
        check(name, norm, false);
    }

    /** A targeted context (target: the other near class) is reached just above the distance, never below. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("targetedAttacksAndNorms")
    void reachesTheTargetJustAboveTheMinimalDistanceAndNeverBelow(String name, Norm norm) {
        check(name, norm, true);
    }

    static Stream<Arguments> targetedAttacksAndNorms() {
        return Stream.of("pgd", "apgd-ce", "apgd-dlr")
                .flatMap(a -> Norm.LP.stream().map(n -> Arguments.of(a, n)));
    }

    private static void check(String name, Norm norm, boolean targeted) {
        Attack attack = create(name);
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        int dim = xs.length / POINTS;
        for (int i = 0; i < POINTS; i++) {
            float[] x = Arrays.copyOfRange(xs, i * dim, (i + 1) * dim);
            double d = model.minimalDistance(x, ys[i], norm);
            lo = Math.min(lo, d);
            hi = Math.max(hi, d);
        }
        assertTrue(lo > 0 && hi / lo < 1.0001, "distances not equalised: " + lo + " .. " + hi);
        double up = breakFactor(name, norm);
        for (float v : xs) {
            // the closed form ignores the box: every coordinate must be able to move by the whole budget
            assertTrue(v - up * hi > 0 && v + up * hi < 1, "a point is too close to the box");
        }
        int[] targets = null;
        if (targeted) {
            targets = new int[POINTS];
            for (int i = 0; i < POINTS; i++) targets[i] = 1 - ys[i];
        }
        long t0 = System.nanoTime();
        long calls = 0;
        List<String> wrong = new ArrayList<>();
        for (double eps : new double[] {up * hi, 0.98 * lo}) {
            boolean expected = eps > hi;
            try (NDManager m = manager.newSubManager()) {
                NDArray x = m.create(xs, new Shape(POINTS, dim));
                AttackResult r = attack.run(model, new LabeledBatch(x, ys), ThreatModel.of(norm, eps),
                        new AttackContext(11, targets));
                calls += r.modelCalls();
                for (int i = 0; i < POINTS; i++) {
                    if (r.success()[i] != expected) {
                        wrong.add(String.format("point %d at %.2f×: %s", i, eps / (expected ? hi : lo),
                                expected ? "not broken" : "broken"));
                    }
                }
            }
        }
        System.out.printf("oracle %s%s %s: distance %.5f, %d points at %.2f× and 0.98×, %d model calls, %.2f s%n",
                name, targeted ? " (targeted)" : "", norm, lo, POINTS, up, calls, (System.nanoTime() - t0) / 1e9);
        assertTrue(wrong.isEmpty(), name + " " + norm + (targeted ? " targeted" : "") + ": " + wrong);
    }

    /**
     * Below the distance nothing can succeed, yet {@code perturb} (what adversarial training consumes) must hand
     * back the strongest point found, not the clean input: near the sphere and with most of the margin gone.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("attacksAndNorms")
    void perturbReturnsTheStrongestPointWhereTheAttackFails(String name, Norm norm) {
        Attack attack = create(name);
        int dim = xs.length / POINTS;
        double lo = Double.POSITIVE_INFINITY;
        for (int i = 0; i < POINTS; i++) {
            lo = Math.min(lo, model.minimalDistance(Arrays.copyOfRange(xs, i * dim, (i + 1) * dim), ys[i], norm));
        }
        double eps = 0.98 * lo;
        try (NDManager m = manager.newSubManager()) {
            NDArray x = m.create(xs, new Shape(POINTS, dim));
            NDArray adv = attack.perturb(model, new LabeledBatch(x, ys), ThreatModel.of(norm, eps),
                    AttackContext.seeded(3));
            float[] norms = norm.normsOf(adv.sub(x));
            float[] a = adv.toFloatArray();
            for (int i = 0; i < POINTS; i++) {
                float[] clean = Arrays.copyOfRange(xs, i * dim, (i + 1) * dim);
                float[] moved = Arrays.copyOfRange(a, i * dim, (i + 1) * dim);
                double before = model.minimalDistance(clean, ys[i], norm);
                double after = model.minimalDistance(moved, ys[i], norm);
                assertTrue(norms[i] <= eps * (1 + 1e-5) && norms[i] > 0.5 * eps,
                        name + " " + norm + ": point " + i + " moved by " + norms[i] + " of " + eps);
                assertTrue(after > 0 && after < 0.3 * before, name + " " + norm + ": point " + i
                        + " still at distance " + after + " of " + before);
            }
        }
    }

    /** On a real 4-class linear model APGD-T, trying the 2nd..4th classes as targets, reaches the nearest boundary. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("linfAndL2")
    void apgdTargetedFindsTheNearestOfSeveralBoundaries(Norm norm) {
        try (NDManager m = manager.newSubManager()) {
            Oracles.LinearProblem p = Oracles.linear(m, 4, 12, 24, 7);
            Attack attack = AttackRegistry.create("apgd-t");
            List<String> wrong = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                float[] x = p.data().data().values(new int[] {i});
                int y = p.data().data().label(i);
                double d = p.model().minimalDistance(x, y, norm);
                for (double f : new double[] {1.02, 0.98}) {
                    NDArray xa = m.create(x, new Shape(1, 12));
                    AttackResult r = attack.run(p.model(), new LabeledBatch(xa, new int[] {y}),
                            ThreatModel.of(norm, f * d), AttackContext.seeded(5 + i));
                    if (r.success()[0] != f > 1) wrong.add("point " + i + " at " + f + "×");
                }
            }
            assertTrue(wrong.isEmpty(), "apgd-t " + norm + ": " + wrong);
        }
    }

    static Stream<Norm> linfAndL2() {
        return Stream.of(Norm.LINF, Norm.L2);
    }

    @Test
    void distancesAreEqualisedAcrossNorms() {
        int dim = xs.length / POINTS;
        for (Norm norm : Norm.LP) {
            double first = model.minimalDistance(Arrays.copyOfRange(xs, 0, dim), ys[0], norm);
            for (int i = 1; i < POINTS; i++) {
                float[] x = Arrays.copyOfRange(xs, i * dim, (i + 1) * dim);
                assertEquals(first, model.minimalDistance(x, ys[i], norm), 1e-4 * first);
            }
        }
    }
}
