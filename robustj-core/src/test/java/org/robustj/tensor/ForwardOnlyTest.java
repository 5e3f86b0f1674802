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

/** Engines.forwardOnly: oneDNN on for forward passes only, the same logits, no gradient meanwhile. */
class ForwardOnlyTest {

    @Test
    void sameLogitsWithOneDnnOnAndGradientsRefusedMeanwhile() {
        Engines.pytorch();
        try (NDManager m = NDManager.newBaseManager();
                Classifier model = Models.open(m, "zoo:mnist-cnn-fgsm-rs", new Shape(1, 28, 28))) {
            m.getEngine().setRandomSeed(3);
            NDArray x = m.randomUniform(0, 1, new Shape(64, 1, 28, 28));
            float[] off = model.logits(x).toFloatArray();
            float[] on = Engines.forwardOnly(() -> {
                assertTrue(Engines.oneDnnEnabled());
                assertThrows(IllegalStateException.class, () -> Gradients.of(x, v -> new NDList(model.logits(v))));
                return model.logits(x).toFloatArray();
            });
            assertArrayEquals(off, on, 1e-4f);
            assertEquals(Boolean.getBoolean(Engines.ONEDNN), Engines.oneDnnEnabled(), "restored afterwards");
            try (Gradients.ValueAndGradient g = Gradients.of(x, v -> new NDList(model.logits(v)))) {
                assertFalse(g.gradient().isNaN().any().getBoolean());
            }
        }
    }
}
