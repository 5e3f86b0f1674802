package org.robustj.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.robustj.onnx.TinyOnnx.in;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.robustj.model.BpdaModel;
import org.robustj.model.Classifier;
import org.robustj.model.graph.Ceil;
import org.robustj.model.graph.Node;
import org.robustj.model.graph.Sign;

/**
 * Ceil and Sign: imported into the layer graph (so --bpda can give them a straight-through backward pass),
 * exported back, and computed as ONNX Runtime computes them.
 */
class OnnxStepOpsTest {
    @Test
    void ceilAndSignImportExportAndAgreeWithOnnxRuntime() {
        float[] w = {1, 0, 0, 1, 1, -1};
        byte[] bytes = new TinyOnnx(3).init("three", new float[] {3}, 1).node("Mul", "scale", in("x", "three"), "s")
                .node("Ceil", "ceil", in("s"), "c").node("Sub", "shift", in("c", "two"), "d")
                .init("two", new float[] {2}, 1).node("Sign", "sign", in("d"), "g")
                .init("W", w, 3, 2).node("MatMul", "fc", in("g", "W"), "y").bytes("y", 2);
        try (NDManager m = NDManager.newBaseManager();
                Classifier graph = OnnxModels.read(m, bytes, null, "steps.onnx", "steps");
                Classifier ort = OnnxModels.runtime(m, bytes, null, "steps.onnx", "steps", List.of())) {
            List<String> ops = graph.graph().orElseThrow().nodes().stream().map(Node::op)
                    .map(o -> o.getClass().getSimpleName()).toList();
            assertTrue(ops.contains(Ceil.class.getSimpleName()) && ops.contains(Sign.class.getSimpleName()),
                    ops.toString());
            // x = (0.1, 0.5, 0.9): 3x = (0.3, 1.5, 2.7), ceil = (1, 2, 3), −2 = (−1, 0, 1), sign = (−1, 0, 1)
            NDArray x = m.create(new float[] {0.1f, 0.5f, 0.9f}, new Shape(1, 3));
            float[] want = {-1 * 1 + 0 * 0 + 1 * 1, -1 * 0 + 0 * 1 + 1 * -1};
            assertArrayEquals(want, graph.logits(x).toFloatArray(), 1e-6f);
            assertArrayEquals(want, ort.logits(x).toFloatArray(), 1e-6f);
            byte[] again = OnnxModels.toBytes(graph.graph().orElseThrow(), "steps");
            try (Classifier back = OnnxModels.read(m, again, null, "again", "again")) {
                assertArrayEquals(want, back.logits(x).toFloatArray(), 1e-6f);
            }
            assertEquals(List.of("ceil", "sign"), BpdaModel.of(OnnxModels.read(m, bytes, null, "s", "s"))
                    .straightThroughNodes());
        }
    }
}
