package org.robustj.model.graph;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * A fully connected layer {@code y = x Wᵀ + b} on N×in inputs.
 *
 * @param weight out×in
 * @param bias out, or {@code null} for none
 */
public record Linear(NDArray weight, NDArray bias) implements Op {
    public Linear {
        Graphs.requireRank(weight, 2, "Linear weight");
        if (bias != null) Graphs.requireRank(bias, 1, "Linear bias");
    }

    /** Input features. */
    public long in() {
        return weight.getShape().get(1);
    }

    /** Output features. */
    public long out() {
        return weight.getShape().get(0);
    }

    @Override
    public NDArray forward(List<NDArray> inputs) {
        return ai.djl.nn.core.Linear.linear(inputs.get(0), weight, bias).singletonOrThrow();
    }

    @Override
    public String describe() {
        return "Linear " + in() + "→" + out();
    }
}
