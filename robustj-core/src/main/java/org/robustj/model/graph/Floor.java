package org.robustj.model.graph;

import ai.djl.ndarray.NDArray;
import java.util.List;

/** Rounding down, element-wise (gradient zero almost everywhere). */
public record Floor() implements Op {
    @Override
    public NDArray forward(List<NDArray> inputs) {
        return inputs.get(0).floor();
    }

    @Override
    public String describe() {
        return "Floor";
    }
}
