package org.robustj.certify.bounds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.robustj.certify.Certifiers;
import org.robustj.certify.CertifyConfig;
import org.robustj.certify.PointCertificate;
import org.robustj.model.graph.LayerGraph;
import org.robustj.model.graph.Linear;
import org.robustj.model.graph.Op;
import org.robustj.tensor.Engines;
import org.robustj.threat.Norm;

/**
 * Rounding cannot make a bound certifier verify a point whose exact worst-case margin is negative: on a
 * 784-input linear model whose bias is tuned so that the exact minimum of the margin over the L∞ box sits within
 * 2e-5 of zero (computed in exact decimal arithmetic from the float32 weights), "verified" must equal the sign of
 * that exact minimum. Float32 propagation gets a good share of these wrong (its rounding error here is ~1e-4);
 * the certifiers propagate in float64.
 */
class RoundingTest {
    static {
        Engines.pytorch();
    }

    @Test
    void verifiedFollowsTheSignOfTheExactWorstCaseMargin() {
        int d = 784;
        float eps = 0.1f;
        int checked = 0;
        for (int seed = 0; seed < 40; seed++) {
            SplittableRandom r = new SplittableRandom(seed);
            float[] w = new float[2 * d];
            for (int i = 0; i < w.length; i++) w[i] = (float) (r.nextDouble(-1, 1) * 3);
            float[] x = new float[d];
            for (int i = 0; i < d; i++) x[i] = (float) r.nextDouble(0.15, 0.85);
            // exact min over the box of (w0 − w1)·x' is Σ a_i·x_i − ε·|a_i| (no clipping: x ± ε stays in [0, 1])
            BigDecimal min = BigDecimal.ZERO;
            for (int i = 0; i < d; i++) {
                BigDecimal a = new BigDecimal(w[i]).subtract(new BigDecimal(w[d + i]));
                BigDecimal lo = new BigDecimal(x[i]).subtract(new BigDecimal(eps));
                BigDecimal hi = new BigDecimal(x[i]).add(new BigDecimal(eps));
                min = min.add(a.multiply(a.signum() >= 0 ? lo : hi));
            }
            float b0 = (float) -min.doubleValue() + (float) r.nextDouble(-1e-5, 1e-5);
            BigDecimal exact = min.add(new BigDecimal(b0));
            if (exact.abs().doubleValue() > 2e-5 || exact.signum() == 0) continue;
            checked++;
            try (NDManager m = NDManager.newBaseManager()) {
                Map<String, Op> layers = new LinkedHashMap<>();
                layers.put("fc", new Linear(m.create(w, new Shape(2, d)), m.create(new float[] {b0, 0f})));
                LayerGraph g = LayerGraph.sequential(new Shape(d), layers);
                NDArray xs = m.create(x, new Shape(1, d));
                int label = g.forward(xs).toFloatArray()[0] > g.forward(xs).toFloatArray()[1] ? 0 : 1;
                if (label != 0) continue;
                for (String method : List.of("ibp", "crown-ibp", "crown")) {
                    PointCertificate pc = Certifiers.create(method).certify(new GraphClassifier(g, m, 2, true), xs,
                            new int[] {0}, new int[] {seed}, new CertifyConfig(Norm.LINF, List.of((double) eps), 0.25,
                                    100, 1000, 0.001, 4, 0)).get(0);
                    assertEquals(exact.signum() > 0, pc.verified().get(0), method + ", seed " + seed
                            + ": exact worst-case margin " + exact.doubleValue() + ", bound "
                            + pc.marginLowerBounds().get(0)[1]);
                }
            }
        }
        assertTrue(checked >= 10, "only " + checked + " seeds gave a margin within 2e-5 of zero");
    }
}
