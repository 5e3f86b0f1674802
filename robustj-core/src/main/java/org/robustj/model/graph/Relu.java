package org.robustj.model.graph;

import ai.djl.ndarray.NDArray;
import java.util.List;
import org.robustj.tensor.Scalars;

/** The rectifier {@code max(x, 0)}, element-wise. */
public record Relu() implements Op {
    @Override
    public NDArray forward(List<NDArray> inputs) {
        return Scalars.maximum(inputs.get(0), 0);
    }

    @Override
    public String describe() {
        return "ReLU";
    }
}
