package org.robustj.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Models saved by the code before architectures recorded their layer graph (commit 05cb0aa; written by
 * perf/reference/PreGraphFixtures.java, BatchNorm statistics moved by training-mode passes) still load into
 * the same DJL layout and give the logits they gave then; their graph gives them too.
 */
class SavedLayoutTest {
    @ParameterizedTest
    @ValueSource(strings = {"preact-w2", "small-cnn-bn", "mlp-norm"})
    void weightsSavedBeforeTheGraphLoadAndGiveTheSameLogits(String name) throws Exception {
        Path dir = Path.of(SavedLayoutTest.class.getResource("/fixtures/pre-graph/" + name + ".json").toURI())
                .getParent();
        String text = Files.readString(dir.resolve(name + ".logits.txt")).trim();
        String[] parts = text.substring(1, text.length() - 1).split(",\\s*");
        float[] expected = new float[parts.length];
        for (int i = 0; i < parts.length; i++) expected[i] = Float.parseFloat(parts[i]);
        try (NDManager m = NDManager.newBaseManager();
                Classifier c = Models.open(m, dir.resolve(name + ".json").toString(), null)) {
            long[] dims = new long[c.inputShape().dimension() + 1];
            dims[0] = 2;
            System.arraycopy(c.inputShape().getShape(), 0, dims, 1, c.inputShape().dimension());
            Shape s = new Shape(dims);
            float[] x = new float[(int) s.size()];
            for (int i = 0; i < x.length; i++) x[i] = ((i * 7919L) % 1000) / 1000f;
            NDArray input = m.create(x, s);
            assertArrayEquals(expected, c.logits(input).toFloatArray(), 1e-5f, name + " block");
            float[] g = c.graph().orElseThrow().forward(input).toFloatArray();
            assertTrue(ArchitectureGraphTest.relativeError(g, expected) <= ArchitectureGraphTest.LOGIT_TOL,
                    name + " graph");
        }
    }
}
