package org.robustj.diagnose.sharpness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.junit.jupiter.api.Test;
import org.robustj.diagnose.TinyNets;
import org.robustj.errors.InvalidInputException;
import org.robustj.errors.MissingCapabilityException;
import org.robustj.model.graph.LayerGraph;
import org.robustj.tensor.Engines;
import org.robustj.testkit.LinearClassifier;
import org.robustj.threat.Norm;

/** Sharpness against the closed forms of a quadratic loss, and on small networks. */
class SharpnessTest {

    /** L(w) = ½(w − w*)ᵀH(w − w*), one batch, error 0. */
    record Quadratic(double[][] h, double[] wStar, double[] at) implements WeightObjective {
        @Override
        public int batches() {
            return 1;
        }

        @Override
        public double[] weights() {
            return at.clone();
        }

        @Override
        public Value evaluate(int b, double[] w, boolean gradient) {
            int p = w.length;
            double[] g = new double[p];
            double loss = 0;
            for (int i = 0; i < p; i++) {
                for (int j = 0; j < p; j++) g[i] += h[i][j] * (w[j] - wStar[j]);
                loss += 0.5 * (w[i] - wStar[i]) * g[i];
            }
            return new Value(loss, 0, gradient ? g : null);
        }
    }

    /** A random symmetric positive-definite H = QΛQᵀ with eigenvalues lambda. */
    private static double[][] spd(int p, double[] lambda, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] q = new double[p][p];
        for (double[] row : q) for (int j = 0; j < p; j++) row[j] = r.nextGaussian();
        // Gram–Schmidt on the columns (a test helper)
        for (int j = 0; j < p; j++) {
            for (int k = 0; k < j; k++) {
                double dot = 0;
                for (int i = 0; i < p; i++) dot += q[i][j] * q[i][k];
                for (int i = 0; i < p; i++) q[i][j] -= dot * q[i][k];
            }
            double n = 0;
            for (int i = 0; i < p; i++) n += q[i][j] * q[i][j];
            for (int i = 0; i < p; i++) q[i][j] /= Math.sqrt(n);
        }
        double[][] h = new double[p][p];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                for (int k = 0; k < p; k++) h[i][j] += q[i][k] * lambda[k] * q[j][k];
            }
        }
        return h;
    }

    private static double largestEigenvalue(double[][] h) {
        DMatrixRMaj m = new DMatrixRMaj(h);
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(h.length, false, true);
        assertTrue(eig.decompose(m));
        double best = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < h.length; i++) best = Math.max(best, eig.getEigenvalue(i).getReal());
        return best;
    }

    private static SharpnessConfig cfg(SharpnessConfig.Kind k, Norm n, double rho, int iterations) {
        return new SharpnessConfig(k, n, rho, false, 128, iterations, false, true, 1.0, 3);
    }

    @Test
    void worstCaseL2SharpnessOfAQuadraticIsHalfRhoSquaredTimesTheLargestEigenvalue() {
        double[][] h = spd(6, new double[] {4.0, 1.5, 1.0, 0.6, 0.3, 0.1}, 1);
        double lmax = largestEigenvalue(h);
        assertEquals(4.0, lmax, 1e-9);
        double[] wStar = {0.3, -0.2, 1.0, 0.5, 0.0, -1.0};
        for (double rho : new double[] {0.05, 0.5, 2.0}) {
            SharpnessResult r = Sharpness.measure(new Quadratic(h, wStar, wStar.clone()),
                    cfg(SharpnessConfig.Kind.WORST, Norm.L2, rho, 100), null);
            double expected = 0.5 * rho * rho * lmax;
            assertEquals(expected, r.sharpness(), 1e-3 * expected, "rho " + rho);
            assertEquals(rho, r.maxDeltaNorm(), 1e-9 * rho + 1e-12, "the maximiser lies on the sphere");
        }
    }

    @Test
    void worstCaseLinfSharpnessOfAQuadraticIsTheBestVertex() {
        double[][] h = spd(5, new double[] {3.0, 1.0, 0.5, 0.2, 0.1}, 4);
        double best = 0;
        for (int s = 0; s < 32; s++) {
            double v = 0;
            for (int i = 0; i < 5; i++) {
                for (int j = 0; j < 5; j++) v += ((s >> i & 1) * 2 - 1) * h[i][j] * ((s >> j & 1) * 2 - 1);
            }
            best = Math.max(best, v);
        }
        double rho = 0.1;
        double[] w = new double[5];
        SharpnessResult r = Sharpness.measure(new Quadratic(h, w, w.clone()),
                cfg(SharpnessConfig.Kind.WORST, Norm.LINF, rho, 50), null);
        assertEquals(0.5 * rho * rho * best, r.sharpness(), 1e-9, "½ρ² max over sign vectors of sᵀHs");
    }

    @Test
    void averageCaseSharpnessOfAQuadraticIsHalfRhoSquaredTimesTheTrace() {
        double[][] h = spd(4, new double[] {2.0, 1.0, 0.5, 0.25}, 2);
        double trace = 3.75;
        double[] w = {1, 2, 3, 4};
        double rho = 0.2;
        int draws = 20_000;
        SharpnessResult g = Sharpness.measure(new Quadratic(h, w, w.clone()),
                cfg(SharpnessConfig.Kind.AVERAGE, Norm.L2, rho, draws), null);
        double expected = 0.5 * rho * rho * trace;
        // ½δᵀHδ with δ ~ N(0, ρ²I): std ρ²·sqrt(½ Σλ²) per draw
        double sd = rho * rho * Math.sqrt(0.5 * (4 + 1 + 0.25 + 0.0625)) / Math.sqrt(draws);
        assertEquals(expected, g.sharpness(), 4 * sd);
        SharpnessResult u = Sharpness.measure(new Quadratic(h, w, w.clone()),
                cfg(SharpnessConfig.Kind.AVERAGE, Norm.LINF, rho, draws), null);
        assertEquals(expected / 3, u.sharpness(), 4 * sd, "U[−1, 1] has variance 1/3");
    }

    @Test
    void theEllipsoidProjectionLandsOnTheBoundaryAndIsTheNearestPoint() {
        double[] c = {0.5, 2.0, 1.0, 0.0};
        double[] delta = {1.0, -1.0, 0.5, 0.7};
        double[] p = delta.clone();
        Sharpness.project(p, c, 0.3, Norm.L2, true);
        double wn = 0;
        for (int i = 0; i < 3; i++) wn += (p[i] / c[i]) * (p[i] / c[i]);
        assertEquals(0.3, Math.sqrt(wn), 1e-9);
        assertEquals(0.0, p[3], "a zero weight cannot move under adaptive scaling");
        // KKT: δ − u is parallel to u/c² (the normal of the ellipsoid)
        double ratio = (delta[0] - p[0]) / (p[0] / (c[0] * c[0]));
        for (int i = 1; i < 3; i++) assertEquals(ratio, (delta[i] - p[i]) / (p[i] / (c[i] * c[i])), 1e-6);
    }

    /** The values the reference's loop in {@code eval_APGD_sharpness} prints for 20 and 100 iterations. */
    @Test
    void theCheckpointsAreTheReferences() {
        assertEquals(List.of(5, 9, 12, 15, 16, 18, 19, 20), Sharpness.checkpoints(20));
        assertEquals(List.of(22, 41, 58, 70, 80, 87, 93, 99, 105), Sharpness.checkpoints(100));
    }

    @Test
    void modelGradientsMatchFiniteDifferencesAndTheWeightsAreRestored() {
        Engines.pytorch();
        SplittableRandom r = new SplittableRandom(9);
        try (NDManager m = NDManager.newBaseManager()) {
            LayerGraph g = TinyNets.oneHidden(m, TinyNets.random(r, 6, 4), new float[] {0.1f, -0.2f, 0.3f, 0, 0.05f,
                    -0.1f}, TinyNets.random(r, 3, 6), new float[] {0, 0.1f, -0.1f});
            var model = TinyNets.classifier(m, g, 3);
            float[] x = new float[5 * 4];
            for (int i = 0; i < x.length; i++) x[i] = (float) r.nextDouble();
            int[] y = {0, 1, 2, 1, 0};
            float[] before = g.forward(m.create(x, new ai.djl.ndarray.types.Shape(5, 4))).toFloatArray();
            try (ModelObjective f = ModelObjective.of(model, x, y, 5, false)) {
                assertEquals(6 * 4 + 6 + 3 * 6 + 3, f.dimension());
                double[] w = f.weights();
                WeightObjective.Value v = f.evaluate(0, w, true);
                for (int k : new int[] {0, 7, 25, 30, 50}) {
                    double hstep = 1e-2;
                    double[] a = w.clone();
                    double[] b = w.clone();
                    a[k] += hstep;
                    b[k] -= hstep;
                    double fd = (f.evaluate(0, a, false).loss() - f.evaluate(0, b, false).loss()) / (2 * hstep);
                    assertEquals(fd, v.gradient()[k], 2e-3, "d loss / d w_" + k);
                }
                SharpnessResult s = Sharpness.measure(f, SharpnessConfig.defaults().withBatchSize(5), null);
                assertTrue(s.sharpness() >= 0, "worst-case sharpness is never negative: " + s.sharpness());
            }
            float[] after = g.forward(m.create(x, new ai.djl.ndarray.types.Shape(5, 4))).toFloatArray();
            assertArrayEquals(before, after, "weights restored exactly");
        }
    }

    /**
     * Scaling layer 1 of a bias-free ReLU network by a and layer 2 by 1/a leaves the function unchanged, and the
     * adaptive (multiplicative) perturbations of the two parametrisations give the same functions, so adaptive
     * sharpness is unchanged while the non-adaptive one is not.
     */
    @Test
    void adaptiveSharpnessIsInvariantToRescalingLayersAndNonAdaptiveIsNot() {
        Engines.pytorch();
        SplittableRandom r = new SplittableRandom(5);
        float[][] w1 = TinyNets.random(r, 8, 4);
        float[][] w2 = TinyNets.random(r, 3, 8);
        float a = 3f;
        float[][] w1a = new float[8][4];
        float[][] w2a = new float[3][8];
        for (int i = 0; i < 8; i++) for (int j = 0; j < 4; j++) w1a[i][j] = a * w1[i][j];
        for (int i = 0; i < 3; i++) for (int j = 0; j < 8; j++) w2a[i][j] = w2[i][j] / a;
        float[] x = new float[16 * 4];
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextDouble();
        int[] y = new int[16];
        for (int i = 0; i < 16; i++) y[i] = i % 3;
        try (NDManager m = NDManager.newBaseManager()) {
            var plain = TinyNets.classifier(m, TinyNets.oneHidden(m, w1, null, w2, null), 3);
            var scaled = TinyNets.classifier(m, TinyNets.oneHidden(m, w1a, null, w2a, null), 3);
            SharpnessConfig adaptive = new SharpnessConfig(SharpnessConfig.Kind.AVERAGE, Norm.L2, 0.3, true, 8, 10,
                    false, false, 1, 1);
            double sa = Sharpness.measure(plain, x, y, adaptive, null).sharpness();
            double sb = Sharpness.measure(scaled, x, y, adaptive, null).sharpness();
            assertEquals(sa, sb, 1e-4 * Math.abs(sa) + 1e-6, "adaptive sharpness is rescaling-invariant");
            SharpnessConfig fixed = adaptive.with(SharpnessConfig.Kind.AVERAGE, Norm.L2, 0.3, false);
            double na = Sharpness.measure(plain, x, y, fixed, null).sharpness();
            double nb = Sharpness.measure(scaled, x, y, fixed, null).sharpness();
            assertNotEquals(na, nb, 0.05 * Math.abs(na), "non-adaptive sharpness changes: " + na + " vs " + nb);
        }
    }

    @Test
    void rhoOutOfRangeAndUnreachableWeightsAreRefusedWithOneLine() {
        for (double bad : new double[] {0, -0.1, Double.NaN, Double.POSITIVE_INFINITY, 50}) {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> cfg(SharpnessConfig.Kind.WORST, Norm.L2, bad, 20));
            assertTrue(e.getMessage().contains("rho"), e.getMessage());
        }
        assertThrows(InvalidInputException.class,
                () -> cfg(SharpnessConfig.Kind.WORST, Norm.L1, 0.1, 20));
        Engines.pytorch();
        try (NDManager m = NDManager.newBaseManager()) {
            LinearClassifier opaque = new LinearClassifier(m, new float[][] {{1, 0}}, new float[] {0});
            MissingCapabilityException e = assertThrows(MissingCapabilityException.class,
                    () -> Sharpness.measure(opaque, new float[2], new int[1], SharpnessConfig.defaults(), null));
            assertTrue(e.getMessage().startsWith("sharpness"), e.getMessage());
        }
    }
}
