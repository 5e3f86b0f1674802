package org.robustj.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.robustj.attack.loss.Losses;
import org.robustj.model.BlockClassifier;
import org.robustj.tensor.Gradients;
import org.robustj.threat.Norm;

/** FGSM-RS: the training point is the reference's formula and stays in the ε-ball and the box. */
class FgsmRsRecipeTest {
    static final int N = 16;
    static final int DIM = 20;
    static final double EPS = 0.1;

    private static float[] gradientAt(BlockClassifier model, NDArray x, NDArray y) {
        try (Gradients.ValueAndGradient g = Gradients.of(x,
                leaf -> new NDList(Losses.ce(model.forward(leaf, true), y)))) {
            return g.gradient().toFloatArray();
        }
    }

    @Test
    void randomStartStepStaysInTheBallAndMatchesTheFormula() {
        try (NDManager m = NDManager.newBaseManager(); BlockClassifier model = RecipeFixtures.mlp(m, DIM, 8, 3, 5)) {
            // inputs over all of [0, 1], so the box binds for some coordinates
            NDArray x = RecipeFixtures.inputs(m, N, DIM, 0, 1, 3);
            NDArray y = RecipeFixtures.labels(m, N, 3);
            TrainingRecipe r = RecipeRegistry.provider("fgsm-rs").create(Map.of("eps", EPS));
            float[] adv = r.prepare(RecipeFixtures.ctx(model, m, 9), x, y).input().toFloatArray();
            float[] xs = x.toFloatArray();

            // the reference: δ0 ~ U[-ε, ε]; g = ∇_δ CE(clip(x + δ0)) (0 where the clip binds);
            // δ = clip(δ0 + 1.25 ε sign g, -ε, ε); x + δ clipped to [0, 1]
            float[] d0 = Norm.LINF.randomInBall(x.getShape(), EPS, new SplittableRandom(9));
            float[] start = new float[xs.length];
            for (int i = 0; i < xs.length; i++) start[i] = Math.min(1, Math.max(0, xs[i] + d0[i]));
            float[] g = gradientAt(model, m.create(start, x.getShape()), y);
            float[] expected = new float[xs.length];
            int interior = 0;
            for (int i = 0; i < xs.length; i++) {
                float u = xs[i] + d0[i];
                double gi = u >= 0 && u <= 1 ? g[i] : 0;
                double d = d0[i] + 1.25 * EPS * Math.signum(gi);
                d = Math.max(-EPS, Math.min(EPS, d));
                expected[i] = (float) Math.max(0, Math.min(1, xs[i] + d));
                double moved = adv[i] - xs[i];
                assertTrue(Math.abs(moved) <= EPS + 1e-6, "in the ball: " + moved);
                assertTrue(adv[i] >= 0 && adv[i] <= 1, "in the box: " + adv[i]);
                if (Math.abs(moved) < EPS - 1e-4 && adv[i] > 0 && adv[i] < 1) interior++;
            }
            assertArrayEquals(expected, adv, 1e-6f);
            // from a random start a 1.25 ε step leaves part of the coordinates inside the ball (about 3/8)
            double share = interior / (double) xs.length;
            assertTrue(share > 0.2 && share < 0.55, "interior share " + share);
        }
    }

    @Test
    void zeroInitIsPlainFgsm() {
        try (NDManager m = NDManager.newBaseManager(); BlockClassifier model = RecipeFixtures.mlp(m, DIM, 8, 3, 5)) {
            NDArray x = RecipeFixtures.inputs(m, N, DIM, 0, 1, 4);
            NDArray y = RecipeFixtures.labels(m, N, 3);
            TrainingRecipe r = RecipeRegistry.provider("fgsm-rs").create(Map.of("eps", EPS, "init", "zero"));
            float[] adv = r.prepare(RecipeFixtures.ctx(model, m, 9), x, y).input().toFloatArray();
            float[] xs = x.toFloatArray();
            float[] g = gradientAt(model, x, y);
            float[] expected = new float[xs.length];
            for (int i = 0; i < xs.length; i++) {
                expected[i] = (float) Math.max(0, Math.min(1, xs[i] + EPS * Math.signum(g[i])));
            }
            assertArrayEquals(expected, adv, 1e-6f);
        }
    }
}
