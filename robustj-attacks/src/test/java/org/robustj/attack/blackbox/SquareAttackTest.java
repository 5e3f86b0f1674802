package org.robustj.attack.blackbox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.robustj.attack.Inputs;
import org.robustj.attack.LabeledBatch;
import org.robustj.attack.loss.Losses;
import org.robustj.data.Dataset;
import org.robustj.data.Datasets;
import org.robustj.errors.InvalidInputException;
import org.robustj.model.Classifier;
import org.robustj.model.Models;
import org.robustj.testkit.LinearClassifier;
import org.robustj.testkit.MaskedClassifier;
import org.robustj.threat.Norm;
import org.robustj.threat.ThreatModel;

/**
 * Square Attack: the reference p schedule and window sides, breaking a model whose input gradient is exactly
 * zero, norms kept at ε, exact query budgets, targeted runs, and a standard MNIST CNN at L∞ 0.3.
 */
class SquareAttackTest {
    static NDManager manager;

    @BeforeAll
    static void setUp() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void tearDown() {
        manager.close();
    }

    @Test
    void pScheduleMatchesAutoAttackWithoutRescaling() {
        int[] ends = {10, 50, 200, 500, 1000, 2000, 4000, 4999};
        double[] values = {0.8, 0.4, 0.2, 0.1, 0.05, 0.025, 0.0125, 0.00625};
        int seg = 0;
        for (int i = 0; i < 5000; i++) {
            if (i > ends[seg]) seg++;
            assertEquals(values[seg], SquareAttack.p(i, 5000, 0.8, false), 1e-12, "p at i=" + i);
        }
        assertEquals(0.8 / 256, SquareAttack.p(8000, 10000, 0.8, false), 1e-12);
        assertEquals(0.8 / 512, SquareAttack.p(8001, 10000, 0.8, false), 1e-12);
        // rescaled: i is mapped to floor(i / n * 10000) first
        assertEquals(0.8, SquareAttack.p(1, 1000, 0.8, true), 1e-12);
        assertEquals(0.4, SquareAttack.p(2, 1000, 0.8, true), 1e-12);
        assertEquals(0.8 / 512, SquareAttack.p(999, 1000, 0.8, true), 1e-12);
        assertEquals(0.8 / 256, SquareAttack.p(800, 1000, 0.8, true), 1e-12);
    }

    @Test
    void squareSidesMatchTheCifarReferenceValues() {
        double[] ps = {0.8, 0.4, 0.2, 0.1, 0.05, 0.025, 0.0125, 0.00625};
        int[] linf = {29, 20, 14, 10, 7, 5, 4, 3};
        int[] l2 = {29, 21, 15, 11, 7, 5, 5, 3};
        for (int k = 0; k < ps.length; k++) {
            assertEquals(linf[k], SquareAttack.squareSide(Norm.LINF, ps[k], 32, 32), "linf p=" + ps[k]);
            assertEquals(l2[k], SquareAttack.squareSide(Norm.L2, ps[k], 32, 32), "l2 p=" + ps[k]);
        }
        assertEquals(1, SquareAttack.squareSide(Norm.LINF, 0.8 / 512, 32, 32));
        assertEquals(3, SquareAttack.squareSide(Norm.L2, 0.8 / 512, 32, 32));
        // capped by the image: MNIST at p_init, an 8x8 image, flat inputs (1 x D)
        assertEquals(25, SquareAttack.squareSide(Norm.LINF, 0.8, 28, 28));
        assertEquals(7, SquareAttack.squareSide(Norm.LINF, 0.8, 8, 8));
        assertEquals(1, SquareAttack.squareSide(Norm.LINF, 0.8, 1, 12));
        assertEquals(1, SquareAttack.squareSide(Norm.L2, 0.8, 1, 12));
    }

    @Test
    void etaPatternHasUnitNormAndOppositeHalves() {
        for (int s = 1; s <= 9; s++) {
            double[] e = SquareAttack.eta(s, Norm.L2);
            double sq = 0;
            double top = 0;
            double bottom = 0;
            for (int q = 0; q < e.length; q++) {
                sq += e[q] * e[q];
                if (q < (s / 2) * s) top += e[q]; else bottom += e[q];
            }
            assertEquals(1.0, sq, 1e-12, "side " + s);
            assertTrue(top >= 0 && bottom < 0, "side " + s);
        }
        // 3x3: top row is rings(1,3) = [1+1/4, 1+1/4+... ] centred on the middle column
        double[] r = SquareAttack.rings(1, 3, Norm.L2);
        assertTrue(r[1] > r[0] && r[0] == r[2], Arrays.toString(r));
    }

