package org.robustj.diagnose.collapse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.util.SplittableRandom;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;

/** Neural collapse against ground truth that needs no reference: the simplex ETF, invariances, pure noise. */
class NeuralCollapseTest {
    static final int C = 4;
    static final int D = 6;

    /** The simplex ETF sqrt(C/(C−1))(I − 11ᵀ/C), class c's vertex in the first C coordinates of R^D. */
    static double[][] etf() {
        double[][] m = new double[C][D];
        double s = Math.sqrt(C / (C - 1.0));
        for (int c = 0; c < C; c++) {
            for (int j = 0; j < C; j++) m[c][j] = s * ((c == j ? 1 : 0) - 1.0 / C);
        }
        return m;
    }

    /** An orthonormal basis of the span of the ETF (the C − 1 directions orthogonal to 1 in the first C coords). */
    static double[][] spanBasis() {
        RealMatrix a = new Array2DRowRealMatrix(D, C);
        double[][] m = etf();
        for (int c = 0; c < C; c++) for (int j = 0; j < D; j++) a.setEntry(j, c, m[c][j]);
        RealMatrix q = new QRDecomposition(a).getQ();
        double[][] basis = new double[C - 1][D];
        for (int k = 0; k < C - 1; k++) for (int j = 0; j < D; j++) basis[k][j] = q.getEntry(j, k);
        return basis;
    }

