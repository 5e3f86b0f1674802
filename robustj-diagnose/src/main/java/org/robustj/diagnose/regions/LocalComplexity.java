package org.robustj.diagnose.regions;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;
import org.robustj.model.Capabilities;
import org.robustj.model.Classifier;
import org.robustj.model.graph.LayerGraph;
import org.robustj.model.graph.Node;
import org.robustj.model.graph.Relu;
import org.robustj.provenance.Seeds;

/**
 * Local complexity: how many of a network's neurons cut a small neighbourhood of a point, the density of
 * linear regions around it (Humayun, Balestriero, Baraniuk, "Deep networks always grok and here is why", ICML
 * 2024, arXiv 2402.15555; reference AhmedImtiazPrio/grok-adversarial, {@code local_complexity.py}).
 *
 * <p>The neighbourhood of x is the cross-polytope with the 2P vertices x ± r·v_p, v_p the rows of one random
 * orthonormal {@link Frame} shared by every point (the reference's {@code get_ortho_hull_around_samples}); the
 * vertices are not clipped to [0, 1], as in the reference. All vertices go through the network; a neuron
 * <em>intersects</em> the neighbourhood when the sign of its pre-activation (an exact 0 being its own sign, as
 * {@code torch.sign}) differs between some vertex and the first one. LC_ℓ(x) is the number of intersecting
 * neurons of layer ℓ, LC(x) = Σ_ℓ LC_ℓ(x). For the first layer this is exact (a hyperplane meets a convex set iff
 * it separates two of its vertices); deeper layers are approximated through the vertices, as in the paper.
 *
 * <p>The layers are read from the model's typed {@link LayerGraph}: every node feeding a {@link Relu} (a Linear,
 * a convolution — every channel at every position is a neuron — or the BatchNorm before the ReLU), in graph
 * order, plus the output node when {@link ComplexityConfig#includeLogits()}. A model without a readable graph
 * (TorchScript) is refused with the way to provide one.
 *
 * <pre>{@code
 * LocalComplexity lc = LocalComplexity.of(model, ComplexityConfig.defaults().withRadii(List.of(0.05, 0.5)));
 * ComplexityCounts c = lc.count(points, n, null);     // points: n×d values in [0, 1]
 * double mean = c.meanTotal(0);                        // mean LC(x) at r = 0.05
 * }</pre>
 */
public final class LocalComplexity {
    /**
     * A monitored layer.
     *
     * @param name the graph node whose output is the pre-activation (the node a ReLU reads), or the output node
     * @param units its number of neurons (output values per sample)
     */
    public record Layer(String name, long units) {}

    private final LayerGraph graph;
    private final ComplexityConfig config;
    private final Frame frame;
    private final List<Layer> layers;
    private final int dims;

    private LocalComplexity(LayerGraph graph, ComplexityConfig config, Frame frame, NDManager manager) {
        this.graph = graph;
        this.config = config;
        this.dims = (int) graph.inputShape().size();
        config.checkFor(dims);
        if (frame.dims() != dims || frame.directions() != config.directions()) {
            throw new IllegalArgumentException("frame is " + frame.directions() + "×" + frame.dims()
                    + " but the measurement needs " + config.directions() + "×" + dims);
        }
        this.frame = frame;
        this.layers = monitored(graph, config.includeLogits(), manager);
    }

    /**
     * A measurement on a model with a readable layer graph, with the config's random frame.
     *
     * @throws org.robustj.errors.MissingCapabilityException when the model has no layer graph
     */
    public static LocalComplexity of(Classifier model, ComplexityConfig config) {
        LayerGraph g = Capabilities.graph(model, "local complexity (it reads the ReLU pre-activations)", null);
        int d = (int) g.inputShape().size();
        config.checkFor(d);
        return new LocalComplexity(g, config, Frame.random(config.directions(), d, config.seed()), model.manager());
    }

    /** A measurement on a graph with a given frame (tests and hand computations use {@link Frame#axes}). */
    public static LocalComplexity of(LayerGraph graph, ComplexityConfig config, Frame frame, NDManager manager) {
        return new LocalComplexity(graph, config, frame, manager);
    }

    /** The monitored layers, in graph order. */
    public List<Layer> layers() {
        return layers;
    }

    /** The frame shared by every neighbourhood. */
    public Frame frame() {
        return frame;
    }

    /** The settings. */
    public ComplexityConfig config() {
        return config;
    }

    /** Input values per sample, d. */
    public int dims() {
        return dims;
    }

