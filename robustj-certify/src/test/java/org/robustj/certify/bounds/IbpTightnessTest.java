package org.robustj.certify.bounds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.robustj.errors.InvalidInputException;
import org.robustj.model.graph.LayerGraph;
import org.robustj.model.graph.Linear;
import org.robustj.model.graph.Node;
import org.robustj.model.graph.Relu;
import org.robustj.tensor.Engines;
import org.robustj.threat.Norm;

/** IBP tightness against the ground truths of DIAGNOSTICS.md §5.3. */
class IbpTightnessTest {
    static {
        Engines.pytorch();
    }

    @Test
    void oneLinearLayerIsExactlyTight() {
        try (NDManager m = NDManager.newBaseManager()) {
            SplittableRandom r = new SplittableRandom(1);
            LayerGraph g = chain(m, new float[][][] {gauss(r, 4, 6)}, false);
            NDArray x = TestGraphs.uniform(m, r, 0, 1, new Shape(3, 6));
            assertEquals(1.0, IbpTightness.of(g, x, 0.1, null).mean(), 1e-5);
            NDArray c = Bounds.marginSpec(m, new int[] {0, 2, 3}, 4);
            assertEquals(1.0, IbpTightness.of(g, x, 0.1, c).mean(), 1e-5, "C folded into the only layer");
        }
    }

    @Test
    void nonNegativeWeightsWithActiveRelusAreTight() {
        try (NDManager m = NDManager.newBaseManager()) {
            SplittableRandom r = new SplittableRandom(2);
            float[][][] w = {abs(gauss(r, 5, 4)), abs(gauss(r, 5, 5)), abs(gauss(r, 3, 5))};
            LayerGraph g = chain(m, w, true);
            NDArray x = TestGraphs.uniform(m, r, 0.1, 1, new Shape(4, 4));
            assertEquals(1.0, IbpTightness.of(g, x, 0.05, null).mean(), 1e-5);
        }
    }

    @Test
    void cancellingPathsGiveTheClampedRatio() {
        try (NDManager m = NDManager.newBaseManager()) {
            LayerGraph g = chain(m, new float[][][] {{{1}, {1}}, {{1, -1}}}, false);
            NDArray x = m.create(new float[] {0.5f}, new Shape(1, 1));
            IbpTightness.Result t = IbpTightness.of(g, x, 0.1, null);
            assertEquals(0.0, t.numerator()[0][0], 1e-7);
            assertEquals(0.2, t.denominator()[0][0], 1e-6);
            assertEquals(1e-8 / 0.2, t.mean(), 1e-12);
        }
    }

    @Test
    void deepLinearNetworkMatchesVertexEnumeration() {
        try (NDManager m = NDManager.newBaseManager()) {
            SplittableRandom r = new SplittableRandom(3);
            int d = 6;
            float[][][] w = {gauss(r, 5, d), gauss(r, 4, 5), gauss(r, 3, 4)};
            LayerGraph g = chain(m, w, false);
            float[] x = new float[d];
            for (int i = 0; i < d; i++) x[i] = (float) r.nextDouble();
            double eps = 0.3;
            IbpTightness.Result t = IbpTightness.of(g, m.create(x, new Shape(1, d)), eps, null);
            double[] lo = new double[d];
            double[] hi = new double[d];
            double[] half = new double[d];
            for (int i = 0; i < d; i++) {
                lo[i] = Math.max(0, x[i] - eps);
                hi[i] = Math.min(1, x[i] + eps);
                half[i] = (hi[i] - lo[i]) / 2;
            }
            double[] max = {-1e9, -1e9, -1e9};
            double[] min = {1e9, 1e9, 1e9};
            for (int v = 0; v < (1 << d); v++) {
                double[] p = new double[d];
                for (int i = 0; i < d; i++) p[i] = ((v >> i) & 1) == 1 ? hi[i] : lo[i];
                double[] z = apply(w, p, false);
                for (int k = 0; k < 3; k++) {
                    max[k] = Math.max(max[k], z[k]);
                    min[k] = Math.min(min[k], z[k]);
                }
            }
            double[] ibp = apply(w, half, true);
            for (int k = 0; k < 3; k++) {
                assertEquals((max[k] - min[k]) / 2, t.numerator()[0][k], 1e-4, "true half-width");
                assertEquals(ibp[k], t.denominator()[0][k], 1e-4, "IBP half-width Π|W|ε");
                assertTrue(t.numerator()[0][k] <= t.denominator()[0][k] + 1e-6);
            }
        }
    }

