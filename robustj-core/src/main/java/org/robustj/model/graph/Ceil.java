package org.robustj.model.graph;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * Rounding up, element-wise (ONNX Ceil; gradient zero almost everywhere). With {@code straightThrough}
 * (BPDA) the backward pass is the identity; the values are the same.
 */
public record Ceil(boolean straightThrough) implements Op, StepFunction {
    /** Ceil with its true (zero) derivative. */
    public Ceil() {
        this(false);
    }

    @Override
    public NDArray forward(List<NDArray> inputs) {
        NDArray x = inputs.get(0);
        return StepFunction.apply(x, x.ceil(), straightThrough);
    }

    @Override
    public Op withStraightThrough(boolean on) {
        return new Ceil(on);
    }

    @Override
    public String describe() {
        return straightThrough ? "Ceil (BPDA: identity backward)" : "Ceil";
    }
}
