package org.robustj.model.graph;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * Rounding to the nearest integer, ties to even (ONNX Round, torch.round); its gradient is zero almost
 * everywhere, which is why quantised inputs mask gradients. With {@code straightThrough} (BPDA) the backward
 * pass is the identity; the values are the same.
 */
public record Round(boolean straightThrough) implements Op, StepFunction {
    /** Round with its true (zero) derivative. */
    public Round() {
        this(false);
    }

    @Override
    public NDArray forward(List<NDArray> inputs) {
        NDArray x = inputs.get(0);
        return StepFunction.apply(x, x.round(), straightThrough);
    }

    @Override
    public Op withStraightThrough(boolean on) {
        return new Round(on);
    }

    @Override
    public String describe() {
        return straightThrough ? "Round (BPDA: identity backward)" : "Round";
    }
}
