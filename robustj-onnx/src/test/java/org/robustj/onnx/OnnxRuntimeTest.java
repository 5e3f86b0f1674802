package org.robustj.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.robustj.onnx.TinyOnnx.in;
import static org.robustj.onnx.TinyOnnx.is;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustj.errors.MissingCapabilityException;
import org.robustj.errors.ModelLoadException;
import org.robustj.errors.UnknownNameException;
import org.robustj.model.Capabilities;
import org.robustj.model.Classifier;
import org.robustj.model.ModelCapability;
import org.robustj.model.Models;

/**
 * The ONNX Runtime backend: the same logits as robustj's layer graph on the same file, logits only (query-only),
 * the fallback for operators the graph cannot hold (with a note), fixed-batch files, and one-line errors.
 */
class OnnxRuntimeTest {
    @TempDir
    Path dir;

    private static float[] randomInputs(int n, int d, long seed) {
        float[] v = new float[n * d];
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < v.length; i++) v[i] = (float) r.nextDouble();
        return v;
    }

    private static float[] weights(int n, long seed) {
        float[] w = new float[n];
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) w[i] = (float) (r.nextDouble() * 2 - 1);
        return w;
    }

    @Test
    void onnxRuntimeGivesTheLayerGraphsLogitsAndNothingElse() throws Exception {
        // a small conv net: Conv → Relu → Flatten → Gemm (10 classes), batch axis symbolic
        Path f = dir.resolve("conv.onnx");
        Files.write(f, new TinyOnnx(1, 6, 6).init("K", weights(4 * 9, 1), 4, 1, 3, 3).init("kb", weights(4, 2), 4)
                .node("Conv", "conv", in("x", "K", "kb"), "c", is("kernel_shape", 3, 3), is("pads", 1, 1, 1, 1))
                .node("Relu", "relu", in("c"), "r").node("Flatten", "flat", in("r"), "h")
                .init("W", weights(10 * 144, 3), 10, 144).init("b", weights(10, 4), 10)
                .node("Gemm", "fc", in("h", "W", "b"), "y", TinyOnnx.i("transB", 1)).bytes("y", 10));
        try (NDManager m = NDManager.newBaseManager();
                Classifier graph = OnnxModels.open(m, f, null, "conv.onnx", OnnxModels.Backend.GRAPH);
                Classifier ort = OnnxModels.open(m, f, null, "conv.onnx", OnnxModels.Backend.ONNXRUNTIME)) {
            assertInstanceOf(OnnxRuntimeClassifier.class, ort);
            assertEquals(new Shape(1, 6, 6), ort.inputShape());
            assertEquals(10, ort.numClasses());
            assertEquals(Set.of(ModelCapability.LOGITS), ort.capabilities());
            assertTrue(ort.graph().isEmpty());
            assertEquals(graph.sha256(), ort.sha256());
            for (int n : new int[] {1, 7, 64}) {
                NDArray x = m.create(randomInputs(n, 36, n), new Shape(n, 1, 6, 6));
                float d = Twins.maxAbsDiff(graph.logits(x).toFloatArray(), ort.logits(x).toFloatArray());
                assertTrue(d <= 1e-5, "ONNX Runtime and the layer graph differ by " + d + " on " + n + " inputs");
            }
            MissingCapabilityException e = assertThrows(MissingCapabilityException.class, () -> Capabilities.require(
                    ort, ModelCapability.INPUT_GRADIENTS, "attack apgd-ce", "use --attacks square"));
            assertTrue(e.getMessage().contains("query-only"), e.getMessage());
            assertThrows(MissingCapabilityException.class, () -> ort.activations(
                    m.zeros(new Shape(1, 1, 6, 6)), List.of("relu")));
            assertTrue(ort.notes().get(0).message().contains("--backend onnxruntime"), ort.notes().toString());
        }
    }

    @Test
    void anOperatorTheGraphCannotHoldRunsInOnnxRuntimeWithANote() throws Exception {
        Path f = dir.resolve("sig.onnx");
        float[] w = weights(9, 5);
        Files.write(f, new TinyOnnx(3).init("W", w, 3, 3).node("MatMul", "fc", in("x", "W"), "h")
                .node("Sigmoid", "/act/Sigmoid", in("h"), "y").bytes("y", 3));
        try (NDManager m = NDManager.newBaseManager(); Classifier c = Models.open(m, f.toString(), null)) {
            assertInstanceOf(OnnxRuntimeClassifier.class, c);
            assertFalse(Capabilities.has(c, ModelCapability.INPUT_GRADIENTS));
            assertEquals(1, c.notes().size());
            String note = c.notes().get(0).message();
            assertEquals("onnx-runtime", c.notes().get(0).check());
            assertTrue(note.contains("ONNX Runtime") && note.contains("Sigmoid") && note.contains("query-only")
                    && !note.contains("\n"), note);
            // sigmoid(x·W) by hand
            float[] x = randomInputs(4, 3, 9);
            float[] z = c.logits(m.create(x, new Shape(4, 3))).toFloatArray();
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < 3; j++) {
                    double h = 0;
                    for (int k = 0; k < 3; k++) h += x[i * 3 + k] * w[k * 3 + j];
                    assertEquals(1 / (1 + Math.exp(-h)), z[i * 3 + j], 1e-6);
                }
            }
        }
    }

    @Test
    void aFileWithAFixedBatchIsQueriedInChunks() throws Exception {
        // batch axis fixed to 1, as torch.onnx.export writes without dynamic_axes
        byte[] dyn = new TinyOnnx(4).init("W", weights(8, 6), 4, 2).node("MatMul", "fc", in("x", "W"), "y").bytes("y", 2);
        var model = org.robustj.onnx.proto.OnnxProto.ModelProto.parseFrom(dyn).toBuilder();
        var dim = model.getGraphBuilder().getInputBuilder(0).getTypeBuilder().getTensorTypeBuilder().getShapeBuilder()
                .getDimBuilder(0);
        dim.clearDimParam().setDimValue(1);
        try (NDManager m = NDManager.newBaseManager();
                Classifier ort = OnnxModels.runtime(m, model.build().toByteArray(), null, "fixed.onnx", "fixed",
                        List.of());
                Classifier graph = OnnxModels.read(m, dyn, null, "dyn.onnx", "dyn")) {
            NDArray x = m.create(randomInputs(5, 4, 2), new Shape(5, 4));
            assertTrue(Twins.maxAbsDiff(graph.logits(x).toFloatArray(), ort.logits(x).toFloatArray()) <= 1e-6);
        }
    }

    @Test
    void badInputGivesOneLine() throws Exception {
        Path bad = dir.resolve("bad.onnx");
        Files.write(bad, new byte[] {8, 7, 18, 4, 't', 'e', 's', 't', 0x3a, (byte) 0xff, 1});
        try (NDManager m = NDManager.newBaseManager()) {
            ModelLoadException e = assertThrows(ModelLoadException.class,
                    () -> OnnxModels.open(m, bad, null, bad.toString(), OnnxModels.Backend.ONNXRUNTIME));
            assertTrue(e.getMessage().startsWith("cannot read ONNX model " + bad) && !e.getMessage().contains("\n"),
                    e.getMessage());
        }
        UnknownNameException u = assertThrows(UnknownNameException.class, () -> OnnxModels.Backend.parse("tensorrt"));
        assertTrue(u.getMessage().contains("onnxruntime"), u.getMessage());
    }
}
