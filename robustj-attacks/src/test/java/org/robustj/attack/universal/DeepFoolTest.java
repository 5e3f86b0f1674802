package org.robustj.attack.universal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.robustj.testkit.LinearClassifier;
import org.robustj.threat.Norm;
import org.robustj.threat.ThreatModel;

/** DeepFool on linear models, where the minimal L2 perturbation is known in closed form. */
class DeepFoolTest {
    @Test
    void oneStepLandsExactlyOnTheNearestBoundaryTimesTheOvershoot() {
        int d = 12;
        int k = 5;
        SplittableRandom r = new SplittableRandom(3);
        float[][] w = new float[k][d];
        float[] b = new float[k];
        for (int c = 0; c < k; c++) {
            for (int i = 0; i < d; i++) w[c][i] = (float) Norm.gaussian(r);
            b[c] = (float) (0.1 * Norm.gaussian(r));
        }
        try (NDManager m = NDManager.newBaseManager();
                LinearClassifier model = new LinearClassifier(m, w, b, new Shape(d), 1.0)) {
            for (int trial = 0; trial < 10; trial++) {
                float[] x = new float[d];
                for (int i = 0; i < d; i++) x[i] = (float) (0.4 + 0.2 * r.nextDouble());
                int y = Perturbations.predict(model, x, new Shape(d))[0];
                double minimal = model.minimalDistance(x, y, Norm.L2);
                DeepFool.Step s = DeepFool.run(model, x, ThreatModel.of(Norm.L2, 1), 10, 0.02, 10);
                assertEquals(1, s.iterations(), "a linear model is crossed in one step");
                assertTrue(s.fooled());
                assertEquals(y, s.label());
                // r = 1.02 × the minimal perturbation: its norm, and x + r / 1.02 on the boundary
                assertEquals(1.02 * minimal, Perturbations.norm(s.perturbation(), Norm.L2), 1e-4 * minimal + 1e-6);
                float[] onBoundary = new float[d];
                for (int i = 0; i < d; i++) onBoundary[i] = (float) (x[i] + s.perturbation()[i] / 1.02);
                double least = Double.POSITIVE_INFINITY;
                for (int j = 0; j < k; j++) if (j != y) least = Math.min(least, Math.abs(model.margin(onBoundary, y, j)));
                assertEquals(0, least, 1e-4, "x + r/(1 + overshoot) lies on the nearest boundary");
                assertEquals(s.finalLabel(), Perturbations.predict(model, Perturbations.apply(x, s.perturbation(),
                        ThreatModel.of(Norm.L2, 1)), new Shape(d))[0]);
            }
        }
    }

    @Test
    void withoutOvershootTheStepIsTheMinimalPerturbation() {
        try (NDManager m = NDManager.newBaseManager(); LinearProblems p = LinearProblems.make(m, 8, 5, 1)) {
            float[] x = p.data().values(new int[] {0});
            DeepFool.Step s = DeepFool.run(p.model(), x, ThreatModel.of(Norm.L2, 1), 10, 0, 10);
            // along u, of length margin / ‖u‖
            double margin = p.margins()[0];
            double len = Perturbations.norm(s.perturbation(), Norm.L2);
            assertEquals(margin / p.dual(Norm.L2), len, 1e-5);
            double cos = 0;
            for (int i = 0; i < x.length; i++) cos += s.perturbation()[i] * p.u()[i];
            assertEquals(1, cos / (len * p.dual(Norm.L2)), 1e-5);
        }
    }
}
