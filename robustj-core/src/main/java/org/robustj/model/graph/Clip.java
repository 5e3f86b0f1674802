package org.robustj.model.graph;

import ai.djl.ndarray.NDArray;
import java.util.List;
import org.robustj.tensor.Scalars;

/** Clamping into [min, max], element-wise (either bound may be infinite). */
public record Clip(double min, double max) implements Op {
    public Clip {
        if (Double.isNaN(min) || Double.isNaN(max) || min > max) {
            throw new IllegalArgumentException("Clip needs min ≤ max, got " + min + ", " + max);
        }
    }

    @Override
    public NDArray forward(List<NDArray> inputs) {
        NDArray x = inputs.get(0);
        if (Double.isInfinite(min) && Double.isInfinite(max)) return x.duplicate();
        if (Double.isInfinite(max)) return Scalars.maximum(x, (float) min);
        if (Double.isInfinite(min)) return Scalars.minimum(x, (float) max);
        return x.clip((float) min, (float) max);
    }

    @Override
    public String describe() {
        return "Clip [" + min + ", " + max + "]";
    }
}
