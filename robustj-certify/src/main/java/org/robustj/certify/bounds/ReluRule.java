package org.robustj.certify.bounds;

import ai.djl.ndarray.NDArray;
import org.robustj.model.graph.Op;
import org.robustj.tensor.Scalars;

/**
 * ReLU: stable neurons are exact (slope 0 or 1); an unstable one (l &lt; 0 &lt; u) is bounded above by the chord
 * {@code u/(u−l)·(z − l)} and below by {@code α·z} with the adaptive slope α = 1 if u &gt; −l, else 0 (CROWN,
 * auto_LiRPA's rule {@code u/(u−l) > 0.5}; at a tie either slope is as good for the lone neuron;
 * Zhang et al. 2018, arXiv 1811.00866).
 */
final class ReluRule extends ElementwiseRule {

    @Override
    Relaxation relax(Op op, Interval in) {
        NDArray l = in.lower();
        NDArray u = in.upper();
        NDArray active = l.gte(0f).toType(l.getDataType(), false);
        NDArray unstable = inexact(op, in).toType(l.getDataType(), false);
        NDArray chord = u.div(Scalars.maximum(u.sub(l), 1e-12f));
        NDArray upperSlope = active.add(unstable.mul(chord));
        NDArray upperShift = unstable.mul(chord.mul(l).neg());
        NDArray alpha = u.gt(l.neg()).toType(l.getDataType(), false);
        NDArray lowerSlope = active.add(unstable.mul(alpha));
        return new Relaxation(lowerSlope, l.zerosLike(), upperSlope, upperShift);
    }

    @Override
    NDArray inexact(Op op, Interval in) {
        return in.lower().lt(0f).logicalAnd(in.upper().gt(0f));
    }

    @Override
    NDArray localSlope(Op op, NDArray z) {
        return z.gt(0f).toType(z.getDataType(), false);
    }
}
