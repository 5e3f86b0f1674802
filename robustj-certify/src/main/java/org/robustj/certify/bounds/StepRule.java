package org.robustj.certify.bounds;

import ai.djl.ndarray.NDArray;
import org.robustj.model.graph.Floor;
import org.robustj.model.graph.Op;

/**
 * Round and Floor (input quantisers). Where the interval maps to one integer the operator is a constant;
 * elsewhere it stays within a band of width 1 around the identity — {@code z − 1 ≤ floor(z) ≤ z} and
 * {@code z − ½ ≤ round(z) ≤ z + ½} — which is the linear relaxation CROWN uses (sound, and much tighter than
 * the constant bounds when the interval spans many integers, as with {@code round(255·x)}).
 */
final class StepRule extends ElementwiseRule {

    @Override
    Relaxation relax(Op op, Interval in) {
        NDArray fl = op.forward(java.util.List.of(in.lower()));
        NDArray fu = op.forward(java.util.List.of(in.upper()));
        NDArray band = inexact(op, in).toType(fl.getDataType(), false);
        NDArray flat = band.neg().add(1f);
        float below = op instanceof Floor ? -1f : -0.5f;
        float above = op instanceof Floor ? 0f : 0.5f;
        NDArray lowerShift = flat.mul(fl).add(band.mul(below));
        NDArray upperShift = flat.mul(fl).add(band.mul(above));
        return new Relaxation(band, lowerShift, band, upperShift);
    }

    @Override
    NDArray inexact(Op op, Interval in) {
        return op.forward(java.util.List.of(in.lower())).lt(op.forward(java.util.List.of(in.upper())));
    }

    /** Round and Floor have derivative 0 almost everywhere; the local linearisation treats them as the identity. */
    @Override
    NDArray localSlope(Op op, NDArray z) {
        return z.onesLike();
    }
}
