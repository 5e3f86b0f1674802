package org.robustj.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.robustj.model.BlockClassifier;
import org.robustj.model.ModelCard;
import org.robustj.model.graph.Conv2d;
import org.robustj.model.graph.Linear;
import org.robustj.model.graph.Node;

/**
 * Shi et al.'s initialisation: every affine layer but the last has weights of standard deviation √(2π)/fan_in
 * (to four standard errors) and zero biases, the last layer keeps the architecture's values, the draws are
 * a function of the seed alone, and only the {@code ibp_init} option of the certified recipes applies it.
 */
class IbpInitialisationTest {
    private static BlockClassifier cnn(NDManager m) {
        ModelCard card = new ModelCard("cnn", ModelCard.ROBUSTJ_FORMAT, "small-cnn", Map.of("conv1", 16, "conv2", 32,
                "fc", 100, "kernel", 4, "stride", 2, "padding", 1, "pool", false), "mnist", List.of(1L, 28L, 28L),
                10, null, null, 0L, null, null, null, null, null, null, null);
        return BlockClassifier.create(m, card, 3);
    }

    /** Weight and bias values of the affine layers, in graph order. */
    private static List<float[][]> affine(BlockClassifier model) {
        List<float[][]> out = new ArrayList<>();
        for (Node n : model.graph().orElseThrow().nodes()) {
            if (n.op() instanceof Linear l) out.add(new float[][] {l.weight().toFloatArray(), l.bias().toFloatArray()});
            if (n.op() instanceof Conv2d c) out.add(new float[][] {c.weight().toFloatArray(), c.bias().toFloatArray()});
        }
        return out;
    }

    private static double std(float[] v) {
        double s = 0;
        for (float f : v) s += (double) f * f;
        return Math.sqrt(s / v.length);
    }

    @Test
    void everyAffineLayerButTheLastHasTheIntervalPreservingScale() {
        try (NDManager m = NDManager.newBaseManager(); BlockClassifier model = cnn(m)) {
            List<float[][]> before = affine(model);
            TrainingRecipe r = RecipeRegistry.provider("ibp").create(Map.of("ibp_init", true));
            r.initialise(model, 11);
            List<float[][]> after = affine(model);
            long[] fanIn = {16, 16 * 16, 32 * 7 * 7};
            for (int i = 0; i < 3; i++) {
                double expected = Math.sqrt(2 * Math.PI) / fanIn[i];
                int n = after.get(i)[0].length;
                // four standard errors of a sample standard deviation, σ/√(2n): 25% on conv1's 256 weights, 1.4%
                // on fc's 78,400, while the three layers' scales differ by factors of 16 and 6
                assertEquals(expected, std(after.get(i)[0]), 4 * expected / Math.sqrt(2.0 * n), "layer " + i);
                assertArrayEquals(new float[after.get(i)[1].length], after.get(i)[1], "bias " + i);
            }
            assertArrayEquals(before.get(3)[0], after.get(3)[0], "the logit layer is left alone");
            assertArrayEquals(before.get(3)[1], after.get(3)[1]);
        }
    }

    @Test
    void theDrawsDependOnTheSeedAlone() {
        try (NDManager m = NDManager.newBaseManager(); BlockClassifier a = cnn(m); BlockClassifier b = cnn(m)) {
            TrainingRecipe r = RecipeRegistry.provider("crown-ibp").create(Map.of("ibp_init", true));
            r.initialise(a, 5);
            m.randomNormal(new ai.djl.ndarray.types.Shape(100)); // other draws in between change nothing
            r.initialise(b, 5);
            assertArrayEquals(affine(a).get(1)[0], affine(b).get(1)[0]);
            r.initialise(b, 6);
            assertFalse(Arrays.equals(affine(a).get(1)[0], affine(b).get(1)[0]));
        }
    }

    @Test
    void withoutTheOptionTheArchitecturesInitialisationStays() {
        try (NDManager m = NDManager.newBaseManager(); BlockClassifier model = cnn(m)) {
            float[] before = affine(model).get(0)[0];
            RecipeRegistry.provider("ibp").create(Map.of()).initialise(model, 11);
            assertArrayEquals(before, affine(model).get(0)[0]);
        }
    }
}
