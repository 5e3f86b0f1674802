package org.robustj.model;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.robustj.model.graph.LayerGraph;
import org.robustj.model.graph.Node;

/**
 * BPDA, Backward Pass Differentiable Approximation (Athalye, Carlini &amp; Wagner 2018, arXiv 1802.00420;
 * {@code --bpda}): a model whose layer graph robustj reads, run through that graph with every Round, Floor, Ceil
 * and Sign given the identity as its backward pass, so that gradient attacks see through an input quantiser
 * instead of its zero gradient. The forward pass, and so every logit and every judgement of success, is
 * exactly the model's; only the gradients change. An opaque model (TorchScript) is refused with the advice to
 * export it as ONNX.
 */
public final class BpdaModel extends ForwardingClassifier {
    private final LayerGraph graph;
    private final List<Note> notes;

    private BpdaModel(Classifier inner, LayerGraph graph, List<Note> notes) {
        super(inner);
        this.graph = graph;
        this.notes = notes;
    }

    /**
     * The model with straight-through step operators; closing it closes {@code model}.
     *
     * @throws org.robustj.errors.MissingCapabilityException when the model has no readable layer graph
     */
    public static BpdaModel of(Classifier model) {
        LayerGraph g = Capabilities.graph(model, "--bpda", null);
        List<String> steps = g.stepNodes();
        List<Note> notes = new ArrayList<>(model.notes());
        notes.add(new Note("bpda", steps.isEmpty()
                ? "--bpda: " + model.source() + " has no Round, Floor, Ceil or Sign node, so BPDA changes nothing"
                : "--bpda: straight-through (identity) backward pass for " + steps.size() + " step node(s) of "
                        + model.source() + ": " + String.join(", ", steps)));
        return new BpdaModel(model, g.straightThrough(), List.copyOf(notes));
    }

    /** The step nodes given the identity backward pass. */
    public List<String> straightThroughNodes() {
        return graph.stepNodes();
    }

    @Override
    public NDArray logits(NDArray x) {
        return graph.forward(x);
    }

    @Override
    public Optional<LayerGraph> graph() {
        return Optional.of(graph);
    }

    @Override
    public Set<ModelCapability> capabilities() {
        return EnumSet.of(ModelCapability.LOGITS, ModelCapability.INPUT_GRADIENTS, ModelCapability.LAYER_GRAPH);
    }

    @Override
    public List<Note> notes() {
        return notes;
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
                throw new IllegalArgumentException("model " + source() + " has no layer '" + n + "'; layers: "
                        + String.join(", ", layers()));
            }
        }
        Map<String, NDArray> all = graph.forward(x, names);
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (String n : names) out.put(n, all.get(n));
        return out;
    }
}
