package org.robustj.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.robustj.model.graph.LayerGraph;
import org.robustj.model.graph.BatchNorm;
import org.robustj.model.graph.Conv2d;
import org.robustj.model.graph.Linear;
import org.robustj.model.graph.Node;

/**
 * A classifier that is its {@link LayerGraph} (an imported ONNX model, for instance): logits are
 * {@link LayerGraph#forward}, with input gradients, every node is a layer reachable by name, and {@link #graph()}
 * returns the graph, so certifiers and diagnostics read it as they read a built-in architecture. It owns the
 * manager holding the graph's weights and closes it with itself.
 */
public final class GraphClassifier implements Classifier {
    private final LayerGraph graph;
    private final int numClasses;
    private final ModelCard card;
    private final String source;
    private final String sha256;
    private final NDManager manager;
    private final List<Note> notes;

    /**
     * @param manager owns the graph's weights; closed by {@link #close()}
     * @param numClasses K, the width of the graph's output
     */
    public GraphClassifier(LayerGraph graph, int numClasses, ModelCard card, String source, String sha256,
            NDManager manager, List<Note> notes) {
        if (numClasses < 1) throw new IllegalArgumentException("numClasses must be ≥ 1, got " + numClasses);
        this.graph = graph;
        this.numClasses = numClasses;
        this.card = card;
        this.source = source;
        this.sha256 = sha256;
        this.manager = manager;
        this.notes = List.copyOf(notes);
    }

    @Override
    public NDArray logits(NDArray x) {
        return graph.forward(x);
    }

    @Override
    public Optional<LayerGraph> graph() {
        return Optional.of(graph);
    }

    /**
     * The graph's weight arrays in node order: Linear and Conv2d weights and biases, BatchNorm scales and
     * shifts. The logits are differentiable in them, so the model declares
     * {@link ModelCapability#PARAMETER_GRADIENTS}.
     */
    @Override
    public List<NDArray> weights() {
        List<NDArray> out = new ArrayList<>();
        for (Node n : graph.nodes()) {
            if (n.op() instanceof Linear l) {
                add(out, l.weight(), l.bias());
            } else if (n.op() instanceof Conv2d c) {
                add(out, c.weight(), c.bias());
            } else if (n.op() instanceof BatchNorm b) {
                add(out, b.scale(), b.shift());
            }
        }
        return out;
    }

    private static void add(List<NDArray> out, NDArray... arrays) {
        for (NDArray a : arrays) {
            if (a != null) out.add(a);
        }
    }

    /** Logits, input gradients, parameter gradients (through {@link #weights()}) and the layer graph. */
    @Override
    public java.util.Set<ModelCapability> capabilities() {
        return java.util.EnumSet.of(ModelCapability.LOGITS, ModelCapability.INPUT_GRADIENTS,
                ModelCapability.PARAMETER_GRADIENTS, ModelCapability.LAYER_GRAPH); // not allOf: never RANDOMIZED
    }

    @Override
    public List<Note> notes() {
        return notes;
    }

    @Override
    public Shape inputShape() {
        return graph.inputShape();
    }

    @Override
    public int numClasses() {
        return numClasses;
    }

    @Override
    public List<String> layers() {
        List<String> names = new ArrayList<>();
        for (Node n : graph.nodes()) names.add(n.name());
        return names;
    }

    @Override
    public Map<String, NDArray> activations(NDArray x, List<String> names) {
        for (String n : names) {
            if (graph.node(n).isEmpty()) {
                throw new IllegalArgumentException("model " + source + " has no layer '" + n + "'; layers: "
                        + String.join(", ", layers()));
            }
        }
        Map<String, NDArray> all = graph.forward(x, names);
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (String n : names) out.put(n, all.get(n));
        return out;
    }

    @Override
    public ModelCard card() {
        return card;
    }

    @Override
    public String source() {
        return source;
    }

    @Override
    public String sha256() {
        return sha256;
    }

    @Override
    public NDManager manager() {
        return manager;
    }

    @Override
    public void close() {
        manager.close();
    }
}
