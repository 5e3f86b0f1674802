package org.robustj.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The oneDNN checks ({@link OneDnnProbe}, {@link Engines#checkModelGradients}): the tolerance formula, that a model
 * whose gradient depends on the kernels is caught and sends the process back to the native kernels, and that the
 * engine's reported choice matches its state.
 */
class OneDnnProbeTest {

    @Test
    void differenceIsRelativeToTheLargestReferenceValue() {
        float[] ref = {2, -4, 1};
        assertNull(OneDnnProbe.difference("x", new float[] {2, -4, 1}, ref));
        assertNull(OneDnnProbe.difference("x", new float[] {2, -4.0002f, 1}, ref), "5e-5 relative is float noise");
        String d = OneDnnProbe.difference("x", new float[] {2, -4, 1.004f}, ref);
        assertTrue(d != null && d.startsWith("x differs") && d.contains("0.001"), d);
        assertTrue(OneDnnProbe.difference("x", new float[] {Float.NaN, -4, 1}, ref).contains("not finite"));
    }

    @Test
    void aModelWhoseGradientDependsOnTheKernelsIsCaughtAndGradientsGoNative() {
        Engines.KernelChoice before = Engines.chooseForTest(new Engines.KernelChoice(true, "oneDNN (test)"));
        try {
            // logits whose input gradient changes when oneDNN is on, as a wrong kernel's would
            Function<NDArray, NDArray> kernelDependent = x -> {
                NDArray flat = x.reshape(x.getShape().get(0), -1);
                NDArray z = flat.sum(new int[] {1}, true);
                return Engines.oneDnnEnabled() ? z.mul(flat.get(":, 0:1")).concat(z, 1) : z.concat(z, 1);
            };
            Optional<String> wrong = Engines.checkModelGradients(new Shape(1, 3, 3), kernelDependent);
            assertTrue(wrong.isPresent() && wrong.get().startsWith("model"), String.valueOf(wrong));
            assertFalse(Engines.oneDnnGradients());
            assertFalse(Engines.oneDnnEnabled(), "native kernels from now on");
            assertTrue(Engines.convolutions().startsWith("native: with oneDNN an opened model's model"),
                    Engines.convolutions());
            assertEquals(Optional.empty(), Engines.checkModelGradients(new Shape(1, 3, 3), kernelDependent),
                    "nothing left to check once gradients are native");
        } finally {
            Engines.chooseForTest(before);
        }
    }

    @Test
    void aModelThatDoesNotDependOnTheKernelsKeepsOneDnn() {
        Engines.KernelChoice before = Engines.chooseForTest(new Engines.KernelChoice(true, "oneDNN (test)"));
        try {
            Function<NDArray, NDArray> plain = x -> x.reshape(x.getShape().get(0), -1).square().sum(new int[] {1}, true);
            assertEquals(Optional.empty(), Engines.checkModelGradients(new Shape(1, 3, 3), plain));
            assertTrue(Engines.oneDnnGradients());
            assertTrue(Engines.oneDnnEnabled());
        } finally {
            Engines.chooseForTest(before);
        }
    }

    @Test
    void theReportedChoiceMatchesTheEngineState() {
        String c = Engines.convolutions();
        if (Engines.oneDnnGradients()) {
            assertTrue(c.startsWith("oneDNN"), c);
            assertTrue(Engines.oneDnnEnabled());
        } else {
            assertTrue(c.startsWith("native"), c);
            assertFalse(Engines.oneDnnEnabled());
        }
    }
}