    @Test
    void twoLayerGaussianNetworkFollowsTheWidthLaw() {
        int width = 200;
        int nets = 300;
        double sum = 0;
        SplittableRandom r = new SplittableRandom(4);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new float[] {0.5f}, new Shape(1, 1));
            for (int i = 0; i < nets; i++) {
                try (NDManager net = m.newSubManager()) {
                    LayerGraph g = chain(net, new float[][][] {gauss(r, width, 1), gauss(r, 1, width)}, false);
                    sum += IbpTightness.of(g, x, 1e-3, null).mean();
                }
            }
        }
        double expected = Math.sqrt(Math.PI / (2 * width));
        assertEquals(expected, sum / nets, 0.15 * expected, "E τ ≈ sqrt(π / 2n)");
    }

    @Test
    void maxPoolIsAnError() {
        try (NDManager m = NDManager.newBaseManager()) {
            LayerGraph g = TestGraphs.everyOperator(m, new SplittableRandom(5), true, false, false, 3);
            NDArray x = m.zeros(new Shape(1).addAll(TestGraphs.IMAGE));
            assertThrows(InvalidInputException.class, () -> IbpTightness.of(g, x, 0.1, null));
        }
    }

    @Test
    void ibpCertifierReportsTightnessOnMargins() {
        try (NDManager m = NDManager.newBaseManager()) {
            SplittableRandom r = new SplittableRandom(6);
            LayerGraph g = TestGraphs.everyOperator(m, r, false, false, false, 3);
            NDArray x = TestGraphs.uniform(m, r, 0, 1, new Shape(3).addAll(TestGraphs.IMAGE));
            IbpTightness.Result t = new IbpCertifier().tightness(new GraphClassifier(g, m, 3, true), x,
                    new int[] {0, 1, 2}, 0.05);
            assertEquals(3, t.perPoint().length);
            assertTrue(t.mean() > 0 && t.mean() <= 1 + 1e-6, "τ in (0, 1]: " + t.mean());
        }
    }

    /** Linear layers without bias (and ReLUs between them when asked). */
    private static LayerGraph chain(NDManager m, float[][][] w, boolean relu) {
        List<Node> nodes = new java.util.ArrayList<>();
        String prev = LayerGraph.INPUT;
        for (int l = 0; l < w.length; l++) {
            nodes.add(new Node("fc" + l, new Linear(m.create(w[l]), null), List.of(prev)));
            prev = "fc" + l;
            if (relu && l < w.length - 1) {
                nodes.add(new Node("relu" + l, new Relu(), List.of(prev)));
                prev = "relu" + l;
            }
        }
        return new LayerGraph(new Shape(w[0][0].length), nodes);
    }

    /** Π W p, or Π |W| p with {@code abs}. */
    private static double[] apply(float[][][] w, double[] p, boolean abs) {
        double[] h = p;
        for (float[][] layer : w) {
            double[] z = new double[layer.length];
            for (int o = 0; o < z.length; o++) {
                for (int i = 0; i < h.length; i++) z[o] += (abs ? Math.abs(layer[o][i]) : layer[o][i]) * h[i];
            }
            h = z;
        }
        return h;
    }

    private static float[][] gauss(SplittableRandom r, int rows, int cols) {
        float[][] a = new float[rows][cols];
        for (float[] row : a) for (int i = 0; i < cols; i++) row[i] = (float) Norm.gaussian(r);
        return a;
    }

    private static float[][] abs(float[][] a) {
        for (float[] row : a) for (int i = 0; i < row.length; i++) row[i] = Math.abs(row[i]);
        return a;
    }
}
