package org.robustj.model.graph;

import ai.djl.ndarray.NDArray;
import java.util.List;

/** The rectifier {@code max(x, 0)}, element-wise. */
public record Relu() implements Op {
    @Override
    public NDArray forward(List<NDArray> inputs) {
        return inputs.get(0).maximum(0f);
    }

    @Override
    public String describe() {
        return "ReLU";
    }
}
