package org.robustj.model.graph;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * Rounding to the nearest integer, ties to even (ONNX Round, torch.round); its gradient is zero almost
 * everywhere, which is why quantised inputs mask gradients.
 */
public record Round() implements Op {
    @Override
    public NDArray forward(List<NDArray> inputs) {
        return inputs.get(0).round();
    }

    @Override
    public String describe() {
        return "Round";
    }
}
