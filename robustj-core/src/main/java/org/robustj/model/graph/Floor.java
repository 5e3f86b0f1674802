package org.robustj.model.graph;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * Rounding down, element-wise (ONNX Floor; gradient zero almost everywhere). With {@code straightThrough}
 * (BPDA) the backward pass is the identity; the values are the same.
 */
public record Floor(boolean straightThrough) implements Op, StepFunction {
    /** Floor with its true (zero) derivative. */
    public Floor() {
        this(false);
    }

    @Override
    public NDArray forward(List<NDArray> inputs) {
        NDArray x = inputs.get(0);
        return StepFunction.apply(x, x.floor(), straightThrough);
    }

    @Override
    public Op withStraightThrough(boolean on) {
        return new Floor(on);
    }

    @Override
    public String describe() {
        return straightThrough ? "Floor (BPDA: identity backward)" : "Floor";
    }
}
