package org.robustj.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.util.Pair;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.robustj.model.graph.Add;
import org.robustj.model.graph.BatchNorm;
import org.robustj.model.graph.Conv2d;
import org.robustj.model.graph.LayerGraph;
import org.robustj.model.graph.Linear;
import org.robustj.model.graph.Node;
import org.robustj.model.graph.Normalize;
import org.robustj.tensor.Gradients;

/**
 * Every built-in architecture's layer graph computes what its DJL block computes (logits to 1e-5, input
 * gradients to 1e-4), over the block's own weight arrays, and stays correct when weights are loaded or trained.
 */
class ArchitectureGraphTest {
    static final double LOGIT_TOL = 1e-5;
    static final double GRAD_TOL = 1e-4;

    static Stream<Arguments> architectures() {
        List<Long> mnist = List.of(1L, 28L, 28L);
        List<Long> cifar = List.of(3L, 32L, 32L);
        List<Double> mean3 = List.of(0.49, 0.48, 0.45);
        List<Double> std3 = List.of(0.25, 0.24, 0.26);
        return Stream.of(
                Arguments.of("mlp", Map.of("hidden", List.of(16, 8)), mnist),
                Arguments.of("mlp", Map.of("hidden", List.of(12), "mean", List.of(0.13), "std", List.of(0.31)),
                        List.of(20L)),
                Arguments.of("small-cnn", Map.of("conv1", 4, "conv2", 8, "fc", 16), mnist),
                Arguments.of("small-cnn", Map.of("conv1", 4, "conv2", 8, "fc", 16, "batchnorm", true), mnist),
                Arguments.of("small-cnn", Map.of("conv1", 4, "conv2", 8, "fc", 16, "kernel", 4, "stride", 2,
                        "padding", 1, "pool", false, "batchnorm", true, "mean", mean3, "std", std3), cifar),
                Arguments.of("small-cnn", Map.of("conv1", 3, "conv2", 5, "fc", 7, "kernel", 3, "padding", 0,
                        "mean", List.of(0.5), "std", List.of(0.5)), mnist),
                Arguments.of("preact-resnet18", Map.of("width", 4), cifar),
                Arguments.of("preact-resnet18", Map.of("width", 4, "mean", mean3, "std", std3), cifar));
    }

    static ModelCard card(String arch, Map<String, Object> opts, List<Long> shape) {
        return ModelsTest.card(arch, opts, shape, 10);
    }

    static NDArray inputs(NDManager m, Classifier c, int n, long seed) {
        long[] dims = new long[c.inputShape().dimension() + 1];
        dims[0] = n;
        System.arraycopy(c.inputShape().getShape(), 0, dims, 1, c.inputShape().dimension());
        return uniform(m, new Shape(dims), seed);
    }

    static NDArray uniform(NDManager m, Shape shape, long seed) {
        Random r = new Random(seed);
        float[] v = new float[(int) shape.size()];
        for (int i = 0; i < v.length; i++) v[i] = r.nextFloat();
        return m.create(v, shape);
    }

    /** BatchNorm statistics and affine parameters far from their initial 1/0, so folding is really tested. */
    static void randomiseBatchNorms(BlockClassifier c, long seed) {
        Random r = new Random(seed);
        for (Pair<String, Parameter> p : c.parameters()) {
            String name = p.getKey();
            boolean var = name.endsWith("runningVar");
            if (!(var || name.endsWith("gamma") || name.endsWith("beta") || name.endsWith("runningMean"))) continue;
            NDArray a = p.getValue().getArray();
            float[] v = new float[(int) a.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = var ? 0.2f + 2 * r.nextFloat() : (float) (name.endsWith("gamma") ? 0.5 + r.nextFloat()
                        : r.nextGaussian() * 0.3);
            }
            a.set(java.nio.FloatBuffer.wrap(v));
        }
    }

    /** max |a − b| / max(1, max |b|). */
    static double relativeError(float[] a, float[] b) {
        assertEquals(b.length, a.length);
        double diff = 0;
        double scale = 1;
        for (int i = 0; i < a.length; i++) {
            diff = Math.max(diff, Math.abs(a[i] - b[i]));
            scale = Math.max(scale, Math.abs(b[i]));
        }
        return diff / scale;
    }