    /**
     * Counts, at every radius of the config, the intersecting neurons of every layer around each point.
     *
     * @param points n×d input values, row-major, one point per row
     * @param manager where the temporary arrays live (freed per batch)
     * @param progress receives the number of points done after each batch of every radius (may be null)
     */
    public ComplexityCounts count(float[] points, int n, NDManager manager, IntConsumer progress) {
        if (points.length != (long) n * dims) {
            throw new IllegalArgumentException("expected " + n + "×" + dims + " values, got " + points.length);
        }
        List<Double> radii = config.radii();
        int[][][] counts = new int[radii.size()][n][layers.size()];
        int v = config.vertices();
        List<String> keep = new ArrayList<>();
        for (Layer l : layers) if (!l.name().equals(LayerGraph.INPUT)) keep.add(l.name());
        int done = 0;
        for (int ri = 0; ri < radii.size(); ri++) {
            float r = radii.get(ri).floatValue();
            for (int start = 0; start < n; start += config.batchPoints()) {
                int b = Math.min(config.batchPoints(), n - start);
                try (NDManager scope = manager.newSubManager()) {
                    float[] verts = vertices(points, start, b, r);
                    long[] shape = new long[graph.inputShape().dimension() + 1];
                    shape[0] = (long) b * v;
                    System.arraycopy(graph.inputShape().getShape(), 0, shape, 1, shape.length - 1);
                    NDArray x = scope.create(verts, new Shape(shape));
                    Map<String, NDArray> acts = graph.forward(x, keep);
                    for (int li = 0; li < layers.size(); li++) {
                        String name = layers.get(li).name();
                        NDArray a = name.equals(LayerGraph.INPUT) ? x : acts.get(name);
                        NDArray s = a.sign().reshape(b, v, -1);
                        NDArray changed = s.neq(s.get(":, 0:1, :")).toType(DataType.FLOAT32, false)
                                .max(new int[] {1}).sum(new int[] {1});
                        float[] c = changed.toFloatArray();
                        for (int i = 0; i < b; i++) counts[ri][start + i][li] = Math.round(c[i]);
                    }
                }
                done += b;
                if (progress != null) progress.accept(done);
            }
        }
        List<String> names = new ArrayList<>();
        long[] units = new long[layers.size()];
        for (int i = 0; i < layers.size(); i++) {
            names.add(layers.get(i).name());
            units[i] = layers.get(i).units();
        }
        return new ComplexityCounts(radii, names, units, counts);
    }

    /** The neighbourhood vertices of points start…start+b−1: per point +v₁…+v_P, −v₁…−v_P, then x if asked. */
    private float[] vertices(float[] points, int start, int b, float r) {
        int v = config.vertices();
        int p = frame.directions();
        float[] out = new float[b * v * dims];
        for (int i = 0; i < b; i++) {
            int src = (start + i) * dims;
            int base = i * v * dims;
            for (int k = 0; k < p; k++) {
                int plus = base + k * dims;
                int minus = base + (p + k) * dims;
                int row = k * dims;
                for (int j = 0; j < dims; j++) {
                    float step = r * frame.rows()[row + j];
                    out[plus + j] = points[src + j] + step;
                    out[minus + j] = points[src + j] - step;
                }
            }
            if (config.includeCentre()) {
                System.arraycopy(points, src, out, base + 2 * p * dims, dims);
            }
        }
        return out;
    }

    /**
     * n points drawn uniformly from [0, 1]^d (the reference's random points, {@code torch.rand}); point i's values
     * come from a generator keyed by i, so any subset of the points is drawn the same.
     */
    public static float[] uniformPoints(int n, int dims, long seed) {
        float[] out = new float[n * dims];
        for (int i = 0; i < n; i++) {
            SplittableRandom rng = Seeds.rng(seed, "complexity/random-point/" + i);
            for (int j = 0; j < dims; j++) out[i * dims + j] = (float) rng.nextDouble();
        }
        return out;
    }

    private static List<Layer> monitored(LayerGraph graph, boolean includeLogits, NDManager manager) {
        Set<String> names = new LinkedHashSet<>();
        for (Node n : graph.nodes()) {
            if (n.op() instanceof Relu) names.add(n.inputs().get(0));
        }
        if (includeLogits) names.add(graph.output().name());
        // graph order (a ReLU's input comes before it; the input itself first)
        List<String> ordered = new ArrayList<>();
        if (names.contains(LayerGraph.INPUT)) ordered.add(LayerGraph.INPUT);
        for (Node n : graph.nodes()) if (names.contains(n.name())) ordered.add(n.name());
        List<Layer> out = new ArrayList<>();
        if (ordered.isEmpty()) return out;
        try (NDManager scope = manager.newSubManager()) {
            long[] shape = new long[graph.inputShape().dimension() + 1];
            shape[0] = 1;
            System.arraycopy(graph.inputShape().getShape(), 0, shape, 1, shape.length - 1);
            NDArray x = scope.zeros(new Shape(shape), DataType.FLOAT32);
            List<String> keep = ordered.stream().filter(s -> !s.equals(LayerGraph.INPUT)).toList();
            Map<String, NDArray> acts = graph.forward(x, keep);
            for (String s : ordered) {
                long units = s.equals(LayerGraph.INPUT) ? x.size() : acts.get(s).size();
                out.add(new Layer(s, units));
            }
        }
        return List.copyOf(out);
    }
}
