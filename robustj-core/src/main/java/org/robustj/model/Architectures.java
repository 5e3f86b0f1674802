package org.robustj.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.robustj.errors.InvalidInputException;
import org.robustj.errors.UnknownNameException;
import org.robustj.model.graph.Flatten;
import org.robustj.model.graph.GlobalAvgPool;
import org.robustj.model.graph.MaxPool;
import org.robustj.model.graph.Normalize;
import org.robustj.model.graph.Op;
import org.robustj.model.graph.Relu;

/**
 * The built-in architectures, by name: {@code mlp}, {@code small-cnn} (Madry et al.'s MNIST CNN with
 * configurable widths) and {@code preact-resnet18} (He et al. 2016, the CIFAR variant used by fast
 * adversarial training). Each is a DJL sequence of named layers, and each builder records what every layer
 * is as typed {@link org.robustj.model.graph.LayerGraph} nodes (PreAct blocks as their convolutions,
 * BatchNorms, ReLUs and the residual Add), so {@link BlockClassifier#graph()} describes exactly the network
 * built. An optional {@code mean}/{@code std} (per channel) puts input normalisation inside the model. To add
 * an architecture, add a builder to {@link #BUILDERS} that adds layers through {@code Layers} (which records
 * them), and give any new composite block a {@code record(GraphRecipe, name)} as {@link PreActBlock} has.
 */
public final class Architectures {
    private Architectures() {}

    /**
     * A built network: the DJL block, the names of its top-level layers in order, and the record of what each
     * layer is as typed graph nodes (from which {@link BlockClassifier#graph()} is made once weights exist).
     */
    public record Built(SequentialBlock block, List<String> layerNames, GraphRecipe graph) {}

    private interface Builder {
        void build(Layers layers, Map<String, Object> options, Shape input, int classes);
    }

    private static final Map<String, Builder> BUILDERS = new TreeMap<>();

    static {
        BUILDERS.put("mlp", Architectures::mlp);
        BUILDERS.put("small-cnn", Architectures::smallCnn);
        BUILDERS.put("preact-resnet18", Architectures::preactResnet18);
    }

    /** Names of every built-in architecture. */
    public static List<String> names() {
        return new ArrayList<>(BUILDERS.keySet());
    }

    /** Builds an architecture for inputs of one sample's shape and {@code classes} outputs. */
    public static Built build(String name, Map<String, Object> options, Shape input, int classes) {
        org.robustj.tensor.Engines.pytorch(); // engine set-up (oneDNN off) before the network's first pass
        Builder b = BUILDERS.get(name);
        if (b == null) {
            throw new UnknownNameException("architecture", name, BUILDERS.keySet());
        }
        Layers layers = new Layers();
        Map<String, Object> opts = options == null ? Map.of() : options;
        normalisation(layers, opts, input);
        b.build(layers, opts, input, classes);
        return new Built(layers.block, layers.names, layers.graph);
    }

    /** Accumulates named layers, and records each as typed graph nodes. */
    private static final class Layers {
        final SequentialBlock block = new SequentialBlock();
        final List<String> names = new ArrayList<>();
        final GraphRecipe graph = new GraphRecipe();

        /** A DJL layer that is one graph node of the same name. */
        void add(String name, Block b, GraphRecipe.Maker node) {
            block.add(b);
            names.add(name);
            graph.then(name, node);
        }

        void linear(String name, long units) {
            Linear fc = Linear.builder().setUnits(units).build();
            add(name, fc, GraphRecipe.linear(fc));
        }

        void conv(String name, Conv2d conv) {
            add(name, conv, GraphRecipe.conv(conv));
        }

        void batchNorm(String name) {
            BatchNorm bn = BatchNorm.builder().build();
            add(name, bn, GraphRecipe.batchNorm(bn));
        }

        void relu(String name) {
            add(name, Activation.reluBlock(), GraphRecipe.fixed(new Relu()));
        }

        void maxPool2(String name) {
            // DJL's maxPool2dBlock(kernel): stride = kernel, no padding, floor
            add(name, Pool.maxPool2dBlock(new Shape(2, 2)),
                    GraphRecipe.fixed(new MaxPool(new int[] {2, 2}, new int[] {2, 2}, new int[] {0, 0})));
        }

        void flatten(String name) {
            add(name, Blocks.batchFlattenBlock(), GraphRecipe.fixed(new Flatten()));
        }
    }

    /** A parameter-free DJL layer that runs graph operators in sequence (so the two cannot disagree). */
    private static LambdaBlock lambda(String name, Op... ops) {
        return new LambdaBlock(list -> {
            NDArray x = list.singletonOrThrow();
            for (Op op : ops) x = op.forward(List.of(x));
            return new NDList(x);
        }, name);
    }

    private static void normalisation(Layers layers, Map<String, Object> opts, Shape input) {
        if (!opts.containsKey("mean") && !opts.containsKey("std")) {
            return;
        }
        float[] mean = floats(opts.getOrDefault("mean", List.of(0.0)));
        float[] std = floats(opts.getOrDefault("std", List.of(1.0)));
        int c = (int) input.get(0);
        if ((mean.length != 1 && mean.length != c) || (std.length != 1 && std.length != c)) {
            throw new InvalidInputException("mean/std need 1 or " + c + " values");
        }
        for (float v : std) {
            if (v == 0 || !Float.isFinite(v)) {
                throw new InvalidInputException("std values must be finite and non-zero, got "
                        + java.util.Arrays.toString(std));
            }
        }
        int channels = mean.length == 1 && std.length == 1 ? 1 : c;
        float[] m = expand(mean, channels);
        float[] s = expand(std, channels);
        Normalize op = new Normalize(m, s);
        layers.add("normalize", lambda("normalize", op), GraphRecipe.fixed(op));
    }