    @Test
    void javaScoresAgreeWithTheSharedLosses() {
        SplittableRandom rng = new SplittableRandom(3);
        int n = 16;
        int k = 5;
        float[] z = new float[n * k];
        long[] y = new long[n];
        for (int q = 0; q < z.length; q++) z[q] = (float) (3 * Norm.gaussian(rng));
        for (int i = 0; i < n; i++) y[i] = rng.nextInt(k);
        // a tie between the true class and another: margin exactly 0, not fooled
        y[2] = 0;
        z[2 * k + 1] = z[2 * k];
        z[2 * k + 2] = z[2 * k] - 1;
        z[2 * k + 3] = z[2 * k] - 1;
        z[2 * k + 4] = z[2 * k] - 1;
        try (NDManager m = manager.newSubManager()) {
            NDArray za = m.create(z, new Shape(n, k));
            NDArray ya = m.create(y);
            float[] margin = Losses.margin(za, ya).toFloatArray();
            float[] targeted = Losses.marginTargeted(za, ya).toFloatArray();
            float[] ce = Losses.ce(za, ya).toFloatArray();
            SquareAttack.Scores u = SquareAttack.scores(z, y, false, false, "t");
            SquareAttack.Scores uce = SquareAttack.scores(z, y, false, true, "t");
            SquareAttack.Scores t = SquareAttack.scores(z, y, true, false, "t");
            SquareAttack.Scores tce = SquareAttack.scores(z, y, true, true, "t");
            for (int i = 0; i < n; i++) {
                assertEquals(-margin[i], u.margin()[i], 1e-5);
                assertEquals(u.margin()[i], u.loss()[i], 0);
                assertEquals(-ce[i], uce.loss()[i], 1e-5);
                assertEquals(-targeted[i], t.margin()[i], 1e-5);
                assertEquals(ce[i], tce.loss()[i], 1e-5);
            }
        }
        assertEquals(0f, SquareAttack.scores(z, y, false, false, "t").margin()[2], 0f);
        float[] bad = {1f, Float.NaN};
        assertThrows(InvalidInputException.class, () -> SquareAttack.scores(bad, new long[] {0}, false, false, "m"));
    }

    /** Two-class linear model on 1×8×8 images and points at a known minimal distance from its boundary. */
    record Problem(LinearClassifier model, float[] x, int[] y, double[] dist) implements AutoCloseable {
        NDArray batch(NDManager m) {
            return m.create(x, new Shape(y.length, 1, 8, 8));
        }

        double maxDist() {
            return Arrays.stream(dist).max().orElseThrow();
        }

        /** Largest minimal distance in another norm. */
        double maxDist(Norm norm) {
            double r = 0;
            for (int i = 0; i < y.length; i++) {
                r = Math.max(r, model.minimalDistance(Arrays.copyOfRange(x, i * 64, (i + 1) * 64), y[i], norm));
            }
            return r;
        }

        @Override
        public void close() {
            model.close();
        }
    }

