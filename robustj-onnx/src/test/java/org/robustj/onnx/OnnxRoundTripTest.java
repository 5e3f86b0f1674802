package org.robustj.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.robustj.io.Json;
import org.robustj.model.Classifier;
import org.robustj.model.GraphClassifier;
import org.robustj.model.Models;
import org.robustj.model.graph.Conv2d;
import org.robustj.model.graph.LayerGraph;
import org.robustj.model.graph.Linear;
import org.robustj.model.graph.Node;

/**
 * Every supported operator against its twin: tiny PyTorch nets (perf/reference/onnx_fixtures.py) exported as
 * ONNX and as TorchScript, with PyTorch's logits on fixed inputs. The import must give PyTorch's logits (1e-5),
 * the TorchScript twin's logits (1e-5) and input gradients (1e-4), the expected operators, and the same answers
 * after an export and a re-import.
 */
class OnnxRoundTripTest {
    /** The operators each fixture must map to (at least). */
    static final Map<String, Set<String>> EXPECTED = Map.of(
            "gemm", Set.of("Linear", "Relu", "Flatten"),
            "matmul_add", Set.of("Linear", "Relu", "Flatten"),
            "conv_groups", Set.of("Conv2d", "Relu", "Flatten", "Linear"),
            "batchnorm", Set.of("Conv2d", "BatchNorm", "Relu", "Linear"),
            "pools", Set.of("AvgPool", "MaxPool", "GlobalAvgPool", "Flatten"),
            "residual", Set.of("Add", "Conv2d"),
            "normalise", Set.of("Normalize", "ScalarAffine", "BatchNorm"),
            "quantiser", Set.of("Round", "Floor", "Clip", "ScalarAffine", "Normalize", "Add"));

    static Path resource(String file) {
        try {
            return Path.of(OnnxRoundTripTest.class.getResource("/onnx/" + file).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gemm", "matmul_add", "conv_groups", "batchnorm", "pools", "residual", "normalise",
            "quantiser"})
    void importEqualsPyTorchAndTheTorchScriptTwin(String name) throws Exception {
        JsonNode fx = Json.mapper().readTree(resource(name + ".json").toFile());
        long[] shape = longs(fx.get("input_shape"));
        float[] input = floats(fx.get("input"));
        float[] expected = floats(fx.get("logits"));
        Shape sample = new Shape(java.util.Arrays.copyOfRange(shape, 1, shape.length));
        try (NDManager m = NDManager.newBaseManager();
                Classifier onnx = Models.open(m, resource(name + ".onnx").toString(), null);
                Classifier ts = Models.open(m, resource(name + ".pt").toString(), sample)) {
            assertTrue(onnx instanceof GraphClassifier, "opened through the ONNX provider");
            assertEquals(sample, onnx.inputShape());
            LayerGraph g = onnx.graph().orElseThrow();
            Set<String> ops = new HashSet<>();
            for (Node n : g.nodes()) ops.add(n.op().getClass().getSimpleName());
            assertTrue(ops.containsAll(EXPECTED.get(name)), name + " maps to " + ops + "\n" + g.describe());
            try (NDManager s = m.newSubManager()) {
                NDArray x = s.create(input, new Shape(shape));
                float d = Twins.maxAbsDiff(expected, onnx.logits(x).toFloatArray());
                assertTrue(d <= 1e-5, name + ": logits differ from PyTorch's by " + d + "\n" + g.describe());
                Twins.assertSame(onnx, ts, x, 1e-5, 1e-4, name);
                // the batch size is free: one sample gives the first row
                float[] one = onnx.logits(x.get(new NDIndex("0:1"))).toFloatArray();
                float[] row = java.util.Arrays.copyOfRange(expected, 0, one.length);
                assertTrue(Twins.maxAbsDiff(row, one) <= 1e-5, name + ": batch of one differs");
                // export and re-import: the same network
                byte[] bytes = OnnxModels.toBytes(g, name);
                try (GraphClassifier back = OnnxModels.read(m, bytes, null, name + " (re-imported)", name)) {
                    assertEquals(g.nodes().size(), back.graph().orElseThrow().nodes().size(),
                            back.graph().orElseThrow().describe());
                    float[] again = back.logits(x).toFloatArray();
                    assertTrue(Twins.maxAbsDiff(onnx.logits(x).toFloatArray(), again) <= 1e-6,
                            name + ": re-imported export differs");
                    Twins.assertSame(onnx, back, x, 1e-6, 1e-6, name + " re-imported");
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"conv_groups"})
    void convolutionAttributesAreRead(String name) {
        try (NDManager m = NDManager.newBaseManager();
                Classifier onnx = Models.open(m, resource(name + ".onnx").toString(), null)) {
            Conv2d first = null;
            for (Node n : onnx.graph().orElseThrow().nodes()) {
                if (n.op() instanceof Conv2d c && first == null) first = c;
            }
            assertArrayEquals(new int[] {2, 2}, first.stride());
            assertArrayEquals(new int[] {2, 2}, first.padding());
            assertArrayEquals(new int[] {2, 2}, first.dilation());
            assertEquals(2, first.groups());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"matmul_add"})
    void matMulThenAddIsOneLinearWithBias(String name) {
        try (NDManager m = NDManager.newBaseManager();
                Classifier onnx = Models.open(m, resource(name + ".onnx").toString(), null)) {
            long withBias = onnx.graph().orElseThrow().nodes().stream()
                    .filter(n -> n.op() instanceof Linear l && l.bias() != null).count();
            assertEquals(1, withBias, onnx.graph().orElseThrow().describe());
        }
    }

    static long[] longs(JsonNode a) {
        long[] v = new long[a.size()];
        for (int i = 0; i < v.length; i++) v[i] = a.get(i).asLong();
        return v;
    }

    static float[] floats(JsonNode a) {
        float[] v = new float[a.size()];
        for (int i = 0; i < v.length; i++) v[i] = (float) a.get(i).asDouble();
        return v;
    }
}
