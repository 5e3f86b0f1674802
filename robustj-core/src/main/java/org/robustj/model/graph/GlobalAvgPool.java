package org.robustj.model.graph;

import ai.djl.ndarray.NDArray;
import java.util.List;

/** Mean over the spatial axes: N×C×H×W to N×C×1×1 (ONNX's GlobalAveragePool; a {@link Flatten} follows). */
public record GlobalAvgPool() implements Op {
    @Override
    public NDArray forward(List<NDArray> inputs) {
        NDArray x = inputs.get(0);
        long n = x.getShape().get(0);
        long c = x.getShape().get(1);
        return x.reshape(n, c, -1).mean(new int[] {2}).reshape(n, c, 1, 1);
    }

    @Override
    public String describe() {
        return "GlobalAvgPool";
    }
}
