package org.robustj.certify.bounds;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.robustj.model.Classifier;
import org.robustj.model.ModelCard;
import org.robustj.model.graph.LayerGraph;
import org.robustj.model.graph.Node;

/** A classifier that is its layer graph (or, with {@code exposeGraph} false, hides it like TorchScript). */
final class GraphClassifier implements Classifier {
    private final LayerGraph graph;
    private final NDManager manager;
    private final int classes;
    private final boolean exposeGraph;

    GraphClassifier(LayerGraph graph, NDManager manager, int classes, boolean exposeGraph) {
        this.graph = graph;
        this.manager = manager;
        this.classes = classes;
        this.exposeGraph = exposeGraph;
    }

    @Override
    public NDArray logits(NDArray x) {
        return graph.forward(x);
    }

    @Override
    public Shape inputShape() {
        return graph.inputShape();
    }

    @Override
    public int numClasses() {
        return classes;
    }

    @Override
    public List<String> layers() {
        List<String> names = new ArrayList<>();
        for (Node n : graph.nodes()) names.add(n.name());
        return names;
    }

    @Override
    public Map<String, NDArray> activations(NDArray x, List<String> names) {
        return graph.forward(x, names);
    }

    @Override
    public Optional<LayerGraph> graph() {
        return exposeGraph ? Optional.of(graph) : Optional.empty();
    }

    @Override
    public ModelCard card() {
        return new ModelCard("graph", "test", "graph", null, null, null, classes, null, null, null, null, null,
                null, null, null, null, null);
    }

    @Override
    public String source() {
        return exposeGraph ? "graph" : "net.pt";
    }

    @Override
    public String sha256() {
        return "0";
    }

    @Override
    public NDManager manager() {
        return manager;
    }

    @Override
    public void close() {}
}
