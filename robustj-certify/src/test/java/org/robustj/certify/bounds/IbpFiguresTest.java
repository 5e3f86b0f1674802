package org.robustj.certify.bounds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.robustj.certify.CertifiedEvaluation;
import org.robustj.certify.CertifyConfig;
import org.robustj.certify.CertifyResult;
import org.robustj.data.Dataset;
import org.robustj.model.graph.LayerGraph;
import org.robustj.tensor.Engines;
import org.robustj.threat.Norm;

/** {@code certify --method ibp} reports the model's IBP tightness: the mean over the points, per ε. */
class IbpFiguresTest {

    @Test
    void theIbpRunReportsTheMeanTightnessOfItsPointsAndCrownReportsNone() {
        Engines.pytorch();
        SplittableRandom r = new SplittableRandom(3);
        try (NDManager m = NDManager.newBaseManager()) {
            LayerGraph g = TestGraphs.mlp(m, r, 5, 10, 10, 3);
            int n = 7;
            float[] v = new float[n * 5];
            for (int i = 0; i < v.length; i++) v[i] = (float) r.nextDouble();
            NDArray x = m.create(v, new Shape(n, 5));
            float[] z = g.forward(x).toFloatArray();
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                int best = 0;
                for (int k = 1; k < 3; k++) if (z[i * 3 + k] > z[i * 3 + best]) best = k;
                labels[i] = best;
            }
            Dataset data = Dataset.ofFloats("toy", "test", new Shape(5), v, labels, List.of("a", "b", "c"), List.of());
            GraphClassifier model = new GraphClassifier(g, m, 3, true);
            List<Double> eps = List.of(0.01, 0.05);
            CertifyConfig cfg = new CertifyConfig(Norm.LINF, eps, 0.25, 100, 1000, 0.001, 3, 0);
            CertifyResult res = new CertifiedEvaluation("ibp", cfg).run(model, data);
            List<Double> tau = res.figures().get("ibp_tightness");
            assertEquals(2, tau.size());
            for (int e = 0; e < eps.size(); e++) {
                double[] per = IbpTightness.of(g, x, eps.get(e), Bounds.marginSpec(m, labels, 3)).perPoint();
                double mean = 0;
                for (double t : per) mean += t / n;
                assertEquals(mean, tau.get(e), 1e-6, "at eps " + eps.get(e));
                assertTrue(tau.get(e) > 0 && tau.get(e) <= 1 + 1e-6, "tightness in (0, 1]: " + tau.get(e));
            }
            CertifyResult crown = new CertifiedEvaluation("crown", cfg).run(model, data);
            assertTrue(crown.figures().isEmpty(), "crown measures no figures: " + crown.figures());
        }
    }
}
