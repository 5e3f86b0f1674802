package org.robustj.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.robustj.model.BlockClassifier;

/**
 * The certified-training step's weight gradients do not depend on what the garbage collector does between the
 * forward and the backward pass. Regression test of IBP training going "loss NaN" at different steps from one
 * checkpoint: DJL's number overloads ({@code div(2f)}, the graph ReLU's {@code maximum(0f)}, …) wrapped the number
 * in a Java direct buffer that autograd kept using after it was freed. Here a collection runs between the two
 * passes and the freed native memory is then refilled with NaN bytes; the gradients must stay bit-identical to an
 * undisturbed pass of the same step, and finite.
 */
class CertifiedGradientLifetimeTest {
    private static final int DIM = 12;
    private static final int K = 4;

    /** Direct buffers filled with 0xFF (a NaN pattern), kept alive while a backward pass runs. */
    private final List<ByteBuffer> held = new ArrayList<>();

    /** A collection, time for the buffer cleaners, then freed memory of many sizes reused and filled with NaN. */
    private void collectAndPoison() throws InterruptedException {
        System.gc();
        Thread.sleep(30);
        int[] sizes = {4, 8, 16, 32, 64, 128, 256, 1024, 4096};
        for (int size : sizes) {
            for (int i = 0; i < 400; i++) {
                ByteBuffer b = ByteBuffer.allocateDirect(size);
                for (int k = 0; k < size; k++) b.put(k, (byte) 0xFF);
                held.add(b);
            }
        }
    }

    private List<float[]> stepGradients(String recipe, boolean poison) throws InterruptedException {
        try (NDManager m = NDManager.newBaseManager(); BlockClassifier model = RecipeFixtures.mlp(m, DIM, 16, K, 5)) {
            NDArray x = RecipeFixtures.inputs(m, 16, DIM, 0, 1, 8);
            NDArray y = RecipeFixtures.labels(m, 16, K);
            // no warm-up, a two-epoch ramp: ε = 0.05, κ = 0.875 (and β = 0.5 for crown-ibp) at the first step
            TrainingRecipe r = RecipeRegistry.provider(recipe).create(Map.of("eps", 0.1, "warmup_epochs", 0,
                    "ramp_epochs", 2, "kappa_start", 1.0, "kappa_end", 0.5));
            try (NDManager scope = m.newSubManager()) {
                StepContext ctx = RecipeFixtures.ctx(model, scope, 1);
                model.setWeightGradients(true);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray loss = r.loss(ctx, new TrainingRecipe.Batch(x, y, x)).loss();
                    if (poison) collectAndPoison();
                    gc.backward(loss);
                }
                List<float[]> g = RecipeFixtures.gradients(model);
                held.clear();
                return g;
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ibp", "crown-ibp"})
    void gradientsSurviveACollectionBetweenForwardAndBackward(String recipe) throws InterruptedException {
        List<float[]> quiet = stepGradients(recipe, false);
        for (int round = 0; round < 3; round++) {
            List<float[]> disturbed = stepGradients(recipe, true);
            for (int i = 0; i < quiet.size(); i++) {
                for (float v : disturbed.get(i)) assertTrue(Float.isFinite(v), "weight " + i + " gradient " + v);
                assertArrayEquals(quiet.get(i), disturbed.get(i), 0f, "weight " + i + ", round " + round);
            }
        }
    }
}
