package org.robustj.attack.gradient;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.robustj.attack.Attack;
import org.robustj.attack.AttackContext;
import org.robustj.attack.AttackRegistry;
import org.robustj.attack.AttackResult;
import org.robustj.attack.Capability;
import org.robustj.attack.LabeledBatch;
import org.robustj.data.Dataset;
import org.robustj.data.Datasets;
import org.robustj.errors.InvalidInputException;
import org.robustj.model.Classifier;
import org.robustj.model.Models;
import org.robustj.testkit.LinearClassifier;
import org.robustj.testkit.MaskedClassifier;
import org.robustj.testkit.Oracles;
import org.robustj.threat.Norm;
import org.robustj.threat.ThreatModel;

/**
 * FAB and FAB-T find the exact minimal adversarial distance of linear models (within 5%, never below it),
 * also when the logits are scaled to mask gradients; on a standard MNIST CNN FAB-T breaks nearly every point.
 */
class FabAttackTest {
    static final int CLASSES = 5;
    static NDManager manager;
    static Oracles.LinearProblem problem;
    static Linear oracle;
    static Linear skewed;

    /** A linear model with its weights and test points (flat, in [0, 1]) whose labels it predicts. */
    record Linear(LinearClassifier model, float[][] w, float[] b, float[][] x, int[] y) {
        int size() {
            return y.length;
        }

        float[] minimalNorms(Attack attack, Classifier m, ThreatModel threat) {
            assertTrue(attack.capabilities().contains(Capability.MINIMAL_NORM));
            int d = x[0].length;
            float[] flat = new float[size() * d];
            for (int i = 0; i < size(); i++) System.arraycopy(x[i], 0, flat, i * d, d);
            try (NDManager s = manager.newSubManager()) {
                NDArray xs = s.create(flat, new Shape(size(), d));
                return attack.run(m, new LabeledBatch(xs, y), threat, AttackContext.seeded(1)).minimalNorms();
            }
        }

        double[] exact(Norm norm) {
            double[] e = new double[size()];
            for (int i = 0; i < e.length; i++) e[i] = model.minimalDistance(x[i], y[i], norm);
            return e;
        }

        /** The closed-form distance to the boundary of each of the {@code targets} most likely other classes. */
        double[] bestOverTargets(Norm norm, int targets) {
            double[] best = new double[size()];
            for (int i = 0; i < size(); i++) {
                double[] z = new double[w.length];
                Integer[] order = new Integer[w.length];
                for (int c = 0; c < w.length; c++) {
                    order[c] = c;
                    z[c] = b[c];
                    for (int q = 0; q < x[i].length; q++) z[c] += (double) w[c][q] * x[i][q];
                }
                Arrays.sort(order, (p, q) -> Double.compare(z[q], z[p]));
                best[i] = Double.POSITIVE_INFINITY;
                for (int r = 1; r <= Math.min(targets, w.length - 1); r++) {
                    best[i] = Math.min(best[i], model.targetDistance(x[i], y[i], order[r], norm));
                }
            }
            return best;
        }

        /** Whether the box-free minimal step of point i towards class j stays inside [0, 1]. */
        boolean boxFree(int i, int j, Norm norm) {
            int d = x[i].length;
            double[] dw = new double[d];
            double margin = b[y[i]] - b[j];
            for (int q = 0; q < d; q++) {
                dw[q] = (double) w[y[i]][q] - w[j][q];
                margin += dw[q] * x[i][q];
            }
            double[] lo = new double[d];
            double[] hi = new double[d];
            Arrays.fill(lo, -1e9);
            Arrays.fill(hi, 1e9);
            double[] step = FabProjections.project(norm, dw, margin, lo, hi);
            for (int q = 0; q < d; q++) {
                double v = x[i][q] + step[q];
                if (v < 0 || v > 1) return false;
            }
            return true;
        }

        /** The closed forms ignore the box: make sure it does not bind for any point and class. */
        void assertBoxDoesNotBind() {
            for (Norm norm : Norm.LP) {
                for (int i = 0; i < size(); i++) {
                    for (int j = 0; j < w.length; j++) {
                        if (j != y[i]) assertTrue(boxFree(i, j, norm), "test data: box binds at " + i + "/" + j);
                    }
                }
            }
        }
    }

    @BeforeAll
    static void setUp() {
        manager = NDManager.newBaseManager();
        problem = Oracles.linear(manager, CLASSES, 20, 30, 5);
        Dataset d = problem.data().data();
        float[][] xs = new float[d.size()][];
        for (int i = 0; i < xs.length; i++) xs[i] = d.values(new int[] {i});
        oracle = new Linear(problem.model(), problem.data().weights(), problem.data().bias(), xs, d.labels());
        oracle.assertBoxDoesNotBind();
        skewed = skewed();
        skewed.assertBoxDoesNotBind();
    }

