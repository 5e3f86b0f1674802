package org.robustj.model.graph;

import java.util.List;

/**
 * One step of a {@link LayerGraph}: an operator applied to the outputs of earlier nodes (or of the graph's
 * input, named {@link LayerGraph#INPUT}).
 *
 * @param name unique within the graph; the layer name diagnostics and reports show
 * @param op what the node computes
 * @param inputs names of the nodes it reads, as many as {@code op.arity()}
 */
public record Node(String name, Op op, List<String> inputs) {
    public Node {
        if (name == null || name.isBlank() || name.equals(LayerGraph.INPUT)) {
            throw new IllegalArgumentException("bad node name '" + name + "'");
        }
        inputs = List.copyOf(inputs);
        if (inputs.size() != op.arity()) {
            throw new IllegalArgumentException("node " + name + ": " + op.describe() + " takes " + op.arity()
                    + " input(s), got " + inputs);
        }
    }
}
