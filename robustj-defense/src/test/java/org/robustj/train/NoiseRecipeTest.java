package org.robustj.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.robustj.model.BlockClassifier;

/** Gaussian augmentation: the noise has mean 0 and standard deviation σ; clipping is optional. */
class NoiseRecipeTest {
    @Test
    void noiseHasTheRequestedSigmaAndIsClippedOnlyWhenAsked() {
        try (NDManager m = NDManager.newBaseManager(); BlockClassifier model = RecipeFixtures.mlp(m, 100, 4, 2, 1)) {
            NDArray x = RecipeFixtures.inputs(m, 200, 100, 0, 1, 2);
            NDArray y = RecipeFixtures.labels(m, 200, 2);
            float[] xs = x.toFloatArray();
            float[] noisy = RecipeRegistry.provider("noise").create(Map.of("sigma", 0.5))
                    .prepare(RecipeFixtures.ctx(model, m, 3), x, y).input().toFloatArray();
            double sum = 0;
            double sq = 0;
            boolean outside = false;
            for (int i = 0; i < xs.length; i++) {
                double d = noisy[i] - xs[i];
                sum += d;
                sq += d * d;
                outside |= noisy[i] < 0 || noisy[i] > 1;
            }
            double mean = sum / xs.length;
            double sd = Math.sqrt(sq / xs.length - mean * mean);
            assertEquals(0, mean, 0.01);
            assertEquals(0.5, sd, 0.01);
            assertTrue(outside, "no clipping by default (Cohen et al.)");
            float[] clipped = RecipeRegistry.provider("noise").create(Map.of("sigma", 0.5, "clip", true))
                    .prepare(RecipeFixtures.ctx(model, m, 3), x, y).input().toFloatArray();
            for (int i = 0; i < xs.length; i++) {
                assertEquals(Math.min(1, Math.max(0, noisy[i])), clipped[i], 1e-7, "same draw, clipped");
            }
        }
    }
}
