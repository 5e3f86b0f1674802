package org.robustj.diagnose.sharpness;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.util.Pair;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.robustj.model.BlockClassifier;
import org.robustj.model.Capabilities;
import org.robustj.model.Classifier;
import org.robustj.model.ModelCapability;
import org.robustj.model.graph.BatchNorm;
import org.robustj.model.graph.Conv2d;
import org.robustj.model.graph.LayerGraph;
import org.robustj.model.graph.Linear;
import org.robustj.model.graph.Node;
import org.robustj.train.Optimizer;
import org.robustj.tensor.Scalars;

/**
 * A model's mean cross-entropy on fixed batches as a function of its weights: the {@link WeightObjective} of
 * sharpness. Every trainable parameter is perturbed, as in the reference ({@code model.parameters()} with the
 * model in eval mode): for a robustj model ({@link BlockClassifier}) the weights, biases and BatchNorm γ and β
 * (not the running statistics); for a model read as a layer graph (ONNX) the Linear and convolution weights and
 * biases and the folded BatchNorm scale and shift. A TorchScript model's parameters are not reachable and it is
 * refused. The model's own weight arrays are written in place while measuring; {@link #close} puts the original
 * values back exactly.
 */
public final class ModelObjective implements WeightObjective, AutoCloseable {
    private final Classifier model;
    private final LayerGraph graph; // null for a BlockClassifier (its block runs the forward pass)
    private final List<NDArray> params;
    private final List<String> names;
    private final float[][] original;
    private final int dims;
    private final NDManager manager;
    private final List<NDArray> xs = new ArrayList<>();
    private final List<int[]> ys = new ArrayList<>();
    private final boolean normalizeLogits;

    private ModelObjective(Classifier model, LayerGraph graph, List<Pair<String, NDArray>> params, float[] x,
            int[] y, int batchSize, boolean normalizeLogits) {
        this.model = model;
        this.graph = graph;
        this.normalizeLogits = normalizeLogits;
        this.params = new ArrayList<>();
        this.names = new ArrayList<>();
        int total = 0;
        for (Pair<String, NDArray> p : params) {
            this.params.add(p.getValue());
            this.names.add(p.getKey());
            total += (int) p.getValue().size();
        }
        this.dims = total;
        this.original = new float[this.params.size()][];
        for (int i = 0; i < this.params.size(); i++) original[i] = this.params.get(i).toFloatArray();
        this.manager = model.manager().newSubManager();
        int n = y.length;
        int d = (int) model.inputShape().size();
        if (x.length != (long) n * d) {
            throw new IllegalArgumentException("expected " + n + "×" + d + " input values, got " + x.length);
        }
        long[] s = new long[model.inputShape().dimension() + 1];
        System.arraycopy(model.inputShape().getShape(), 0, s, 1, s.length - 1);
        for (int start = 0; start < n; start += batchSize) {
            int b = Math.min(batchSize, n - start);
            float[] v = new float[b * d];
            System.arraycopy(x, start * d, v, 0, b * d);
            s[0] = b;
            xs.add(manager.create(v, new Shape(s)));
            int[] yb = new int[b];
            System.arraycopy(y, start, yb, 0, b);
            ys.add(yb);
        }
    }

    /**
     * The objective of a model on n points (x: n×d values, y: n labels) in batches of {@code batchSize}.
     *
     * @throws org.robustj.errors.MissingCapabilityException when the model's weights are not reachable
     */
    public static ModelObjective of(Classifier model, float[] x, int[] y, int batchSize, boolean normalizeLogits) {
        if (model instanceof BlockClassifier b) {
            return new ModelObjective(model, null, Optimizer.trainable(b), x, y, batchSize, normalizeLogits);
        }
        LayerGraph g = Capabilities.graph(model, "sharpness (it perturbs the weights, which it reads from a robustj "
                + "model or a layer graph)", "train a robustj architecture (robustj train)");
        return new ModelObjective(model, g, graphParameters(g), x, y, batchSize, normalizeLogits);
    }

