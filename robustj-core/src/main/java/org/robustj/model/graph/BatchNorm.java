package org.robustj.model.graph;

import ai.djl.ndarray.NDArray;
import java.util.List;
import org.robustj.tensor.Scalars;

/**
 * Batch normalisation in eval mode, folded from its running statistics into a per-channel affine map
 * {@code y = x·scale + shift} on the channel axis 1 (N×C or N×C×H×W), with
 * {@code scale = γ / sqrt(var + eps)} and {@code shift = β − mean·scale}.
 *
 * @param scale C
 * @param shift C
 */
public record BatchNorm(NDArray scale, NDArray shift) implements Op {
    public BatchNorm {
        Graphs.requireRank(scale, 1, "BatchNorm scale");
        Graphs.requireRank(shift, 1, "BatchNorm shift");
    }

    /** Folds running statistics (γ, β, mean, var, eps) into scale and shift. */
    public static BatchNorm fold(NDArray gamma, NDArray beta, NDArray mean, NDArray var, double eps) {
        NDArray scale = gamma.div(Scalars.add(var, (float) eps).sqrt());
        NDArray shift = beta.sub(mean.mul(scale));
        return new BatchNorm(scale, shift);
    }

    @Override
    public NDArray forward(List<NDArray> inputs) {
        NDArray x = inputs.get(0);
        return x.mul(Graphs.channels(scale, x)).add(Graphs.channels(shift, x));
    }

    @Override
    public String describe() {
        return "BatchNorm " + scale.getShape().get(0);
    }
}
