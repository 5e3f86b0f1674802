package org.robustj.attack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.robustj.errors.InvalidInputException;
import org.robustj.errors.MissingCapabilityException;
import org.robustj.model.Capabilities;
import org.robustj.model.Classifier;
import org.robustj.model.ModelCapability;
import org.robustj.model.Models;
import org.robustj.model.QueryOnlyModel;
import org.robustj.model.McDropoutModel;

/**
 * MC dropout ({@code mc-dropout:P:K:MODEL}) on the bundled CNN's layer graph: P = 0 is the deterministic network,
 * a positive rate draws masks that are a function of the row's key alone (same key, same answer; another key,
 * another answer; a row's answer does not depend on its batch), and a model without a graph is refused.
 */
class McDropoutModelTest {
    static NDArray inputs(NDManager m, int n) {
        float[] v = new float[n * 28 * 28];
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < v.length; i++) v[i] = (float) r.nextDouble();
        return m.create(v, new Shape(n, 1, 28, 28));
    }

    @Test
    void rateZeroIsTheDeterministicNetwork() {
        try (NDManager m = NDManager.newBaseManager();
                Classifier plain = Models.open(m, "zoo:mnist-cnn", null);
                Classifier mc = Models.open(m, "mc-dropout:0:3:zoo:mnist-cnn", null)) {
            NDArray x = inputs(m, 5);
            float[] p = plain.logits(x).softmax(1).toFloatArray();
            float[] q = mc.logits(x, new long[] {1, 2, 3, 4, 5}).exp().toFloatArray();
            for (int i = 0; i < p.length; i++) assertEquals(p[i], q[i], 1e-5, "probability " + i);
        }
    }

    @Test
    void masksAreAFunctionOfTheRowKeyAlone() {
        try (NDManager m = NDManager.newBaseManager();
                Classifier mc = Models.open(m, "mc-dropout:0.5:2:zoo:mnist-cnn", null)) {
            assertTrue(Capabilities.has(mc, ModelCapability.RANDOMIZED));
            assertTrue(Capabilities.has(mc, ModelCapability.INPUT_GRADIENTS));
            NDArray x = inputs(m, 4);
            long[] keys = {10, 11, 12, 13};
            float[] a = mc.logits(x, keys).toFloatArray();
            assertArrayEquals(a, mc.logits(x, keys).toFloatArray(), 0f);
            float[] b = mc.logits(x, new long[] {20, 21, 22, 23}).toFloatArray();
            boolean differ = false;
            for (int i = 0; i < a.length; i++) differ |= Math.abs(a[i] - b[i]) > 1e-4;
            assertTrue(differ, "other keys, other masks");
            // row 2 alone, with its key, answers what it answered in the batch
            float[] alone = mc.logits(x.get("2:3"), new long[] {12}).toFloatArray();
            for (int c = 0; c < alone.length; c++) assertEquals(a[2 * alone.length + c], alone[c], 1e-5);
        }
    }

    @Test
    void aModelWithoutALayerGraphIsRefused() {
        try (NDManager m = NDManager.newBaseManager();
                Classifier q = QueryOnlyModel.of(Models.open(m, "zoo:mnist-cnn", null))) {
            MissingCapabilityException e = assertThrows(MissingCapabilityException.class,
                    () -> McDropoutModel.of(q, 0.5, 2, "mc-dropout:0.5:2:q"));
            assertTrue(e.getMessage().startsWith("mc-dropout needs a readable layer graph"), e.getMessage());
        }
        InvalidInputException bad = assertThrows(InvalidInputException.class,
                () -> org.robustj.model.ModelSpecs.references("mc-dropout:1.5:2:zoo:mnist-cnn"));
        assertTrue(bad.getMessage().contains("P must be in [0, 1)"), bad.getMessage());
        assertFalse(org.robustj.model.ModelSpecs.references("mc-dropout:0.1:2:zoo:mnist-cnn").isEmpty());
    }
}
