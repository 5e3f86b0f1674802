package org.robustj.model.graph;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * The sign, element-wise: −1, 0 or 1 (ONNX Sign, torch.sign; binarised inputs and activations). Its gradient
 * is zero almost everywhere; with {@code straightThrough} (BPDA) the backward pass is the identity and the
 * values are the same.
 */
public record Sign(boolean straightThrough) implements Op, StepFunction {
    /** Sign with its true (zero) derivative. */
    public Sign() {
        this(false);
    }

    @Override
    public NDArray forward(List<NDArray> inputs) {
        NDArray x = inputs.get(0);
        return StepFunction.apply(x, x.sign(), straightThrough);
    }

    @Override
    public Op withStraightThrough(boolean on) {
        return new Sign(on);
    }

    @Override
    public String describe() {
        return straightThrough ? "Sign (BPDA: identity backward)" : "Sign";
    }
}
