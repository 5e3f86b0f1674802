package org.robustj.certify.bounds;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.Arrays;
import java.util.List;
import org.robustj.model.graph.BatchNorm;
import org.robustj.model.graph.Normalize;
import org.robustj.model.graph.Op;
import org.robustj.model.graph.ScalarAffine;

/**
 * Per-channel (or scalar) affine maps y = x·scale + shift: folded BatchNorm, input Normalize
 * (scale 1/σ, shift −μ/σ) and ScalarAffine. IBP in centre–radius form (the radius through |scale|, so
 * negative scales are handled); backward, the coefficients times scale and the constant Σ a·shift.
 */
final class AffineRule implements BoundRule {

    @Override
    public Interval ibp(Op op, List<Interval> inputs) {
        Interval in = inputs.get(0);
        NDArray[] v = coefficients(op, in.lower().getManager(), in.lower().getDataType());
        NDArray c = in.centre();
        int rank = c.getShape().dimension();
        NDArray scale = channels(v[0], rank, 1);
        NDArray centre = c.mul(scale).add(channels(v[1], rank, 1));
        return Interval.ofCentre(centre, in.radius().mul(scale.abs()));
    }

    @Override
    public Back backward(Op op, NDArray a, Step step) {
        NDArray[] v = coefficients(op, a.getManager(), a.getDataType());
        int rank = a.getShape().dimension();
        NDArray coefficient = a.mul(channels(v[0], rank, 2));
        NDArray bias = BoundRule.sumTrailing(a.mul(channels(v[1], rank, 2)));
        return new Back(List.of(coefficient), bias);
    }

    /** {scale, shift}, each of length C (or 1 for one value shared by every channel). */
    private static NDArray[] coefficients(Op op, NDManager m, DataType type) {
        if (op instanceof BatchNorm bn) {
            return new NDArray[] {bn.scale(), bn.shift()};
        }
        if (op instanceof Normalize nz) {
            float[] scale = new float[nz.std().length];
            float[] shift = new float[Math.max(nz.std().length, nz.mean().length)];
            for (int i = 0; i < scale.length; i++) scale[i] = 1f / nz.std()[i];
            for (int i = 0; i < shift.length; i++) {
                shift[i] = -nz.mean()[i % nz.mean().length] / nz.std()[i % nz.std().length];
            }
            // copies (toType with copy): libtorch must own what autograd may save, not a Java buffer (see Scalars)
            return new NDArray[] {m.create(scale).toType(type, true), m.create(shift).toType(type, true)};
        }
        ScalarAffine sa = (ScalarAffine) op;
        return new NDArray[] {m.create(new float[] {(float) sa.scale()}).toType(type, true),
            m.create(new float[] {(float) sa.shift()}).toType(type, true)};
    }

    /** A vector of length C (or 1) shaped to broadcast on {@code axis} of an array of this rank. */
    private static NDArray channels(NDArray v, int rank, int axis) {
        long[] s = new long[rank];
        Arrays.fill(s, 1);
        if (axis < rank) s[axis] = v.getShape().size();
        return v.reshape(s);
    }
}