    @Test
    void featuresOnASimplexEtfHaveNoCollapseLeft() {
        double[][] m = etf();
        int per = 5;
        int n = C * per;
        float[] h = new float[n * D];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % C;
            for (int j = 0; j < D; j++) h[i * D + j] = (float) m[y[i]][j];
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            LayerMeasures r = NeuralCollapse.measure(manager, h, n, D, y, y, C, null);
            assertEquals(0, r.nc1(), 1e-9);
            assertEquals(0, r.equinorm(), 1e-6);
            assertEquals(0, r.equiangularity(), 1e-6);
            assertEquals(0, r.etfDistance(), 1e-6);
            assertEquals(0, r.nc4(), 0);
            assertEquals(1, r.nccAccuracy(), 0);
            double[] w = NeuralCollapse.classifier(m, NeuralCollapse.means(manager, h, n, D, y, C));
            assertEquals(0, w[0], 1e-6, "equinorm of W");
            assertEquals(0, w[1], 1e-6, "equiangularity of W");
            assertEquals(0, w[2], 1e-10, "NC3");
        }
    }

    @Test
    void noiseInTheSpanOfTheMeansGivesTheClosedFormNc1() {
        // class c's points are μ_c ± a·e_k for each basis vector e_k of span(M̃): Σ_W = a²/(C−1)·P, Σ_B = P/(C−1),
        // so tr(Σ_W Σ_B†) = a²(C−1) and Papyan's NC1 = a²(C−1)/C
        double a = 0.1;
        double[][] m = etf();
        double[][] basis = spanBasis();
        int n = C * 2 * (C - 1);
        float[] h = new float[n * D];
        int[] y = new int[n];
        int i = 0;
        for (int c = 0; c < C; c++) {
            for (double[] e : basis) {
                for (int sign = -1; sign <= 1; sign += 2) {
                    y[i] = c;
                    for (int j = 0; j < D; j++) h[i * D + j] = (float) (m[c][j] + sign * a * e[j]);
                    i++;
                }
            }
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            LayerMeasures r = NeuralCollapse.measure(manager, h, n, D, y, y, C, null);
            assertEquals(a * a * (C - 1), r.nc1Unnormalised(), 1e-5);
            assertEquals(a * a * (C - 1) / C, r.nc1(), 1e-5);
            assertEquals(0, r.etfDistance(), 1e-5, "the means are still the ETF");
        }
    }

    @Test
    void scalingAndRotatingChangeNothing() {
        SplittableRandom rng = new SplittableRandom(3);
        int n = 300;
        int d = 12;
        int c = 5;
        float[] h = new float[n * d];
        int[] y = new int[n];
        int[] net = new int[n];
        double[][] centres = new double[c][d];
        for (double[] row : centres) for (int j = 0; j < d; j++) row[j] = rng.nextGaussian();
        for (int i = 0; i < n; i++) {
            y[i] = i % c;
            net[i] = rng.nextInt(10) < 8 ? y[i] : rng.nextInt(c);
            for (int j = 0; j < d; j++) h[i * d + j] = (float) (centres[y[i]][j] + 0.7 * rng.nextGaussian());
        }
        double[][] w = new double[c][d];
        for (double[] row : w) for (int j = 0; j < d; j++) row[j] = rng.nextGaussian();
        RealMatrix q = new QRDecomposition(randomMatrix(d, rng)).getQ();
        double scale = 3.7;
        float[] h2 = new float[n * d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                double s = 0;
                for (int k = 0; k < d; k++) s += q.getEntry(j, k) * h[i * d + k];
                h2[i * d + j] = (float) (scale * s);
            }
        }
        double[][] w2 = new double[c][d];
        for (int k = 0; k < c; k++) {
            for (int j = 0; j < d; j++) {
                double s = 0;
                for (int l = 0; l < d; l++) s += q.getEntry(j, l) * w[k][l];
                w2[k][j] = 0.5 * s;
            }
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            LayerMeasures a = NeuralCollapse.measure(manager, h, n, d, y, net, c, null);
            LayerMeasures b = NeuralCollapse.measure(manager, h2, n, d, y, net, c, null);
            assertEquals(a.nc1(), b.nc1(), 1e-4 * a.nc1());
            assertEquals(a.equinorm(), b.equinorm(), 1e-5);
            assertEquals(a.equiangularity(), b.equiangularity(), 1e-5);
            assertEquals(a.etfDistance(), b.etfDistance(), 1e-5);
            assertEquals(a.nc4(), b.nc4(), 0);
            assertEquals(a.nccAccuracy(), b.nccAccuracy(), 0);
            double[] ca = NeuralCollapse.classifier(w, NeuralCollapse.means(manager, h, n, d, y, c));
            double[] cb = NeuralCollapse.classifier(w2, NeuralCollapse.means(manager, h2, n, d, y, c));
            for (int k = 0; k < 3; k++) assertEquals(ca[k], cb[k], 1e-5);
            // a shift moves μ_G with the features: NC1 and NC2 unchanged too
            float[] h3 = h.clone();
            for (int i = 0; i < n; i++) h3[i * d] += 5;
            LayerMeasures s = NeuralCollapse.measure(manager, h3, n, d, y, net, c, null);
            assertEquals(a.nc1(), s.nc1(), 1e-3 * a.nc1());
            assertEquals(a.etfDistance(), s.etfDistance(), 1e-4);
        }
    }

    @Test
    void pureNoiseGivesTheExpectedLargeNc1() {
        // no class structure: Σ_W ≈ I and the centred means are noise of variance 1/n_c per coordinate, so
        // M̃ᵀM̃ ≈ (d/n_c)(I − 11ᵀ/C), Σ_B has C − 1 eigenvalues ≈ d/(n_c C), and tr(Σ_W Σ_B†) ≈ (C − 1) N / d
        SplittableRandom rng = new SplittableRandom(7);
        int n = 4000;
        int d = 100;
        int c = 5;
        float[] h = new float[n * d];
        int[] y = new int[n];
        int[] net = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % c;
            net[i] = rng.nextInt(c);
            for (int j = 0; j < d; j++) h[i * d + j] = (float) rng.nextGaussian();
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            LayerMeasures r = NeuralCollapse.measure(manager, h, n, d, y, net, c, null);
            double expected = (c - 1.0) * n / d;
            assertTrue(r.nc1Unnormalised() > expected / 1.5 && r.nc1Unnormalised() < expected * 1.5,
                    "NC1 " + r.nc1Unnormalised() + " vs about " + expected);
            assertTrue(r.nc4() > 0.6, "the nearest centre ignores random predictions: " + r.nc4());
            assertTrue(r.nccAccuracy() < 0.4, "nearest centre near chance: " + r.nccAccuracy());
            assertTrue(r.etfDistance() > 0.05, "noise means are not exactly a simplex: " + r.etfDistance());
        }
    }

    @Test
    void batchesGiveWhatOnePassGives() {
        SplittableRandom rng = new SplittableRandom(11);
        int n = 90;
        int d = 7;
        int c = 3;
        float[] h = new float[n * d];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = rng.nextInt(c);
            for (int j = 0; j < d; j++) h[i * d + j] = (float) (y[i] * (j == y[i] ? 2 : 0) + rng.nextGaussian());
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            LayerMeasures whole = NeuralCollapse.measure(manager, h, n, d, y, y, c, null);
            ClassMeans cm = new ClassMeans(c, d);
            int cut = 37;
            float[] h1 = java.util.Arrays.copyOfRange(h, 0, cut * d);
            float[] h2 = java.util.Arrays.copyOfRange(h, cut * d, n * d);
            int[] y1 = java.util.Arrays.copyOfRange(y, 0, cut);
            int[] y2 = java.util.Arrays.copyOfRange(y, cut, n);
            cm.add(manager.create(h1, new ai.djl.ndarray.types.Shape(cut, d)), y1);
            cm.add(manager.create(h2, new ai.djl.ndarray.types.Shape(n - cut, d)), y2);
            ClassMeans.Means means = cm.finish();
            Spread sp = new Spread(means, means);
            sp.add(manager.create(h1, new ai.djl.ndarray.types.Shape(cut, d)), y1, y1);
            sp.add(manager.create(h2, new ai.djl.ndarray.types.Shape(n - cut, d)), y2, y2);
            LayerMeasures batched = LayerMeasures.of(means, sp.finish());
            assertEquals(whole.nc1(), batched.nc1(), 1e-5 * whole.nc1());
            assertEquals(whole.nccAccuracy(), batched.nccAccuracy(), 0);
        }
    }

    private static RealMatrix randomMatrix(int d, SplittableRandom rng) {
        double[][] a = new double[d][d];
        for (double[] r : a) for (int j = 0; j < d; j++) r[j] = rng.nextGaussian();
        return new Array2DRowRealMatrix(a, false);
    }
}
