package org.robustj.diagnose.regions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.robustj.diagnose.TinyNets;
import org.robustj.errors.InvalidInputException;
import org.robustj.errors.MissingCapabilityException;
import org.robustj.model.graph.LayerGraph;
import org.robustj.tensor.Engines;
import org.robustj.testkit.LinearClassifier;

/** Local complexity against counts computed by hand and by the first layer's exact geometry. */
class LocalComplexityTest {

    private static ComplexityConfig config(int p, Double... radii) {
        return new ComplexityConfig(p, List.of(radii), false, false, 3, 7);
    }

    @Test
    void aLinearModelHasNoNeuronsAndNoComplexity() {
        Engines.pytorch();
        try (NDManager m = NDManager.newBaseManager()) {
            LayerGraph g = TinyNets.linearGraph(m, new float[][] {{1, 2, 3}, {-1, 0, 2}}, new float[] {0.1f, 0});
            LocalComplexity lc = LocalComplexity.of(TinyNets.classifier(m, g, 2), config(3, 0.1, 1.0));
            assertTrue(lc.layers().isEmpty(), "no ReLU, no monitored layer: " + lc.layers());
            ComplexityCounts c = lc.count(new float[] {0.2f, 0.5f, 0.9f, 0, 0, 0}, 2, m, null);
            assertEquals(0.0, c.meanTotal(0));
            assertEquals(0.0, c.meanTotal(1));
        }
    }

    /**
     * Five lines in the plane, axis frame (P = d = 2), so the neighbourhood of x is the diamond with vertices
     * x ± r e₁, x ± r e₂, and line j (w_j, b_j) cuts it iff |w_j·x + b_j| < r·‖w_j‖∞:
     * at x = (0.45, 0.42) the values are −0.05, 0.12, −0.13, 0.03, −0.09 and r‖w‖∞ = r, r, r, r, 2r.
     */
    @Test
    void handPlacedLinesGiveTheCountsComputedByHand() {
        Engines.pytorch();
        float[][] w1 = {{1, 0}, {0, 1}, {1, 1}, {1, -1}, {2, 0.5f}};
        float[] b1 = {-0.5f, -0.3f, -1f, 0, -1.2f};
        try (NDManager m = NDManager.newBaseManager()) {
            LayerGraph g = TinyNets.oneHidden(m, w1, b1, TinyNets.random(new SplittableRandom(1), 3, 5), null);
            ComplexityConfig cfg = config(2, 0.04, 0.1, 0.2);
            LocalComplexity lc = LocalComplexity.of(g, cfg, Frame.axes(2, 2), m);
            assertEquals(List.of(new LocalComplexity.Layer("fc1", 5)), lc.layers());
            // second point (0.9, 0.15): values 0.4, −0.15, 0.05, 0.75, 0.675 → only line 3 within r = 0.1
            ComplexityCounts c = lc.count(new float[] {0.45f, 0.42f, 0.9f, 0.15f}, 2, m, null);
            // r = 0.04: line 4 (0.03); r = 0.1: lines 1, 4, 5; r = 0.2: all five
            assertEquals(1, c.total(0, 0));
            assertEquals(3, c.total(1, 0));
            assertEquals(5, c.total(2, 0));
            // second point: r = 0.04 none; 0.1: line 3; 0.2: lines 2 (0.15) and 3 (0.05)
            assertEquals(0, c.total(0, 1));
            assertEquals(1, c.total(1, 1));
            assertEquals(2, c.total(2, 1));
            assertEquals((3 + 1) / 2.0, c.meanTotal(1));
            assertEquals(2 / 5.0, c.meanLayerFraction(1, 0), 1e-12);
        }
    }

    /** With a random frame the first layer's count is #{j : |w_j·x + b_j| < r·max_p |w_j·v_p|}, exactly. */
    @Test
    void theFirstLayerCountIsExactForARandomFrame() {
        Engines.pytorch();
        SplittableRandom rnd = new SplittableRandom(11);
        int d = 6;
        int h = 40;
        float[][] w1 = TinyNets.random(rnd, h, d);
        float[] b1 = new float[h];
        for (int j = 0; j < h; j++) b1[j] = (float) (rnd.nextDouble() - 0.5) * 3;
        try (NDManager m = NDManager.newBaseManager()) {
            LayerGraph g = TinyNets.oneHidden(m, w1, b1, TinyNets.random(rnd, 3, h), new float[3]);
            ComplexityConfig cfg = config(3, 0.05, 0.3, 1.0);
            LocalComplexity lc = LocalComplexity.of(TinyNets.classifier(m, g, 3), cfg);
            Frame f = lc.frame();
            int n = 20;
            float[] x = LocalComplexity.uniformPoints(n, d, 5);
            ComplexityCounts c = lc.count(x, n, m, null);
            int checked = 0;
            for (int ri = 0; ri < 3; ri++) {
                double r = cfg.radii().get(ri);
                for (int i = 0; i < n; i++) {
                    int expected = 0;
                    boolean nearTie = false;
                    for (int j = 0; j < h; j++) {
                        double a = b1[j];
                        for (int k = 0; k < d; k++) a += w1[j][k] * x[i * d + k];
                        double reach = 0;
                        for (int p = 0; p < 3; p++) {
                            double dot = 0;
                            for (int k = 0; k < d; k++) dot += w1[j][k] * f.get(p, k);
                            reach = Math.max(reach, Math.abs(dot));
                        }
                        if (Math.abs(Math.abs(a) - r * reach) < 1e-5) nearTie = true;
                        if (Math.abs(a) < r * reach) expected++;
                    }
                    if (!nearTie) {
                        assertEquals(expected, c.total(ri, i), "radius " + r + ", point " + i);
                        checked++;
                    }
                }
                if (ri > 0) {
                    for (int i = 0; i < n; i++) assertTrue(c.total(ri, i) >= c.total(ri - 1, i), "monotone in r");
                }
            }
            assertTrue(checked >= 55, "almost every case is far from a tie: " + checked);
            assertTrue(c.meanTotal(2) > c.meanTotal(0), "more lines cut a larger neighbourhood");
        }
    }

