package org.robustj.model.graph;

import ai.djl.ndarray.NDArray;
import java.util.List;

/** Flattens every axis but the batch axis: N×… to N×D (row-major, as PyTorch's {@code flatten(1)}). */
public record Flatten() implements Op {
    @Override
    public NDArray forward(List<NDArray> inputs) {
        NDArray x = inputs.get(0);
        return x.reshape(x.getShape().get(0), -1);
    }

    @Override
    public String describe() {
        return "Flatten";
    }
}