    static Problem problem(int n, double d, Norm norm, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int dim = 64;
        float[][] w = new float[2][dim];
        for (int k = 0; k < 2; k++) for (int j = 0; j < dim; j++) w[k][j] = (float) Norm.gaussian(rng);
        float[] b = {0f, 0f};
        LinearClassifier model = new LinearClassifier(manager, w, b, new Shape(1, 8, 8), 1.0);
        float[] dw = new float[dim];
        for (int j = 0; j < dim; j++) dw[j] = w[0][j] - w[1][j];
        double dual = norm.dual().of(dw);
        double l2 = Norm.L2.of(dw);
        float[] x = new float[n * dim];
        int[] y = new int[n];
        double[] dist = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
            double[] xb = new double[dim];
            double mb = 0;
            for (int j = 0; j < dim; j++) {
                xb[j] = 0.3 + 0.4 * rng.nextDouble();
                mb += dw[j] * xb[j];
            }
            // move along the norm's steepest direction so that the margin is exactly d * ||dw||_dual
            double want = (y[i] == 0 ? 1 : -1) * d * dual;
            double[] dir = new double[dim];
            double gain = 0;
            for (int j = 0; j < dim; j++) {
                dir[j] = norm == Norm.LINF ? Math.signum(dw[j]) : dw[j] / l2;
                gain += dir[j] * dw[j];
            }
            double t = (want - mb) / gain;
            float[] xi = new float[dim];
            for (int j = 0; j < dim; j++) {
                xi[j] = (float) (xb[j] + t * dir[j]);
                assertTrue(xi[j] > 0.1 && xi[j] < 0.9, "test point too close to the box: " + xi[j]);
            }
            System.arraycopy(xi, 0, x, i * dim, dim);
            dist[i] = model.minimalDistance(xi, y[i], norm);
            assertEquals(d, dist[i], 1e-3 * d);
        }
        return new Problem(model, x, y, dist);
    }

    static Attack square(Map<String, Object> options) {
        return AttackRegistry.create("square", options);
    }

    static int correct(Classifier c, NDArray x, int[] y) {
        int[] pred = Inputs.argmaxChecked(c.logits(x), c.source());
        int k = 0;
        for (int i = 0; i < y.length; i++) if (pred[i] == y[i]) k++;
        return k;
    }

    @Test
    void breaksAModelWithExactlyZeroInputGradient() {
        int n = 20;
        try (Problem pr = problem(n, 0.02, Norm.LINF, 11); NDManager m = manager.newSubManager()) {
            Classifier masked = MaskedClassifier.quantized(pr.model(), 256);
            NDArray x = pr.batch(m);
            LabeledBatch batch = new LabeledBatch(x, pr.y());
            assertEquals(n, correct(pr.model(), x, pr.y()));
            assertEquals(n, correct(masked, x, pr.y()), "quantisation changed a clean decision");
            ThreatModel threat = ThreatModel.of(Norm.LINF, 1.5 * pr.maxDist());
            int queries = 1000;
            Attack sq = square(Map.of("queries", queries));

            // the masking is real: a gradient step does nothing on the quantised model
            AttackResult fgsm = AttackRegistry.create("fgsm").run(masked, batch, threat, AttackContext.seeded(1));
            assertEquals(0, fgsm.successes(), "fgsm broke the masked model: gradient not zero");

            AttackResult plain = sq.run(pr.model(), batch, threat, AttackContext.seeded(1));
            AttackResult onMasked = sq.run(masked, batch, threat, AttackContext.seeded(1));
            System.out.printf("square linf eps=%.4f (1.5 x minimal distance): linear %d/%d broken (%d calls), "
                    + "quantised %d/%d broken (%d calls)%n", threat.eps(), plain.successes(), n,
                    plain.modelCalls(), onMasked.successes(), n, onMasked.modelCalls());
            assertTrue(plain.successes() >= n - 1, "unmasked model: " + plain.successes() + "/" + n);
            assertTrue(onMasked.successes() >= n - 1, "masked model: " + onMasked.successes() + "/" + n);
            AttackResult ce = square(Map.of("queries", queries, "loss", "ce")).run(pr.model(), batch, threat,
                    AttackContext.seeded(1));
            assertTrue(ce.successes() >= n - 1, "ce loss: " + ce.successes() + "/" + n);
            // early stopping: broken images stop querying (budget + start + final judgement)
            assertTrue(onMasked.modelCalls() < (long) n * (queries + 2) / 2, "calls " + onMasked.modelCalls());
            // every coordinate of an L∞ square perturbation sits at ±eps (the box does not bind here)
            for (int i = 0; i < n; i++) {
                if (onMasked.success()[i]) assertEquals(threat.eps(), onMasked.norms()[i], 1e-5);
            }

            // below the minimal distance nothing can be broken
            ThreatModel tooSmall = ThreatModel.of(Norm.LINF, 0.9 * Arrays.stream(pr.dist()).min().orElseThrow());
            AttackResult none = square(Map.of("queries", 200)).run(pr.model(), batch, tooSmall,
                    AttackContext.seeded(1));
            assertEquals(0, none.successes());
        }
    }

    @Test
    void l2KeepsThePerturbationOnTheSphereAndBreaksTheLinearModel() {
        int n = 20;
        try (Problem pr = problem(n, 0.1, Norm.L2, 12); NDManager m = manager.newSubManager()) {
            NDArray x = pr.batch(m);
            LabeledBatch batch = new LabeledBatch(x, pr.y());
            ThreatModel threat = ThreatModel.of(Norm.L2, 2.0 * pr.maxDist());
            Classifier masked = MaskedClassifier.scaledLogits(pr.model(), 1e4);
            AttackResult r = square(Map.of("queries", 1000)).run(masked, batch, threat, AttackContext.seeded(4));
            System.out.printf("square l2 eps=%.4f (2 x minimal distance): %d/%d broken, %d calls%n", threat.eps(),
                    r.successes(), n, r.modelCalls());
            assertTrue(r.successes() >= n - 2, r.successes() + "/" + n);
            for (int i = 0; i < n; i++) {
                if (r.success()[i]) assertEquals(threat.eps(), r.norms()[i], 1e-4 * threat.eps());
            }
        }
    }

    @Test
    void l1StaysInTheBallAndBreaksTheLinearModel() {
        int n = 20;
        try (Problem pr = problem(n, 0.1, Norm.L1, 12); NDManager m = manager.newSubManager()) {
            LabeledBatch batch = new LabeledBatch(pr.batch(m), pr.y());
            ThreatModel threat = ThreatModel.of(Norm.L1, 2.0 * pr.maxDist());
            AttackResult r = square(Map.of("queries", 1000)).run(pr.model(), batch, threat, AttackContext.seeded(4));
            System.out.printf("square l1 eps=%.4f (2 x minimal distance): %d/%d broken, %d calls%n", threat.eps(),
                    r.successes(), n, r.modelCalls());
            assertTrue(r.successes() >= n - 2, r.successes() + "/" + n);
            // the projection lands on the sphere (radius eps (1 - 1e-6)) up to float rounding of x0 + delta
            for (int i = 0; i < n; i++) {
                if (r.success()[i]) assertEquals(threat.eps(), r.norms()[i], 1e-4 * threat.eps());
            }
        }
    }

    @Test
    void worksOnNonSquareColourImages() {
        SplittableRandom rng = new SplittableRandom(31);
        int k = 3;
        int dim = 3 * 6 * 10;
        float[][] w = new float[k][dim];
        for (float[] row : w) for (int j = 0; j < dim; j++) row[j] = (float) Norm.gaussian(rng);
        try (LinearClassifier model = new LinearClassifier(manager, w, new float[k], new Shape(3, 6, 10), 1.0);
                NDManager m = manager.newSubManager()) {
            int n = 8;
            float[] x = new float[n * dim];
            for (int j = 0; j < x.length; j++) x[j] = (float) (0.35 + 0.3 * rng.nextDouble());
            NDArray xa = m.create(x, new Shape(n, 3, 6, 10));
            int[] y = Inputs.argmaxChecked(model.logits(xa), "linear");
            LabeledBatch batch = new LabeledBatch(xa, y);
            for (Norm norm : Norm.LP) {
                double eps = norm == Norm.LINF ? 0.05 : norm == Norm.L2 ? 0.6 : 3.0;
                long t0 = System.nanoTime();
                AttackResult r = square(Map.of("queries", 500)).run(model, batch, ThreatModel.of(norm, eps),
                        AttackContext.seeded(2));
                System.out.printf("3x6x10 %s eps=%.2f: %d/%d broken, %d calls, %.2f s%n", norm, eps, r.successes(), n,
                        r.modelCalls(), (System.nanoTime() - t0) / 1e9);
                assertTrue(r.successes() >= n / 2, norm + ": " + r.successes() + "/" + n);
                for (int i = 0; i < n; i++) {
                    // the box never binds here, so the search itself keeps the perturbation on the sphere
                    if (r.success()[i]) assertEquals(eps, r.norms()[i], 1e-4 * eps, norm + " point " + i);
                }
            }
        }
    }

    @Test
    void sameSeedSameResultOtherSeedOtherPoints() {
        try (Problem pr = problem(6, 0.05, Norm.LINF, 13); NDManager m = manager.newSubManager()) {
            LabeledBatch batch = new LabeledBatch(pr.batch(m), pr.y());
            for (Norm norm : Norm.LP) {
                // breakable, so the points compared are the search's own (failed points come back clean)
                ThreatModel t = ThreatModel.of(norm, (norm == Norm.LINF ? 1.5 : 2.5) * pr.maxDist(norm));
                Attack sq = square(Map.of("queries", 300));
                AttackResult a = sq.run(pr.model(), batch, t, AttackContext.seeded(7));
                AttackResult b = sq.run(pr.model(), batch, t, AttackContext.seeded(7));
                AttackResult c = sq.run(pr.model(), batch, t, AttackContext.seeded(8));
                assertTrue(a.successes() > 0, norm + ": nothing broken, the comparison would be empty");
                assertArrayEquals(a.adversarial().toFloatArray(), b.adversarial().toFloatArray());
                assertArrayEquals(a.success(), b.success());
                assertEquals(a.modelCalls(), b.modelCalls());
                assertFalse(Arrays.equals(a.adversarial().toFloatArray(), c.adversarial().toFloatArray()),
                        norm + ": another seed gave the very same points");
            }
        }
    }

    @Test
    void queriesPerImageNeverExceedTheBudget() {
        try (Problem pr = problem(4, 0.05, Norm.LINF, 14); NDManager m = manager.newSubManager()) {
            int q = 60;
            for (Norm norm : Norm.LP) {
                // eps below the minimal distance: the whole budget is used, exactly once per query
                ThreatModel t = ThreatModel.of(norm, 0.5 * pr.maxDist(norm));
                for (int i = 0; i < 4; i++) {
                    float[] xi = Arrays.copyOfRange(pr.x(), i * 64, (i + 1) * 64);
                    LabeledBatch one = new LabeledBatch(m.create(xi, new Shape(1, 1, 8, 8)), new int[] {pr.y()[i]});
                    AttackResult r = square(Map.of("queries", q)).run(pr.model(), one, t, AttackContext.seeded(i));
                    assertEquals(q + 1 + 1, r.modelCalls(), "start + n_queries + final judgement");
                    AttackResult r2 = square(Map.of("queries", q, "restarts", 2)).run(pr.model(), one, t,
                            AttackContext.seeded(i));
                    assertEquals(2 * (q + 1) + 1, r2.modelCalls());
                }
                // a batch of four: at most four times the per-image budget
                LabeledBatch all = new LabeledBatch(pr.batch(m), pr.y());
                ThreatModel big = ThreatModel.of(norm, (norm == Norm.LINF ? 1.5 : 2.5) * pr.maxDist(norm));
                AttackResult r = square(Map.of("queries", q)).run(pr.model(), all, big, AttackContext.seeded(3));
                assertTrue(r.modelCalls() <= 4L * (q + 1) + 4, "calls " + r.modelCalls());
            }
        }
    }

    @Test
    void targetedRunsReachTheirTargets() {
        SplittableRandom rng = new SplittableRandom(21);
        int k = 4;
        int dim = 64;
        float[][] w = new float[k][dim];
        for (float[] row : w) for (int j = 0; j < dim; j++) row[j] = (float) Norm.gaussian(rng);
        try (LinearClassifier model = new LinearClassifier(manager, w, new float[k], new Shape(1, 8, 8), 1.0);
                NDManager m = manager.newSubManager()) {
            int n = 12;
            float[] x = new float[n * dim];
            for (int j = 0; j < x.length; j++) x[j] = (float) (0.3 + 0.4 * rng.nextDouble());
            NDArray xa = m.create(x, new Shape(n, 1, 8, 8));
            int[] y = Inputs.argmaxChecked(model.logits(xa), "linear");
            int[] targets = new int[n];
            for (int i = 0; i < n; i++) targets[i] = (y[i] + 1 + i % (k - 1)) % k;
            LabeledBatch batch = new LabeledBatch(xa, y);
            ThreatModel threat = ThreatModel.of(Norm.LINF, 0.3);
            // every target is reachable: eps times the sign of (w_t - mean of the other rows) gets there
            int feasible = 0;
            for (int i = 0; i < n; i++) {
                double[] z = new double[k];
                for (int c = 0; c < k; c++) {
                    for (int j = 0; j < dim; j++) {
                        double mean = 0;
                        for (int o = 0; o < k; o++) if (o != targets[i]) mean += w[o][j] / (k - 1);
                        double xv = x[i * dim + j] + 0.3 * Math.signum(w[targets[i]][j] - mean);
                        z[c] += w[c][j] * xv;
                    }
                }
                boolean ok = true;
                for (int c = 0; c < k; c++) if (c != targets[i] && z[c] >= z[targets[i]]) ok = false;
                if (ok) feasible++;
            }
            assertEquals(n, feasible, "a hand-made vertex should reach every target at this eps");
            for (String loss : new String[] {"margin", "ce"}) {
                AttackResult r = square(Map.of("queries", 1000, "loss", loss)).run(model, batch, threat,
                        new AttackContext(5, targets));
                int[] pred = Inputs.argmaxChecked(model.logits(r.adversarial()), "linear");
                for (int i = 0; i < n; i++) assertEquals(r.success()[i], pred[i] == targets[i]);
                assertTrue(r.successes() >= n - 1, loss + ": " + r.successes() + "/" + n + " reached their target");
            }
        }
    }

    @Test
    void rejectsBadShapesAndOptionsClearly() {
        float[][] w = new float[2][64];
        w[0][0] = 1;
        try (LinearClassifier model = new LinearClassifier(manager, w, new float[2], new Shape(1, 1, 8, 8), 1.0);
                NDManager m = manager.newSubManager()) {
            LabeledBatch batch = new LabeledBatch(m.ones(new Shape(2, 1, 1, 8, 8)).mul(0.5f), new int[] {0, 0});
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> square(Map.of())
                    .run(model, batch, ThreatModel.of(Norm.LINF, 0.1), AttackContext.seeded(0)));
            assertTrue(e.getMessage().contains("N×C×H×W"), e.getMessage());
        }
        assertThrows(InvalidInputException.class, () -> square(Map.of("p_init", 1.5)));
        assertThrows(InvalidInputException.class, () -> square(Map.of("queries", 0)));
        assertThrows(RuntimeException.class, () -> square(Map.of("loss", "dlr")));
        SquareAttack.Config c = (SquareAttack.Config) AttackRegistry.create("square").config();
        assertEquals(SquareAttack.Config.defaults(), c);
        assertEquals(5000, c.queries());
        // AutoAttack's spellings work too
        SquareAttack.Config aa = (SquareAttack.Config) square(Map.of("n_queries", 100, "n_restarts", 2,
                "resc_schedule", true)).config();
        assertEquals(new SquareAttack.Config(100, 0.8, 2, "margin", true), aa);
        assertFalse(c.rescaleSchedule());
    }

    static Path shared(String f) {
        return Path.of(System.getProperty("robustj.shared", "../shared")).resolve("models").resolve(f);
    }

    @Test
    void breaksAStandardMnistCnnAtLinf03() {
        Path pt = shared("cnn_bn_std.pt");
        assumeTrue(Files.exists(pt), "skipping: " + pt + " absent (set -Drobustj.shared to the shared folder)");
        Dataset test = Datasets.load("mnist", "test");
        int n = 50;
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        try (NDManager m = manager.newSubManager(); Classifier c = Models.open(m, pt.toString(), test.sampleShape())) {
            NDArray x = test.batch(m, idx);
            int[] y = Arrays.copyOf(test.labels(), n);
            int[] clean = Inputs.argmaxChecked(c.logits(x), c.source());
            long t0 = System.nanoTime();
            int queries = 1000;
            AttackResult r = square(Map.of("queries", queries)).run(c, new LabeledBatch(x, y),
                    ThreatModel.of(Norm.LINF, 0.3), AttackContext.seeded(0));
            double secs = (System.nanoTime() - t0) / 1e9;
            int cleanOk = 0;
            int robust = 0;
            for (int i = 0; i < n; i++) {
                if (clean[i] == y[i]) cleanOk++;
                if (clean[i] == y[i] && !r.success()[i]) robust++;
            }
            double robustAcc = robust / (double) n;
            System.out.printf("square mnist cnn_bn_std linf 0.3, %d queries, first %d test points: clean %.2f, "
                    + "robust %.2f, %d model calls (%.1f per point), %.1f s%n", queries, n, cleanOk / (double) n,
                    robustAcc, r.modelCalls(), r.modelCalls() / (double) n, secs);
            assertTrue(r.modelCalls() <= (long) n * (queries + 2));
            assertTrue(robustAcc <= 0.2, "robust accuracy " + robustAcc);
        }
    }
}
