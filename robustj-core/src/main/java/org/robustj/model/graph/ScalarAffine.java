package org.robustj.model.graph;

import ai.djl.ndarray.NDArray;
import java.util.List;
import org.robustj.tensor.Scalars;

/**
 * {@code y = x·scale + shift} with scalar constants: what ONNX's Mul/Div/Add/Sub by a constant become, as in
 * input quantisers ({@code round(x·255)/255}).
 */
public record ScalarAffine(double scale, double shift) implements Op {
    public ScalarAffine {
        if (!Double.isFinite(scale) || !Double.isFinite(shift)) {
            throw new IllegalArgumentException("scale and shift must be finite");
        }
    }

    @Override
    public NDArray forward(List<NDArray> inputs) {
        NDArray x = inputs.get(0);
        NDArray y = scale == 1 ? x : Scalars.mul(x, (float) scale);
        return shift == 0 ? (y == x ? x.duplicate() : y) : Scalars.add(y, (float) shift);
    }

    @Override
    public String describe() {
        return "x·" + scale + (shift >= 0 ? " + " + shift : " − " + (-shift));
    }
}