    @Test
    void theFrameIsOrthonormalAndFixedBySeed() {
        Frame a = Frame.random(5, 30, 42);
        Frame b = Frame.random(5, 30, 42);
        Frame c = Frame.random(5, 30, 43);
        assertArrayEquals(a.rows(), b.rows());
        assertTrue(a.rows()[0] != c.rows()[0]);
        for (int p = 0; p < 5; p++) {
            for (int q = 0; q < 5; q++) {
                double dot = 0;
                for (int j = 0; j < 30; j++) dot += a.get(p, j) * a.get(q, j);
                assertEquals(p == q ? 1 : 0, dot, 1e-5, "v_" + p + "·v_" + q);
            }
        }
    }

    @Test
    void scalingTheFirstLayerLeavesItsCountUnchanged() {
        Engines.pytorch();
        SplittableRandom rnd = new SplittableRandom(3);
        float[][] w1 = TinyNets.random(rnd, 12, 4);
        float[] b1 = new float[12];
        for (int j = 0; j < 12; j++) b1[j] = (float) (rnd.nextDouble() - 0.5);
        float[][] w1s = new float[12][4];
        float[] b1s = new float[12];
        for (int j = 0; j < 12; j++) {
            for (int k = 0; k < 4; k++) w1s[j][k] = 4 * w1[j][k];
            b1s[j] = 4 * b1[j];
        }
        float[][] w2 = TinyNets.random(rnd, 2, 12);
        float[] x = LocalComplexity.uniformPoints(10, 4, 1);
        try (NDManager m = NDManager.newBaseManager()) {
            ComplexityConfig cfg = config(2, 0.1, 0.4);
            ComplexityCounts a = LocalComplexity.of(TinyNets.classifier(m, TinyNets.oneHidden(m, w1, b1, w2, null), 2),
                    cfg).count(x, 10, m, null);
            ComplexityCounts b = LocalComplexity.of(TinyNets.classifier(m, TinyNets.oneHidden(m, w1s, b1s, w2, null),
                    2), cfg).count(x, 10, m, null);
            for (int r = 0; r < 2; r++) assertArrayEquals(a.totals(r), b.totals(r));
        }
    }

    @Test
    void theLogitsCountOnlyWhenAsked() {
        Engines.pytorch();
        try (NDManager m = NDManager.newBaseManager()) {
            LayerGraph g = TinyNets.linearGraph(m, new float[][] {{1, 0}, {0, 1}}, new float[] {-0.5f, -0.5f});
            ComplexityConfig cfg = config(2, 0.1).withIncludeLogits(true);
            LocalComplexity lc = LocalComplexity.of(g, cfg, Frame.axes(2, 2), m);
            assertEquals(List.of(new LocalComplexity.Layer("logits", 2)), lc.layers());
            // (0.45, 0.55): both outputs change sign within 0.1
            assertEquals(2, lc.count(new float[] {0.45f, 0.55f}, 1, m, null).total(0, 0));
        }
    }

    @Test
    void radiiOutOfRangeAndOpaqueModelsAreRefusedWithOneLine() {
        Engines.pytorch();
        InvalidInputException neg = assertThrows(InvalidInputException.class, () -> config(2, -0.1));
        assertTrue(neg.getMessage().contains("> 0"), neg.getMessage());
        assertThrows(InvalidInputException.class, () -> config(2, Double.NaN));
        try (NDManager m = NDManager.newBaseManager()) {
            LayerGraph g = TinyNets.oneHidden(m, new float[][] {{1, 0}}, null, new float[][] {{1}}, null);
            InvalidInputException big = assertThrows(InvalidInputException.class,
                    () -> LocalComplexity.of(TinyNets.classifier(m, g, 1), config(2, 3.0)));
            assertTrue(big.getMessage().contains("out of range") && big.getMessage().contains("1.414"),
                    big.getMessage());
            assertThrows(InvalidInputException.class,
                    () -> LocalComplexity.of(TinyNets.classifier(m, g, 1), config(3, 0.1)));
            LinearClassifier opaque = new LinearClassifier(m, new float[][] {{1, 0}}, new float[] {0});
            MissingCapabilityException e = assertThrows(MissingCapabilityException.class,
                    () -> LocalComplexity.of(opaque, config(2, 0.1)));
            assertTrue(e.getMessage().contains("layer graph"), e.getMessage());
        }
    }
}
