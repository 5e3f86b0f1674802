package org.robustj.certify.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.robustj.model.graph.LayerGraph;
import org.robustj.model.graph.Linear;
import org.robustj.model.graph.Op;
import org.robustj.model.graph.Relu;
import org.robustj.tensor.Engines;
import org.robustj.threat.Norm;

/**
 * The certified-training loss against closed forms: on a linear model IBP (and CROWN-IBP) margin bounds are
 * exact, lb_j = (w_y − w_j)·x + b_y − b_j − ε‖w_y − w_j‖₁ when the ε-box stays inside [0, 1], and the robust CE
 * is log(1 + Σ exp(−lb_j)); at ε = 0 the robust CE of any network is its clean CE.
 */
class CertifiedLossTest {
    static {
        Engines.pytorch();
    }

    private static final int IN = 5;
    private static final int K = 4;

    @ParameterizedTest
    @ValueSource(doubles = {0.0, 0.5, 1.0})
    void robustCrossEntropyOfALinearModelIsTheClosedForm(double beta) {
        SplittableRandom r = new SplittableRandom(14);
        double eps = 0.1;
        float[][] w = new float[K][IN];
        float[] b = new float[K];
        for (int k = 0; k < K; k++) {
            for (int i = 0; i < IN; i++) w[k][i] = (float) (2 * r.nextDouble() - 1);
            b[k] = (float) (r.nextDouble() - 0.5);
        }
        int n = 6;
        float[] x = new float[n * IN];
        int[] y = new int[n];
        for (int p = 0; p < n; p++) {
            y[p] = p % K;
            for (int i = 0; i < IN; i++) x[p * IN + i] = (float) (0.2 + 0.6 * r.nextDouble()); // box inside [0, 1]
        }
        try (NDManager m = NDManager.newBaseManager()) {
            float[] flatW = new float[K * IN];
            for (int k = 0; k < K; k++) System.arraycopy(w[k], 0, flatW, k * IN, IN);
            LayerGraph g = LayerGraph.sequential(new Shape(IN), Map.of("fc",
                    new Linear(m.create(flatW, new Shape(K, IN)), m.create(b))));
            NDArray xs = m.create(x, new Shape(n, IN));
            NDArray lower = CertifiedLoss.marginLowerBounds(g, xs, y, K, Norm.LINF, eps, beta);
            float[] ce = CertifiedLoss.robustCrossEntropy(lower).toFloatArray();
            float[] lb = lower.toFloatArray();
            for (int p = 0; p < n; p++) {
                double sum = 1;
                int row = 0;
                for (int j = 0; j < K; j++) {
                    if (j == y[p]) continue;
                    double margin = b[y[p]] - b[j];
                    double l1 = 0;
                    for (int i = 0; i < IN; i++) {
                        double d = w[y[p]][i] - w[j][i];
                        margin += d * x[p * IN + i];
                        l1 += Math.abs(d);
                    }
                    double exact = margin - eps * l1;
                    assertEquals(exact, lb[p * (K - 1) + row], 1e-5, "lower bound, point " + p + " class " + j);
                    sum += Math.exp(-exact);
                    row++;
                }
                assertEquals(Math.log(sum), ce[p], 1e-5, "robust CE of point " + p);
            }
        }
    }

    @Test
    void atZeroEpsTheRobustCrossEntropyIsTheCleanOne() {
        SplittableRandom r = new SplittableRandom(3);
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, Op> layers = new LinkedHashMap<>();
            layers.put("fc1", new Linear(gauss(m, r, 8, IN), gauss(m, r, 8)));
            layers.put("relu", new Relu());
            layers.put("fc2", new Linear(gauss(m, r, K, 8), gauss(m, r, K)));
            LayerGraph g = LayerGraph.sequential(new Shape(IN), layers);
            NDArray xs = gauss(m, r, 7, IN).abs().minimum(1f);
            int[] y = {0, 1, 2, 3, 0, 1, 2};
            NDArray logits = g.forward(xs);
            float[] clean = logits.logSoftmax(1).mul(m.create(oneHot(y))).sum(new int[] {1}).neg().toFloatArray();
            for (double beta : new double[] {0, 0.3, 1}) {
                NDArray lower = CertifiedLoss.marginLowerBounds(g, xs, y, K, Norm.LINF, 0, beta);
                assertArrayEquals(clean, CertifiedLoss.robustCrossEntropy(lower).toFloatArray(), 1e-5f);
            }
        }
    }

    @Test
    void worstCaseLogitsPutTheTrueClassFirstAtZero() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray lower = m.create(new float[] {1, -2, 3}, new Shape(1, 3));
            assertArrayEquals(new float[] {0, -1, 2, -3}, CertifiedLoss.worstCaseLogits(lower).toFloatArray());
        }
    }

    @Test
    void betaOutsideTheUnitIntervalIsRefused() {
        try (NDManager m = NDManager.newBaseManager()) {
            LayerGraph g = LayerGraph.sequential(new Shape(2), Map.of("fc",
                    new Linear(m.ones(new Shape(2, 2)), null)));
            NDArray xs = m.zeros(new Shape(1, 2));
            assertThrows(IllegalArgumentException.class,
                    () -> CertifiedLoss.marginLowerBounds(g, xs, new int[] {0}, 2, Norm.LINF, 0.1, 1.5));
        }
    }

    private static float[][] oneHot(int[] y) {
        float[][] h = new float[y.length][K];
        for (int i = 0; i < y.length; i++) h[i][y[i]] = 1;
        return h;
    }

    private static NDArray gauss(NDManager m, SplittableRandom r, long... shape) {
        float[] v = new float[(int) new Shape(shape).size()];
        for (int i = 0; i < v.length; i++) v[i] = (float) (r.nextGaussian() * 0.7);
        return m.create(v, new Shape(shape));
    }
}
