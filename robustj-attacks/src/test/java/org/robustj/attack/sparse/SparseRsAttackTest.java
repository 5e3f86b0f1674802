package org.robustj.attack.sparse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.robustj.attack.Attack;
import org.robustj.attack.AttackContext;
import org.robustj.attack.AttackRegistry;
import org.robustj.attack.AttackResult;
import org.robustj.attack.LabeledBatch;
import org.robustj.errors.InvalidInputException;
import org.robustj.errors.MissingCapabilityException;
import org.robustj.testkit.LinearClassifier;
import org.robustj.threat.Norm;
import org.robustj.threat.Sparse;
import org.robustj.threat.ThreatModel;

/**
 * Sparse-RS against ground truth that needs no reference: on a linear model the best L0 / patch / frame
 * attack is known in closed form ({@link LinearClassifier#sparseGain}), so every point whose margin is below
 * that bound by a clear factor must break and no point above it may; exactly the allowed pixels change; values
 * stay in the box; query budgets hold; the reference schedules; bad budgets are refused.
 */
class SparseRsAttackTest {
    static NDManager manager;
    /** "Below the bound by a clear factor": margin at most half the largest decrease the threat model allows. */
    static final double CLEAR = 0.5;

    @BeforeAll
    static void setUp() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void tearDown() {
        manager.close();
    }

    /** A linear model on C×H×W inputs and points in [0.2, 0.8] labelled by the model itself. */
    record Problem(LinearClassifier model, float[] x, int[] y, Shape batchShape) {}

