package org.robustj.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.robustj.model.Classifier;
import org.robustj.model.Models;

/**
 * Engines.forwardOnly: oneDNN on for forward passes, the same logits; where gradients are native, no gradient
 * meanwhile and oneDNN off afterwards; where they run on oneDNN, gradients work inside too. Both modes, whichever
 * this machine's check chose.
 */
class ForwardOnlyTest {

    @Test
    void sameLogitsWithOneDnnOnAndGradientsRefusedMeanwhileWhereNative() {
        Engines.KernelChoice before = Engines.chooseForTest(new Engines.KernelChoice(false, "native (test)"));
        // opened while gradients are native, so the model check cannot change the mode this test sets
        try (NDManager m = NDManager.newBaseManager();
                Classifier model = Models.open(m, "zoo:mnist-cnn-fgsm-rs", new Shape(1, 28, 28))) {
            check(m, model, false);
            Engines.chooseForTest(new Engines.KernelChoice(true, "oneDNN (test)"));
            check(m, model, true);
        } finally {
            Engines.chooseForTest(before);
        }
    }

    private static void check(NDManager m, Classifier model, boolean oneDnnGradients) {
        {
            assertEquals(oneDnnGradients, Engines.oneDnnGradients());
            m.getEngine().setRandomSeed(3);
            NDArray x = m.randomUniform(0, 1, new Shape(64, 1, 28, 28));
            float[] outside = model.logits(x).toFloatArray();
            float[] on = Engines.forwardOnly(() -> {
                assertTrue(Engines.oneDnnEnabled());
                if (oneDnnGradients) {
                    try (Gradients.ValueAndGradient g = Gradients.of(x, v -> new NDList(model.logits(v)))) {
                        assertFalse(g.gradient().isNaN().any().getBoolean());
                    }
                } else {
                    assertThrows(IllegalStateException.class, () -> Gradients.of(x, v -> new NDList(model.logits(v))));
                }
                return model.logits(x).toFloatArray();
            });
            assertArrayEquals(outside, on, 1e-4f);
            assertEquals(oneDnnGradients, Engines.oneDnnEnabled(), "restored afterwards");
            try (Gradients.ValueAndGradient g = Gradients.of(x, v -> new NDList(model.logits(v)))) {
                assertFalse(g.gradient().isNaN().any().getBoolean());
            }
        }
    }
}
