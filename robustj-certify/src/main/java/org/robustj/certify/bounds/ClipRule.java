package org.robustj.certify.bounds;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import java.util.List;
import org.robustj.model.graph.Clip;
import org.robustj.model.graph.Op;
import org.robustj.tensor.Scalars;

/**
 * Clip to [a, b]. Exact where the interval lies between the kinks (identity) or beyond one (constant); with
 * one kink inside it is a shifted ReLU ({@code a + relu(z − a)} or {@code b − relu(b − z)}) and gets the ReLU
 * relaxation (chord and adaptive slope); with both kinks inside, the constant bounds [a, b].
 */
final class ClipRule extends ElementwiseRule {
    /** Stand-in for an infinite clip bound, so that no ∞·0 appears in the arithmetic. */
    private static final float HUGE = 1e30f;

    @Override
    Relaxation relax(Op op, Interval in) {
        Clip clip = (Clip) op;
        float a = min(clip);
        float b = max(clip);
        NDArray l = in.lower();
        NDArray u = in.upper();
        NDArray zero = l.zerosLike();
        NDArray one = l.onesLike();
        NDArray width = Scalars.maximum(u.sub(l), 1e-12f);
        // default: the constant bounds [clip(l), clip(u)]
        NDArray lowerSlope = zero;
        NDArray lowerShift = op.forward(List.of(l));
        NDArray upperSlope = zero;
        NDArray upperShift = op.forward(List.of(u));
        NDArray identity = l.gte(a).logicalAnd(u.lte(b));
        lowerSlope = NDArrays.where(identity, one, lowerSlope);
        lowerShift = NDArrays.where(identity, zero, lowerShift);
        upperSlope = NDArrays.where(identity, one, upperSlope);
        upperShift = NDArrays.where(identity, zero, upperShift);
        // lower kink inside: a + relu(z − a)
        NDArray low = l.lt(a).logicalAnd(u.gt(a)).logicalAnd(u.lte(b));
        NDArray s = u.sub(a).div(width);
        NDArray alpha = u.sub(a).gte(l.neg().add(a)).toType(l.getDataType(), false);
        lowerSlope = NDArrays.where(low, alpha, lowerSlope);
        lowerShift = NDArrays.where(low, Scalars.mul(Scalars.add(alpha.neg(), 1), a), lowerShift);
        upperSlope = NDArrays.where(low, s, upperSlope);
        upperShift = NDArrays.where(low, s.mul(l).neg().add(a), upperShift);
        // upper kink inside: b − relu(b − z)
        NDArray high = l.gte(a).logicalAnd(l.lt(b)).logicalAnd(u.gt(b));
        NDArray s2 = l.neg().add(b).div(width);
        NDArray alpha2 = l.neg().add(b).gte(u.sub(b)).toType(l.getDataType(), false);
        lowerSlope = NDArrays.where(high, s2, lowerSlope);
        lowerShift = NDArrays.where(high, s2.mul(u).neg().add(b), lowerShift);
        upperSlope = NDArrays.where(high, alpha2, upperSlope);
        upperShift = NDArrays.where(high, Scalars.mul(Scalars.add(alpha2.neg(), 1), b), upperShift);
        return new Relaxation(lowerSlope, lowerShift, upperSlope, upperShift);
    }

    @Override
    NDArray inexact(Op op, Interval in) {
        Clip clip = (Clip) op;
        NDArray l = in.lower();
        NDArray u = in.upper();
        NDArray exact = l.gte(min(clip)).logicalAnd(u.lte(max(clip))).logicalOr(u.lte(min(clip)))
                .logicalOr(l.gte(max(clip)));
        return exact.logicalNot();
    }

    @Override
    NDArray localSlope(Op op, NDArray z) {
        Clip clip = (Clip) op;
        return z.gt(min(clip)).logicalAnd(z.lt(max(clip))).toType(z.getDataType(), false);
    }

    private static float min(Clip c) {
        return (float) Math.max(c.min(), -HUGE);
    }

    private static float max(Clip c) {
        return (float) Math.min(c.max(), HUGE);
    }
}