    /**
     * Points near the centre c = 0.5·1 of class 0 (w₀ = 0, b₀ = 0) and three other classes j with
     * z_j = s_j (u_j·(x − c) − r_j) for unit directions u_j: at c the boundary with class j is r_j away
     * (L2) and the logit gap is s_j r_j. Class 1 has the smallest gap but is the farthest (r = 0.15,
     * s = 0.1), class 2 is the nearest (r = 0.05, s = 2), class 3 lies between (r = 0.12, s = 1.5): FAB-T's
     * second most likely class is then not the nearest one.
     */
    static Linear skewed() {
        int k = 4;
        int dim = 20;
        double[] r = {0, 0.15, 0.05, 0.12};
        double[] s = {0, 0.1, 2, 1.5};
        java.util.SplittableRandom rng = new java.util.SplittableRandom(3);
        float[][] w = new float[k][dim];
        float[] b = new float[k];
        for (int c = 1; c < k; c++) {
            double[] u = new double[dim];
            double nrm = 0;
            for (int q = 0; q < dim; q++) {
                u[q] = Norm.gaussian(rng);
                nrm += u[q] * u[q];
            }
            double uc = 0;
            for (int q = 0; q < dim; q++) {
                w[c][q] = (float) (s[c] * u[q] / Math.sqrt(nrm));
                uc += w[c][q] * 0.5;
            }
            b[c] = (float) (-uc - s[c] * r[c]);
        }
        LinearClassifier model = new LinearClassifier(manager, w, b);
        int n = 24;
        float[][] xs = new float[n][dim];
        int[] ys = new int[n];
        for (int i = 0; i < n; i++) {
            for (int q = 0; q < dim; q++) xs[i][q] = (float) (0.5 + 0.06 * (rng.nextDouble() - 0.5));
            double best = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                double z = b[c];
                for (int q = 0; q < dim; q++) z += (double) w[c][q] * xs[i][q];
                if (z > best) {
                    best = z;
                    ys[i] = c;
                }
            }
        }
        return new Linear(model, w, b, xs, ys);
    }

    @AfterAll
    static void tearDown() {
        skewed.model().close();
        problem.close();
        manager.close();
    }

    /** ε below every distance, so no point counts as broken and every target and restart runs. */
    static ThreatModel tiny(Norm norm) {
        return ThreatModel.of(norm, 1e-4);
    }

    /** Every point's minimal norm lies in [lower − 1e-4, 1.05 · upper]. */
    static void assertWithin(String what, float[] found, double[] lower, double[] upper) {
        for (int i = 0; i < found.length; i++) {
            assertTrue(found[i] >= lower[i] - 1e-4, what + " point " + i + ": " + found[i]
                    + " below the exact minimum " + lower[i]);
            assertTrue(found[i] <= 1.05 * upper[i], what + " point " + i + ": " + found[i] + " more than 5% above "
                    + upper[i]);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Norm.class, names = {"LINF", "L2", "L1"})
    void fabFindsTheExactMinimalDistanceOfALinearModel(Norm norm) {
        for (Linear lin : new Linear[] {oracle, skewed}) {
            double[] e = lin.exact(norm);
            assertWithin("fab " + norm, lin.minimalNorms(AttackRegistry.create("fab"), lin.model(), tiny(norm)), e, e);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Norm.class, names = {"LINF", "L2", "L1"})
    void fabTReachesTheBestDistanceOverItsTargets(Norm norm) {
        // default: min(9, K − 1) targets, i.e. every other class, so the best is the minimal distance
        for (Linear lin : new Linear[] {oracle, skewed}) {
            double[] e = lin.exact(norm);
            float[] found = lin.minimalNorms(AttackRegistry.create("fab-t"), lin.model(), tiny(norm));
            assertWithin("fab-t " + norm, found, e, e);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Norm.class, names = {"LINF", "L2", "L1"})
    void fabTWithOneTargetAimsAtTheSecondMostLikelyClass(Norm norm) {
        double[] e = skewed.exact(norm);
        double[] second = skewed.bestOverTargets(norm, 1);
        double[] two = skewed.bestOverTargets(norm, 2);
        float[] one = skewed.minimalNorms(AttackRegistry.create("fab-t", Map.of("n_target_classes", 1)),
                skewed.model(), tiny(norm));
        assertWithin("fab-t (1 target) " + norm, one, e, second);
        float[] both = skewed.minimalNorms(AttackRegistry.create("fab-t", Map.of("n_target_classes", 2)),
                skewed.model(), tiny(norm));
        assertWithin("fab-t (2 targets) " + norm, both, e, two);
        // where the nearest boundary belongs to another class, one target does not find it
        int farther = 0;
        int aimed = 0;
        for (int i = 0; i < e.length; i++) {
            if (second[i] > 1.2 * e[i]) {
                farther++;
                if (one[i] > 1.1 * e[i]) aimed++;
            }
        }
        assertTrue(farther >= 3, "test data: only " + farther + " points whose 2nd class is not the nearest");
        assertTrue(aimed >= farther / 2, "fab-t with one target went elsewhere: " + aimed + " of " + farther);
    }

    @ParameterizedTest
    @EnumSource(value = Norm.class, names = {"LINF", "L2", "L1"})
    void scaledLogitsDoNotMaskFab(Norm norm) {
        double[] e = oracle.exact(norm);
        Classifier masked = MaskedClassifier.scaledLogits(oracle.model(), 1e4);
        assertWithin("fab ×1e4 " + norm, oracle.minimalNorms(AttackRegistry.create("fab"), masked, tiny(norm)), e, e);
        assertWithin("fab-t ×1e4 " + norm, oracle.minimalNorms(AttackRegistry.create("fab-t"), masked, tiny(norm)),
                e, e);
    }

    @Test
    void restartsNeverWorsenTheMinimalNormAndRepeatWithTheSeed() {
        Norm norm = Norm.L2;
        float[] one = oracle.minimalNorms(AttackRegistry.create("fab", Map.of("n_iter", 10)), oracle.model(),
                tiny(norm));
        Attack three = AttackRegistry.create("fab", Map.of("n_iter", 10, "n_restarts", 3, "restart_eps", 0.5));
        assertTrue(three.capabilities().contains(Capability.STOCHASTIC));
        float[] a = oracle.minimalNorms(three, oracle.model(), tiny(norm));
        float[] b = oracle.minimalNorms(three, oracle.model(), tiny(norm));
        assertArrayEquals(a, b, "same seed, different minimal norms");
        for (int i = 0; i < one.length; i++) assertTrue(a[i] <= one[i], "restarts made point " + i + " worse");
    }

    @Test
    void misclassifiedPointsKeepTheCleanInput() {
        Dataset d = problem.data().data();
        int[] wrong = d.labels().clone();
        for (int i = 0; i < wrong.length; i += 3) wrong[i] = (wrong[i] + 1) % CLASSES;
        try (NDManager m = manager.newSubManager()) {
            NDArray x = d.batch(m, d.allIndices());
            AttackResult r = AttackRegistry.create("fab-t", Map.of("n_iter", 5))
                    .run(problem.model(), new LabeledBatch(x, wrong), tiny(Norm.LINF), AttackContext.seeded(1));
            for (int i = 0; i < wrong.length; i += 3) {
                assertEquals(0f, r.minimalNorms()[i], 0f);
                assertTrue(r.success()[i]);
            }
        }
    }

    @Test
    void badOptionsAreRejectedByName() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> AttackRegistry.create("fab", Map.of("beta", 1.5)));
        assertTrue(e.getMessage().contains("beta"), e.getMessage());
    }

    static Path shared(String f) {
        return Path.of(System.getProperty("robustj.shared", "../shared")).resolve("models").resolve(f);
    }

    @Test
    void fabTBreaksAStandardMnistCnn() {
        Path pt = shared("cnn_bn_std.pt");
        assumeTrue(Files.exists(pt), "skipping: " + pt + " absent (set -Drobustj.shared to the shared folder)");
        Dataset test = Datasets.load("mnist", "test").first(50);
        try (NDManager m = NDManager.newBaseManager();
                Classifier c = Models.open(m, pt.toString(), test.sampleShape())) {
            NDArray x = test.batch(m, test.allIndices());
            Attack fabT = AttackRegistry.create("fab-t");
            long t0 = System.nanoTime();
            AttackResult r = fabT.run(c, new LabeledBatch(x, test.labels()), ThreatModel.of(Norm.LINF, 0.3),
                    AttackContext.seeded(0));
            double seconds = (System.nanoTime() - t0) / 1e9;
            int[] pred = org.robustj.attack.Inputs.argmaxChecked(c.logits(x), "cnn");
            int clean = 0;
            for (int i = 0; i < pred.length; i++) if (pred[i] == test.label(i)) clean++;
            int robust = test.size() - r.successes();
            float[] mins = r.minimalNorms().clone();
            Arrays.sort(mins);
            float median = (mins[24] + mins[25]) / 2;
            System.out.printf("[fab-t mnist] cnn_bn_std first 50, linf 0.3: clean %d/50, robust %d/50 (%.0f%%),"
                    + " median minimal Linf norm %.4f, %.1f s, %d model calls%n", clean, robust, 2.0 * robust, median,
                    seconds, r.modelCalls());
            assertTrue(robust <= 2, "fab-t leaves " + robust + " of 50 points robust on a standard model");
            assertTrue(median > 0 && median < 0.3, "median minimal norm " + median);
        }
    }
}
