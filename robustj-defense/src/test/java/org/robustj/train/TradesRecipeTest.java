package org.robustj.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.robustj.model.BlockClassifier;

/** TRADES: the inner point stays in the ball and raises the KL; the loss is CE + β·KL by hand. */
class TradesRecipeTest {
    static final int N = 12;
    static final int DIM = 10;
    static final int K = 4;

    /** Per-sample log-softmax of a row-major N×K logit array, in double. */
    static double[][] logSoftmax(float[] z, int n, int k) {
        double[][] out = new double[n][k];
        for (int i = 0; i < n; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < k; c++) max = Math.max(max, z[i * k + c]);
            double s = 0;
            for (int c = 0; c < k; c++) s += Math.exp(z[i * k + c] - max);
            for (int c = 0; c < k; c++) out[i][c] = z[i * k + c] - max - Math.log(s);
        }
        return out;
    }

    /** Mean over samples of KL(p ‖ q) = Σ p (log p − log q). */
    static double meanKl(double[][] lp, double[][] lq) {
        double total = 0;
        for (int i = 0; i < lp.length; i++) {
            for (int c = 0; c < lp[i].length; c++) total += Math.exp(lp[i][c]) * (lp[i][c] - lq[i][c]);
        }
        return total / lp.length;
    }

    @Test
    void lossIsCrossEntropyPlusBetaTimesKl() {
        try (NDManager m = NDManager.newBaseManager(); BlockClassifier model = RecipeFixtures.mlp(m, DIM, 16, K, 2)) {
            NDArray x = RecipeFixtures.inputs(m, N, DIM, 0.1, 0.9, 6);
            NDArray y = RecipeFixtures.labels(m, N, K);
            double eps = 0.2;
            double beta = 3.0;
            TrainingRecipe r = RecipeRegistry.provider("trades").create(Map.of("eps", eps, "steps", 5, "beta", beta));
            TrainingRecipe.Batch b = r.prepare(RecipeFixtures.ctx(model, m, 1), x, y);
            float[] xs = x.toFloatArray();
            float[] adv = b.input().toFloatArray();
            for (int i = 0; i < xs.length; i++) {
                assertTrue(Math.abs(adv[i] - xs[i]) <= eps + 1e-6 && adv[i] >= 0 && adv[i] <= 1, "ball and box");
            }
            double[][] lpClean = logSoftmax(model.logits(x).toFloatArray(), N, K);
            double[][] lpAdv = logSoftmax(model.logits(b.input()).toFloatArray(), N, K);
            double[][] lpNear = logSoftmax(model.logits(x.add(0.001f)).toFloatArray(), N, K);
            double kl = meanKl(lpClean, lpAdv);
            assertTrue(kl > 10 * meanKl(lpClean, lpNear) && kl > 1e-3, "the inner maximisation raises the KL: " + kl);

            double ce = 0;
            long[] labels = y.toLongArray();
            for (int i = 0; i < N; i++) ce -= lpClean[i][(int) labels[i]] / N;
            double loss = r.loss(RecipeFixtures.ctx(model, m, 1), b).loss().getFloat();
            assertEquals(ce + beta * kl, loss, 1e-5 * Math.max(1, Math.abs(loss)));
        }
    }
}