    static Problem problem(int classes, int c, int h, int w, int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int d = c * h * w;
        float[][] wt = new float[classes][d];
        for (float[] row : wt) for (int i = 0; i < d; i++) row[i] = (float) (rng.nextDouble() * 2 - 1);
        // the grey image 0.5 is a tie of every class, so a point 0.5 + λ·u has margins proportional to λ while
        // the sparse bounds stay about the same: log-uniform λ spreads margin/bound over both sides of 1
        float[] b = new float[classes];
        for (int k = 0; k < classes; k++) {
            double s = 0;
            for (int i = 0; i < d; i++) s += wt[k][i] * 0.5;
            b[k] = (float) -s;
        }
        LinearClassifier model = new LinearClassifier(manager, wt, b, new Shape(c, h, w), 1.0);
        float[] x = new float[n * d];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            float[] xi = new float[d];
            // a direction that favours a random class, mixed with noise
            double lambda = Math.exp(Math.log(0.01) * rng.nextDouble());
            int favour = rng.nextInt(classes);
            for (int j = 0; j < d; j++) {
                double mean = 0;
                for (int k = 0; k < classes; k++) mean += wt[k][j] / classes;
                double v = 0.7 * Math.signum(wt[favour][j] - mean) + 0.3 * (2 * rng.nextDouble() - 1);
                xi[j] = (float) (0.5 + lambda * 0.3 * v);
            }
            System.arraycopy(xi, 0, x, i * d, d);
            int best = 0;
            for (int k = 1; k < classes; k++) if (model.margin(xi, best, k) < 0) best = k;
            y[i] = best;
        }
        return new Problem(model, x, y, new Shape(n, c, h, w));
    }

    /** min over j of margin_j / gain_j: below 1 the point can be broken, above 1 it cannot. */
    static double ratio(Problem p, int i, Norm norm, double eps) {
        int d = (int) (p.batchShape.size() / p.batchShape.get(0));
        float[] xi = Arrays.copyOfRange(p.x, i * d, (i + 1) * d);
        double r = Double.POSITIVE_INFINITY;
        for (int j = 0; j < p.model.numClasses(); j++) {
            if (j == p.y[i]) continue;
            r = Math.min(r, p.model.margin(xi, p.y[i], j) / p.model.sparseGain(xi, p.y[i], j, norm, eps));
        }
        return r;
    }

    AttackResult attack(Problem p, Attack a, ThreatModel t, AttackContext ctx, NDManager m) {
        NDArray x = m.create(p.x, p.batchShape);
        return a.run(p.model, new LabeledBatch(x, p.y), t, ctx);
    }

    void breaksExactlyWhatTheOracleAllows(Norm norm, double eps, int c, int h, int w, String... options) {
        Problem p = problem(3, c, h, w, 60, 11);
        Map<String, Object> opts = new java.util.LinkedHashMap<>();
        for (int i = 0; i + 1 < options.length; i += 2) opts.put(options[i], Integer.parseInt(options[i + 1]));
        Attack a = AttackRegistry.create("sparse-rs", opts);
        ThreatModel t = ThreatModel.of(norm, eps);
        try (NDManager m = manager.newSubManager()) {
            AttackResult r = attack(p, a, t, AttackContext.seeded(5), m);
            float[] adv = r.adversarial().toFloatArray();
            float[] sizes = Sparse.sizes(norm, delta(adv, p.x), r.adversarial().getShape());
            int clear = 0;
            int impossible = 0;
            for (int i = 0; i < p.y.length; i++) {
                double q = ratio(p, i, norm, eps);
                if (q < CLEAR) {
                    clear++;
                    assertTrue(r.success()[i], norm + ": point " + i + " with margin/bound " + q + " not broken");
                }
                if (q > 1) {
                    impossible++;
                    assertFalse(r.success()[i], norm + ": point " + i + " broken above the optimal bound (" + q + ")");
                }
                if (r.success()[i]) {
                    // every changed pixel moved to a vertex, the clean values are inside [0.2, 0.8]: the size is exact
                    double want = norm == Norm.PATCH ? Math.sqrt(eps) : eps;
                    assertEquals(want, sizes[i], 0, norm + ": size of point " + i);
                    assertEquals(sizes[i], r.norms()[i], 0);
                } else {
                    assertEquals(0, sizes[i], 0, "failed point not returned clean");
                }
            }
            assertTrue(clear >= 10 && impossible >= 3, "the problem must have both kinds: " + clear + " clearly "
                    + "breakable, " + impossible + " unbreakable");
            for (float v : adv) assertTrue(v >= 0 && v <= 1, "outside [0,1]: " + v);
        }
    }

    static float[] delta(float[] a, float[] b) {
        float[] d = new float[a.length];
        for (int i = 0; i < a.length; i++) d[i] = a[i] - b[i];
        return d;
    }

    @Test
    void l0BreaksEveryPointClearlyBelowTheOptimalBoundAndNoneAbove() {
        breaksExactlyWhatTheOracleAllows(Norm.L0, 4, 1, 12, 12, "queries", "1000");
    }

    @Test
    void l0OnColourPixelsCountsPixelsNotChannels() {
        breaksExactlyWhatTheOracleAllows(Norm.L0, 3, 3, 6, 6, "queries", "1000");
    }

    @Test
    void patchBreaksEveryPointClearlyBelowTheBestWindowAndNoneAbove() {
        breaksExactlyWhatTheOracleAllows(Norm.PATCH, 9, 1, 12, 12, "queries", "1000");
    }

    @Test
    void frameBreaksEveryPointClearlyBelowTheFrameBoundAndNoneAbove() {
        breaksExactlyWhatTheOracleAllows(Norm.FRAME, 1, 1, 20, 20, "queries", "1000");
    }

    @Test
    void featureSpaceChangesAtMostKFeatures() {
        Problem p = problem(3, 3, 6, 6, 30, 3);
        Attack a = AttackRegistry.create("sparse-rs", Map.of("queries", 300, "feature_space", true));
        try (NDManager m = manager.newSubManager()) {
            AttackResult r = attack(p, a, ThreatModel.of(Norm.L0, 4), AttackContext.seeded(1), m);
            float[] d = delta(r.adversarial().toFloatArray(), p.x);
            int per = 3 * 36;
            int broken = 0;
            for (int i = 0; i < p.y.length; i++) {
                int nz = 0;
                for (int j = 0; j < per; j++) if (d[i * per + j] != 0) nz++;
                assertTrue(nz <= 4, "feature space changed " + nz + " features");
                if (r.success()[i]) {
                    broken++;
                    assertEquals(4, nz);
                }
            }
            assertTrue(broken > 0);
        }
    }

    @Test
    void queryBudgetsAreNeverExceededAndAddUpToTheModelCalls() {
        Problem p = problem(3, 1, 8, 8, 40, 7);
        for (Norm norm : Norm.SPARSE) {
            double eps = norm == Norm.PATCH ? 4 : norm == Norm.L0 ? 2 : 1;
            Attack a = AttackRegistry.create("sparse-rs", Map.of("queries", 50, "restarts", 2));
            try (NDManager m = manager.newSubManager()) {
                AttackResult r = attack(p, a, ThreatModel.of(norm, eps), AttackContext.seeded(2), m);
                long sum = 0;
                for (long q : r.queries()) {
                    assertTrue(q >= 1 && q <= 100, norm + ": " + q + " queries, budget 2×50");
                    sum += q;
                }
                // plus one judging pass over the batch
                assertEquals(r.modelCalls(), sum + p.y.length, norm.id());
                for (int i = 0; i < p.y.length; i++) {
                    if (!r.success()[i]) assertEquals(100, r.queries()[i], "an unbroken point uses its whole budget");
                }
            }
        }
    }

    @Test
    void sameSeedSameResultOtherSeedOtherSearch() {
        Problem p = problem(3, 1, 8, 8, 20, 9);
        Attack a = AttackRegistry.create("sparse-rs", Map.of("queries", 200));
        try (NDManager m = manager.newSubManager()) {
            AttackResult r1 = attack(p, a, ThreatModel.of(Norm.L0, 3), AttackContext.seeded(4), m);
            AttackResult r2 = attack(p, a, ThreatModel.of(Norm.L0, 3), AttackContext.seeded(4), m);
            AttackResult r3 = attack(p, a, ThreatModel.of(Norm.L0, 3), AttackContext.seeded(5), m);
            assertArrayEquals(r1.adversarial().toFloatArray(), r2.adversarial().toFloatArray());
            assertArrayEquals(r1.queries(), r2.queries());
            assertFalse(Arrays.equals(r1.queries(), r3.queries()), "another seed, the very same search");
        }
    }

    @Test
    void targetedRunsReachTheirTargets() {
        Problem p = problem(3, 1, 8, 8, 30, 13);
        int[] targets = new int[p.y.length];
        for (int i = 0; i < targets.length; i++) targets[i] = (p.y[i] + 1) % 3;
        Attack a = AttackRegistry.create("sparse-rs", Map.of("queries", 500));
        try (NDManager m = manager.newSubManager()) {
            AttackResult r = attack(p, a, ThreatModel.of(Norm.L0, 6), new AttackContext(1, targets), m);
            int[] pred = org.robustj.attack.Inputs.argmaxChecked(p.model.logits(r.adversarial()), "linear");
            int hit = 0;
            for (int i = 0; i < targets.length; i++) {
                assertEquals(pred[i] == targets[i], r.success()[i]);
                if (r.success()[i]) hit++;
            }
            assertTrue(hit > targets.length / 3, "only " + hit + " targets reached");
        }
    }

    @Test
    void universalFrameIsOnePerturbationForTheWholeBatch() {
        Problem p = problem(3, 1, 8, 8, 150, 17);
        int[] targets = new int[p.y.length];
        Arrays.fill(targets, 2);
        int[] y = p.y.clone();
        Attack a = AttackRegistry.create("sparse-rs", Map.of("queries", 300, "universal", true));
        try (NDManager m = manager.newSubManager()) {
            NDArray x = m.create(p.x, p.batchShape);
            AttackResult r = a.run(p.model, new LabeledBatch(x, y), ThreatModel.of(Norm.FRAME, 1),
                    new AttackContext(3, targets));
            float[] adv = r.adversarial().toFloatArray();
            float[] frame = null;
            int broken = 0;
            for (int i = 0; i < y.length; i++) {
                if (!r.success()[i]) continue;
                broken++;
                float[] f = new float[28];
                int q = 0;
                for (int row = 0; row < 8; row++) {
                    for (int col = 0; col < 8; col++) {
                        if (row == 0 || col == 0 || row == 7 || col == 7) f[q++] = adv[i * 64 + row * 8 + col];
                    }
                }
                if (frame == null) frame = f; else assertArrayEquals(frame, f, "two frames in a universal attack");
            }
            // 150 points: more than a shard, still one perturbation
            assertTrue(broken > 1, broken + " of " + y.length);
        }
    }

    @Test
    void l0ScheduleIsTheReferencePiecewiseDecay() {
        double a = 0.3;
        int[] at = {1, 50, 51, 200, 201, 500, 501, 1000, 1001, 2000, 2001, 4000, 4001, 6000, 6001, 8000, 8001};
        double[] want = {a / 2, a / 2, a / 4, a / 4, a / 5, a / 5, a / 6, a / 6, a / 8, a / 8, a / 10, a / 10, a / 12,
            a / 12, a / 15, a / 15, a / 20};
        for (int q = 0; q < at.length; q++) {
            assertEquals(want[q], SparseRsAttack.l0Fraction(at[q], a, false), 1e-12, "at " + at[q]);
        }
        assertEquals(a / 2, SparseRsAttack.l0Fraction(9000, a, true), 1e-12);
        // frames: 3·ceil(max((T − i)/T − 1/2, 0)·α·w²), at least 1
        assertEquals(3 * (int) Math.ceil(0.5 * 0.5 * 4), SparseRsAttack.frameSide(0, 10000, 0.5, 2));
        assertEquals(1, SparseRsAttack.frameSide(5000, 10000, 0.5, 2));
        assertEquals(1.667 * 0.2, SparseRsAttack.universalFrameFraction(2000, 1.667), 1e-12);
        assertEquals(0, SparseRsAttack.universalFrameFraction(20000, 1.667), 1e-12);
    }

    @Test
    void badBudgetsAreOneLineErrors() {
        Problem p = problem(3, 1, 8, 8, 4, 1);
        Attack a = AttackRegistry.create("sparse-rs", Map.of("queries", 10));
        try (NDManager m = manager.newSubManager()) {
            assertThrows(InvalidInputException.class, () -> ThreatModel.of(Norm.L0, 0.5));
            assertThrows(InvalidInputException.class, () -> ThreatModel.of(Norm.L0, 1.5));
            assertThrows(InvalidInputException.class, () -> ThreatModel.of(Norm.PATCH, 10));
            InvalidInputException big = assertThrows(InvalidInputException.class,
                    () -> attack(p, a, ThreatModel.of(Norm.L0, 65), AttackContext.seeded(0), m));
            assertTrue(big.getMessage().contains("65") && big.getMessage().contains("8×8"), big.getMessage());
            InvalidInputException patch = assertThrows(InvalidInputException.class,
                    () -> attack(p, a, ThreatModel.of(Norm.PATCH, 81), AttackContext.seeded(0), m));
            assertTrue(patch.getMessage().contains("9×9 patch"), patch.getMessage());
            assertThrows(InvalidInputException.class,
                    () -> attack(p, a, ThreatModel.of(Norm.FRAME, 5), AttackContext.seeded(0), m));
            InvalidInputException q = assertThrows(InvalidInputException.class,
                    () -> AttackRegistry.create("sparse-rs", Map.of("queries", 0)));
            assertTrue(q.getMessage().contains("steps"), q.getMessage());
        }
    }

    @Test
    void gradientAttacksRefuseSparseThreatModelsNamingSparseRs() {
        Problem p = problem(3, 1, 8, 8, 4, 1);
        try (NDManager m = manager.newSubManager()) {
            MissingCapabilityException e = assertThrows(MissingCapabilityException.class, () -> attack(p,
                    AttackRegistry.create("apgd-ce"), ThreatModel.of(Norm.L0, 3), AttackContext.seeded(0), m));
            assertTrue(e.getMessage().contains("apgd-ce") && e.getMessage().contains("l0")
                    && e.getMessage().contains("sparse-rs"), e.getMessage());
            MissingCapabilityException back = assertThrows(MissingCapabilityException.class, () -> attack(p,
                    AttackRegistry.create("sparse-rs"), ThreatModel.of(Norm.LINF, 0.1), AttackContext.seeded(0), m));
            assertTrue(back.getMessage().contains("square"), back.getMessage());
        }
    }

    @Test
    void universalPatchIsThePatchForEveryPointWhereverItSits() {
        Problem p = problem(3, 1, 8, 8, 40, 19);
        Attack a = AttackRegistry.create("sparse-rs", Map.of("queries", 300, "universal", true));
        try (NDManager m = manager.newSubManager()) {
            AttackResult r = attack(p, a, ThreatModel.of(Norm.PATCH, 4), AttackContext.seeded(6), m);
            float[] adv = r.adversarial().toFloatArray();
            float[] patch = null;
            int broken = 0;
            for (int i = 0; i < p.y.length; i++) {
                if (!r.success()[i]) continue;
                broken++;
                // clean values lie in [0.2, 0.8] and the patch's are vertices: the changed pixels are the 2×2 patch
                int r0 = 8;
                int c0 = 8;
                for (int q = 0; q < 64; q++) {
                    if (adv[i * 64 + q] != p.x[i * 64 + q]) {
                        r0 = Math.min(r0, q / 8);
                        c0 = Math.min(c0, q % 8);
                    }
                }
                float[] here = new float[4];
                for (int u = 0; u < 2; u++) {
                    for (int v = 0; v < 2; v++) here[u * 2 + v] = adv[i * 64 + (r0 + u) * 8 + c0 + v];
                }
                if (patch == null) patch = here; else assertArrayEquals(patch, here, "two patches in a universal attack");
                assertEquals(2, r.norms()[i], 0);
            }
            assertTrue(broken > 1, broken + " of " + p.y.length);
        }
    }
}