    private static float[] expand(float[] v, int n) {
        if (v.length == n) return v;
        float[] r = new float[n];
        java.util.Arrays.fill(r, v[0]);
        return r;
    }

    private static float[] floats(Object o) {
        if (o instanceof Number num) {
            return new float[] {num.floatValue()};
        }
        List<?> l = (List<?>) o;
        float[] r = new float[l.size()];
        for (int i = 0; i < r.length; i++) r[i] = ((Number) l.get(i)).floatValue();
        return r;
    }

    private static int intOpt(Map<String, Object> o, String key, int def) {
        Object v = o.get(key);
        return v == null ? def : ((Number) v).intValue();
    }

    /** Multi-layer perceptron: flatten, hidden ReLU layers (option {@code hidden}, default [200, 200]). */
    private static void mlp(Layers l, Map<String, Object> o, Shape input, int classes) {
        l.flatten("flatten");
        Object h = o.getOrDefault("hidden", List.of(200, 200));
        int i = 1;
        for (Object units : (List<?>) h) {
            l.linear("fc" + i, ((Number) units).longValue());
            l.relu("relu" + i);
            i++;
        }
        l.linear("logits", classes);
    }

    /**
     * Madry et al.'s MNIST CNN: conv 5×5 ({@code conv1}, default 32) + ReLU + max-pool 2, conv 5×5
     * ({@code conv2}, default 64) + ReLU + max-pool 2, fully connected ({@code fc}, default 1024) + ReLU,
     * linear to the classes. {@code batchnorm: true} adds BatchNorm after each convolution. {@code kernel},
     * {@code stride}, {@code padding} (default kernel/2) and {@code pool} (default true) change the convolutions:
     * {@code kernel 4, stride 2, padding 1, pool false} is Wong et al.'s (2020) five-times cheaper MNIST CNN.
     */
    private static void smallCnn(Layers l, Map<String, Object> o, Shape input, int classes) {
        if (input.dimension() != 3) {
            throw new InvalidInputException("small-cnn needs C×H×W inputs, got " + input);
        }
        boolean bn = Boolean.TRUE.equals(o.get("batchnorm"));
        int c1 = intOpt(o, "conv1", 32);
        int c2 = intOpt(o, "conv2", 64);
        int fc = intOpt(o, "fc", 1024);
        int k = intOpt(o, "kernel", 5);
        int st = intOpt(o, "stride", 1);
        int pad = intOpt(o, "padding", k / 2);
        boolean pool = !Boolean.FALSE.equals(o.get("pool"));
        l.conv("conv1", Conv2d.builder().setKernelShape(new Shape(k, k)).optPadding(new Shape(pad, pad))
                .optStride(new Shape(st, st)).setFilters(c1).build());
        if (bn) l.batchNorm("bn1");
        l.relu("relu1");
        if (pool) l.maxPool2("pool1");
        l.conv("conv2", Conv2d.builder().setKernelShape(new Shape(k, k)).optPadding(new Shape(pad, pad))
                .optStride(new Shape(st, st)).setFilters(c2).build());
        if (bn) l.batchNorm("bn2");
        l.relu("relu2");
        if (pool) l.maxPool2("pool2");
        l.flatten("flatten");
        l.linear("fc", fc);
        l.relu("relu3");
        l.linear("logits", classes);
    }

    /** PreAct ResNet-18 for 32×32 inputs: 3×3 stem, four stages of two pre-activation blocks, pool, linear. */
    private static void preactResnet18(Layers l, Map<String, Object> o, Shape input, int classes) {
        if (input.dimension() != 3) {
            throw new InvalidInputException("preact-resnet18 needs C×H×W inputs, got " + input);
        }
        int width = intOpt(o, "width", 64);
        l.conv("conv1", conv3(width, 1));
        int in = width;
        int[] mult = {1, 2, 4, 8};
        for (int s = 0; s < 4; s++) {
            int planes = width * mult[s];
            for (int b = 0; b < 2; b++) {
                int stride = (b == 0 && s > 0) ? 2 : 1;
                String name = "layer" + (s + 1) + "." + b;
                PreActBlock block = new PreActBlock(in, planes, stride);
                l.block.add(block);
                l.names.add(name);
                block.record(l.graph, name);
                in = planes;
            }
        }
        l.batchNorm("bn");
        l.relu("relu");
        // one DJL layer (saved weights keep their layout), two graph nodes: N×C×H×W → N×C×1×1 → N×C
        GlobalAvgPool gap = new GlobalAvgPool();
        Flatten flatten = new Flatten();
        l.block.add(lambda("globalAvgPool", gap, flatten));
        l.names.add("pool");
        l.graph.then("pool", GraphRecipe.fixed(gap));
        l.graph.then("flatten", GraphRecipe.fixed(flatten));
        l.linear("logits", classes);
    }

    static Conv2d conv3(int filters, int stride) {
        return Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1))
                .optStride(new Shape(stride, stride)).setFilters(filters).optBias(false).build();
    }

    /** Option maps are plain JSON-like maps; this makes an ordered copy. */
    public static Map<String, Object> options(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }
}