    /** The weight arrays of a graph's Linear, Conv2d and BatchNorm nodes, each once. */
    static List<Pair<String, NDArray>> graphParameters(LayerGraph g) {
        Map<NDArray, Boolean> seen = new IdentityHashMap<>();
        List<Pair<String, NDArray>> out = new ArrayList<>();
        for (Node n : g.nodes()) {
            List<Pair<String, NDArray>> mine = new ArrayList<>();
            if (n.op() instanceof Linear l) {
                mine.add(new Pair<>(n.name() + ".weight", l.weight()));
                if (l.bias() != null) mine.add(new Pair<>(n.name() + ".bias", l.bias()));
            } else if (n.op() instanceof Conv2d c) {
                mine.add(new Pair<>(n.name() + ".weight", c.weight()));
                if (c.bias() != null) mine.add(new Pair<>(n.name() + ".bias", c.bias()));
            } else if (n.op() instanceof BatchNorm bn) {
                mine.add(new Pair<>(n.name() + ".scale", bn.scale()));
                mine.add(new Pair<>(n.name() + ".shift", bn.shift()));
            }
            for (Pair<String, NDArray> p : mine) {
                if (seen.put(p.getValue(), Boolean.TRUE) == null) out.add(p);
            }
        }
        return out;
    }

    /** Whether a model's weights can be perturbed (a robustj model or a readable layer graph). */
    public static boolean supports(Classifier model) {
        return model instanceof BlockClassifier || Capabilities.has(model, ModelCapability.LAYER_GRAPH);
    }

    /** Number of scalar parameters perturbed. */
    public int dimension() {
        return dims;
    }

    /** Names of the parameter tensors perturbed, in order. */
    public List<String> parameterNames() {
        return List.copyOf(names);
    }

    @Override
    public int batches() {
        return xs.size();
    }

    @Override
    public double[] weights() {
        double[] w = new double[dims];
        int o = 0;
        for (float[] p : original) {
            for (float v : p) w[o++] = v;
        }
        return w;
    }

    @Override
    public Value evaluate(int b, double[] w, boolean gradient) {
        set(w);
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = xs.get(b);
            NDArray onehot = scope.create(ys.get(b)).oneHot(model.numClasses());
            if (!gradient) {
                NDArray logits = logits(x);
                logits.attach(scope);
                return new Value(loss(logits, onehot).getFloat(), error(logits, ys.get(b)), null);
            }
            weightGradients(true);
            try {
                NDArray loss;
                NDArray logits;
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    logits = logits(x);
                    logits.attach(scope);
                    loss = loss(logits, onehot);
                    gc.backward(loss);
                }
                double[] g = new double[dims];
                int o = 0;
                for (NDArray p : params) {
                    try (NDArray gr = p.getGradient()) {
                        for (float v : gr.toFloatArray()) g[o++] = v;
                    }
                }
                zeroGradients();
                return new Value(loss.getFloat(), error(logits, ys.get(b)), g);
            } finally {
                weightGradients(false);
            }
        }
    }

    private NDArray logits(NDArray x) {
        NDArray z = graph == null ? model.logits(x) : graph.forward(x);
        if (!normalizeLogits) return z;
        NDArray centred = z.sub(z.mean(new int[] {1}, true));
        NDArray norms = Scalars.maximum(centred.norm(new int[] {1}, true), 1e-10);
        return centred.div(norms);
    }

    private static NDArray loss(NDArray logits, NDArray onehot) {
        return logits.logSoftmax(1).mul(onehot).sum(new int[] {1}).mean().neg();
    }

    private static double error(NDArray logits, int[] y) {
        long[] pred = logits.argMax(1).toType(DataType.INT64, false).toLongArray();
        int wrong = 0;
        for (int i = 0; i < y.length; i++) if (pred[i] != y[i]) wrong++;
        return wrong / (double) y.length;
    }

    private void set(double[] w) {
        if (w.length != dims) throw new IllegalArgumentException("expected " + dims + " weights, got " + w.length);
        int o = 0;
        for (NDArray p : params) {
            float[] v = new float[(int) p.size()];
            for (int i = 0; i < v.length; i++) v[i] = (float) w[o++];
            p.set(FloatBuffer.wrap(v));
        }
    }

    private void weightGradients(boolean on) {
        if (model instanceof BlockClassifier b) {
            b.setWeightGradients(on);
        } else {
            for (NDArray p : params) p.setRequiresGradient(on);
        }
    }

    private void zeroGradients() {
        for (NDArray p : params) {
            if (p.hasGradient()) {
                try (NDArray g = p.getGradient()) {
                    g.subi(g);
                }
            }
        }
    }

    /** Restores the model's original weights exactly and frees the batches. */
    @Override
    public void close() {
        for (int i = 0; i < params.size(); i++) params.get(i).set(FloatBuffer.wrap(original[i]));
        manager.close();
    }
}