    /** Logits and the input gradient of a fixed random projection of them, through the block and the graph. */
    static void assertGraphMatchesBlock(NDManager m, Classifier c, String what) {
        LayerGraph g = c.graph().orElseThrow();
        try (NDManager s = m.newSubManager()) {
            NDArray x = inputs(s, c, 3, 11);
            float[] z = c.logits(x).toFloatArray();
            float[] zg = g.forward(x).toFloatArray();
            double e = relativeError(zg, z);
            assertTrue(e <= LOGIT_TOL, what + ": graph logits differ by " + e);
            NDArray r = uniform(s, new Shape(3, c.numClasses()), 5).sub(0.5f);
            float[] gb = Gradients.of(x, xx -> new NDList(c.logits(xx).mul(r).sum(new int[] {1}))).gradient()
                    .toFloatArray();
            float[] gg = Gradients.of(x, xx -> new NDList(g.forward(xx).mul(r).sum(new int[] {1}))).gradient()
                    .toFloatArray();
            double ge = relativeError(gg, gb);
            assertTrue(ge <= GRAD_TOL, what + ": graph input gradients differ by " + ge);
            double norm = 0;
            for (float v : gb) norm += Math.abs(v);
            assertTrue(norm > 0, what + ": the input gradient is zero, nothing was compared");
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("architectures")
    void graphComputesTheBlocksLogitsAndInputGradients(String arch, Map<String, Object> opts, List<Long> shape) {
        try (NDManager m = NDManager.newBaseManager();
                BlockClassifier c = BlockClassifier.create(m, card(arch, opts, shape), 7)) {
            randomiseBatchNorms(c, 3);
            assertGraphMatchesBlock(m, c, arch + " " + opts);
            LayerGraph g = c.graph().orElseThrow();
            assertEquals(c.layers(), g.nodes().stream().map(Node::name).toList());
            assertEquals("logits", g.output().name());
            assertEquals(opts.containsKey("mean"), g.nodes().get(0).op() instanceof Normalize);
            assertEquals(Boolean.TRUE.equals(opts.get("batchnorm")) || arch.startsWith("preact"),
                    g.nodes().stream().anyMatch(n -> n.op() instanceof BatchNorm));
        }
    }

    @Test
    void linearAndConvNodesHoldTheBlocksOwnParameterArrays() {
        try (NDManager m = NDManager.newBaseManager();
                BlockClassifier c = BlockClassifier.create(m, card("small-cnn",
                        Map.of("conv1", 4, "conv2", 8, "fc", 16), List.of(1L, 28L, 28L)), 1)) {
            LayerGraph g = c.graph().orElseThrow();
            assertEquals(List.of("conv1", "relu1", "pool1", "conv2", "relu2", "pool2", "flatten", "fc", "relu3",
                    "logits"), c.layers());
            List<NDArray> params = new ArrayList<>();
            for (Pair<String, Parameter> p : c.parameters()) params.add(p.getValue().getArray());
            List<NDArray> held = new ArrayList<>();
            for (Node n : g.nodes()) {
                if (n.op() instanceof Conv2d cv) {
                    held.add(cv.weight());
                    held.add(cv.bias());
                } else if (n.op() instanceof Linear l) {
                    held.add(l.weight());
                    held.add(l.bias());
                }
            }
            assertEquals(params.size(), held.size());
            for (int i = 0; i < params.size(); i++) assertSame(params.get(i), held.get(i), "parameter " + i);
            assertSame(g, c.graph().orElseThrow(), "an unchanged model keeps its graph");
        }
    }

    @Test
    void preActBlocksAreResidualSubgraphsWithShortcutsWhereTheShapeChanges() {
        try (NDManager m = NDManager.newBaseManager();
                BlockClassifier c = BlockClassifier.create(m, card("preact-resnet18", Map.of("width", 4),
                        List.of(3L, 32L, 32L)), 1)) {
            LayerGraph g = c.graph().orElseThrow();
            List<String> adds = g.nodes().stream().filter(n -> n.op() instanceof Add).map(Node::name).toList();
            assertEquals(List.of("layer1.0", "layer1.1", "layer2.0", "layer2.1", "layer3.0", "layer3.1", "layer4.0",
                    "layer4.1"), adds);
            // a block without a shortcut convolution adds its input, one with it adds the strided 1×1 conv
            assertEquals(List.of("layer1.0.conv2", "conv1"), g.node("layer1.0").orElseThrow().inputs());
            assertEquals(List.of("layer2.0.conv2", "layer2.0.shortcut"), g.node("layer2.0").orElseThrow().inputs());
            assertEquals(List.of("layer2.0.relu1"), g.node("layer2.0.shortcut").orElseThrow().inputs());
            Conv2d sc = (Conv2d) g.node("layer2.0.shortcut").orElseThrow().op();
            assertEquals(2, sc.stride()[0]);
            assertEquals(1, sc.kernel()[0]);
            assertTrue(g.node("layer1.1.shortcut").isEmpty());
            assertEquals(List.of("bn", "relu", "pool", "flatten", "logits"),
                    c.layers().subList(c.layers().size() - 5, c.layers().size()));
            // 1 stem + 8 blocks × 2 convolutions + 3 shortcuts
            assertEquals(20, g.nodes().stream().filter(n -> n.op() instanceof Conv2d).count());
        }
    }

    @Test
    void activationsAreTheGraphsNodeOutputs() {
        try (NDManager m = NDManager.newBaseManager();
                BlockClassifier c = BlockClassifier.create(m, card("preact-resnet18", Map.of("width", 4),
                        List.of(3L, 32L, 32L)), 2)) {
            randomiseBatchNorms(c, 4);
            NDArray x = inputs(m, c, 2, 1);
            Map<String, NDArray> a = c.activations(x, List.of("logits", "layer2.0", "layer2.0.shortcut"));
            assertEquals(List.of("layer2.0.shortcut", "layer2.0", "logits"), List.copyOf(a.keySet()));
            assertEquals(new Shape(2, 8, 16, 16), a.get("layer2.0").getShape());
            assertTrue(relativeError(a.get("logits").toFloatArray(), c.logits(x).toFloatArray()) <= LOGIT_TOL);
            Map<String, NDArray> only = c.activations(x, List.of("layer1.0.relu1"));
            assertEquals(List.of("layer1.0.relu1"), List.copyOf(only.keySet()));
            assertTrue(only.get("layer1.0.relu1").min().getFloat() >= 0);
        }
    }

    @Test
    void aWeightGradientThroughTheGraphReachesTheBlocksParameter() {
        try (NDManager m = NDManager.newBaseManager();
                BlockClassifier c = BlockClassifier.create(m, card("small-cnn",
                        Map.of("conv1", 4, "conv2", 8, "fc", 16, "kernel", 4, "stride", 2, "padding", 1, "pool",
                                false), List.of(1L, 28L, 28L)), 3)) {
            NDArray x = inputs(m, c, 4, 2);
            NDArray conv1 = c.parameters().get(0).getValue().getArray();
            c.setWeightGradients(true);
            float[] viaGraph = weightGradient(c, conv1, () -> c.graph().orElseThrow().forward(x));
            float[] viaBlock = weightGradient(c, conv1, () -> c.logits(x));
            c.setWeightGradients(false);
            double norm = 0;
            for (float v : viaGraph) norm += Math.abs(v);
            assertTrue(norm > 0, "no gradient reached conv1's weight");
            assertTrue(relativeError(viaGraph, viaBlock) <= GRAD_TOL);
        }
    }

    private static float[] weightGradient(BlockClassifier c, NDArray w, java.util.function.Supplier<NDArray> f) {
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray loss = f.get().square().sum();
            gc.backward(loss);
        }
        NDArray g = w.getGradient();
        float[] out = g.toFloatArray();
        g.subi(g);
        return out;
    }

    @Test
    void theGraphFollowsLoadedAndTrainedWeights() throws Exception {
        Map<String, Object> opts = Map.of("conv1", 4, "conv2", 8, "fc", 16, "batchnorm", true);
        ModelCard cd = card("small-cnn", opts, List.of(1L, 28L, 28L));
        try (NDManager m = NDManager.newBaseManager();
                BlockClassifier a = BlockClassifier.create(m, cd, 1);
                BlockClassifier b = BlockClassifier.create(m, cd, 2)) {
            randomiseBatchNorms(a, 9);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            a.save(new DataOutputStream(bytes));
            NDArray x = inputs(m, a, 2, 3);
            LayerGraph before = b.graph().orElseThrow();
            // weights loaded into a model whose graph was already built: a new graph over the new arrays
            b.block().loadParameters(b.manager(), new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            LayerGraph after = b.graph().orElseThrow();
            assertNotSame(before, after);
            assertTrue(relativeError(after.forward(x).toFloatArray(), a.logits(x).toFloatArray()) <= LOGIT_TOL);
            assertGraphMatchesBlock(m, b, "loaded");
            // an in-place weight step is seen by the graph at once (same arrays)
            b.parameters().get(0).getValue().getArray().addi(0.05f);
            assertTrue(relativeError(after.forward(x).toFloatArray(), b.logits(x).toFloatArray()) <= LOGIT_TOL);
            // training-mode passes move the BatchNorm statistics; graph() re-folds them into the same graph
            float[] stale = after.forward(x).toFloatArray();
            b.forward(inputs(m, b, 8, 4), true);
            assertTrue(relativeError(stale, b.logits(x).toFloatArray()) > 1e-4, "statistics did not move");
            assertSame(after, b.graph().orElseThrow());
            assertGraphMatchesBlock(m, b, "after training-mode passes");
        }
    }

    @Test
    void everyBundledModelsGraphComputesItsLogits() {
        assertTrue(!Models.zooNames().isEmpty());
        try (NDManager m = NDManager.newBaseManager()) {
            for (String name : Models.zooNames()) {
                try (Classifier c = Models.open(m, "zoo:" + name, null)) {
                    assertTrue(c.capabilities().contains(ModelCapability.LAYER_GRAPH));
                    assertGraphMatchesBlock(m, c, "zoo:" + name);
                }
            }
        }
    }

}
