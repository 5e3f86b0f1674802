package org.robustj.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.robustj.errors.InvalidInputException;
import org.robustj.model.graph.LayerGraph;
import org.robustj.model.graph.Node;
import org.robustj.model.graph.Relu;
import org.robustj.provenance.Seeds;

/**
 * MC dropout (Gal &amp; Ghahramani 2016, arXiv 1506.02142; {@code mc-dropout:P:K:MODEL}): dropout kept on at test
 * time as an approximate Bayesian posterior. Each prediction runs the model's layer graph K times, every hidden
 * ReLU's output multiplied by a fresh inverted-dropout mask (each unit kept with probability 1 − P and scaled by
 * 1/(1 − P)), and returns the posterior predictive log p̄ over the K samples ({@link RandomDraws#predictive}).
 * The masks of row i come from its draw key ({@link Classifier#logits(NDArray, long[])}), so the model is
 * {@link ModelCapability#RANDOMIZED} and attacks key them by point index.
 *
 * <p>Where the dropout goes: robustj's layer graph has no Dropout operator (the ONNX importer reads an eval-mode
 * Dropout as the identity, and PyTorch's eval-mode export drops it), so the rate is given and applied after
 * every ReLU but the last node; a model trained with dropout there is the intended input. P = 0 is the
 * deterministic network. Needs a readable layer graph (a robustj model or an ONNX file).
 *
 * <p>Shapes: x N×C×H×W (or N×D) → logits N×K classes; the graph sees N·K rows.
 */
public final class McDropoutModel extends ForwardingClassifier {
    private final LayerGraph graph;
    private final double rate;
    private final int samples;
    private final String source;

    private McDropoutModel(Classifier inner, LayerGraph graph, double rate, int samples, String source) {
        super(inner);
        this.graph = graph;
        this.rate = rate;
        this.samples = samples;
        this.source = source;
    }

    /**
     * The model with MC dropout; closing it closes {@code model}.
     *
     * @param rate P, the probability of dropping a unit, in [0, 1)
     * @param samples K, the dropout masks averaged per prediction, &gt;= 1
     * @throws org.robustj.errors.MissingCapabilityException when the model has no readable layer graph
     */
    public static McDropoutModel of(Classifier model, double rate, int samples, String source) {
        if (!(rate >= 0 && rate < 1)) {
            throw new InvalidInputException("mc-dropout model " + source + ": P must be in [0, 1), got " + rate);
        }
        if (samples < 1) {
            throw new InvalidInputException("mc-dropout model " + source + ": K must be >= 1, got " + samples);
        }
        LayerGraph g = Capabilities.graph(model, "mc-dropout", "use noise:SIGMA:M:MODEL, which needs logits only");
        return new McDropoutModel(model, g, rate, samples, source);
    }

    @Override
    public NDArray logits(NDArray x) {
        return logits(x, RandomDraws.ofContent(x));
    }

    @Override
    public NDArray logits(NDArray x, long[] draws) {
        Shape shape = x.getShape();
        int n = (int) shape.get(0);
        if (draws.length != n) {
            throw new IllegalArgumentException(draws.length + " draw keys for a batch of " + n);
        }
        int d = (int) (shape.size() / Math.max(1, n));
        long[] dims = shape.getShape().clone();
        dims[0] = (long) n * samples;
        NDArray copies = x.reshape(n, 1, d).repeat(1, samples).reshape(new Shape(dims));
        Map<String, NDArray> live = new HashMap<>();
        live.put(LayerGraph.INPUT, copies);
        List<Node> nodes = graph.nodes();
        NDArray z = null;
        for (int j = 0; j < nodes.size(); j++) {
            Node node = nodes.get(j);
            List<NDArray> in = new ArrayList<>(node.inputs().size());
            for (String s : node.inputs()) in.add(live.get(s));
            NDArray y = node.op().forward(in);
            if (rate > 0 && node.op() instanceof Relu && j < nodes.size() - 1) {
                y = y.mul(mask(y, draws, j));
            }
            live.put(node.name(), y);
            z = y;
        }
        return RandomDraws.predictive(z, n, samples);
    }

    /** The inverted-dropout mask of node {@code j}'s output: row i·K+s from (key of row i, s, j). */
    private NDArray mask(NDArray y, long[] draws, int j) {
        Shape s = y.getShape();
        int rows = (int) s.get(0);
        int per = (int) (s.size() / Math.max(1, rows));
        float keep = (float) (1 / (1 - rate));
        float[] m = new float[rows * per];
        for (int r = 0; r < rows; r++) {
            int i = r / samples;
            SplittableRandom g = new SplittableRandom(Seeds.derive(Seeds.derive(draws[i], r % samples), j));
            for (int u = 0; u < per; u++) m[r * per + u] = g.nextDouble() < rate ? 0f : keep;
        }
        return y.getManager().create(m, s);
    }

    /** P, the dropout rate. */
    public double rate() {
        return rate;
    }

    /** K, the masks averaged per prediction. */
    public int samples() {
        return samples;
    }

    @Override
    public Set<ModelCapability> capabilities() {
        Set<ModelCapability> c = EnumSet.of(ModelCapability.LOGITS, ModelCapability.RANDOMIZED);
        if (inner.capabilities().contains(ModelCapability.INPUT_GRADIENTS)) c.add(ModelCapability.INPUT_GRADIENTS);
        return c;
    }

    @Override
    public List<Note> notes() {
        return inner.notes();
    }

    /** Only the output: the graph's layers see K masked copies. */
    @Override
    public List<String> layers() {
        return OutputLayer.LAYERS;
    }

    @Override
    public Map<String, NDArray> activations(NDArray x, List<String> names) {
        return OutputLayer.activations(this, x, names, "an MC-dropout model's layers see masked copies");
    }

    @Override
    public String source() {
        return source;
    }
}
