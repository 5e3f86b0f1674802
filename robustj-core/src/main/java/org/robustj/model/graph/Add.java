package org.robustj.model.graph;

import ai.djl.ndarray.NDArray;
import java.util.List;

/** The sum of two same-shaped inputs (a residual connection). */
public record Add() implements Op {
    @Override
    public int arity() {
        return 2;
    }

    @Override
    public NDArray forward(List<NDArray> inputs) {
        return inputs.get(0).add(inputs.get(1));
    }

    @Override
    public String describe() {
        return "Add";
    }
}
