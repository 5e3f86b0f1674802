package org.robustj.certify.bounds;

import ai.djl.ndarray.NDArray;
import org.robustj.model.graph.Ceil;
import org.robustj.model.graph.Floor;
import org.robustj.model.graph.Op;
import org.robustj.model.graph.Sign;
import org.robustj.tensor.Scalars;

/**
 * Round, Floor and Ceil (input quantisers) and Sign. Where the interval maps to one value the operator is a
 * constant; elsewhere Round, Floor and Ceil stay within a band of width 1 around the identity —
 * {@code z − 1 ≤ floor(z) ≤ z}, {@code z ≤ ceil(z) ≤ z + 1} and {@code z − ½ ≤ round(z) ≤ z + ½} — which is
 * the linear relaxation CROWN uses (sound, and much tighter than the constant bounds when the interval spans
 * many integers, as with {@code round(255·x)}); Sign, bounded but not near the identity, gets the constant
 * bounds sign(l) ≤ sign(z) ≤ sign(u). A BPDA (straight-through) variant has the same values and so the
 * same bounds.
 */
final class StepRule extends ElementwiseRule {

    @Override
    Relaxation relax(Op op, Interval in) {
        NDArray fl = op.forward(java.util.List.of(in.lower()));
        NDArray fu = op.forward(java.util.List.of(in.upper()));
        NDArray band = inexact(op, in).toType(fl.getDataType(), false);
        NDArray flat = Scalars.add(band.neg(), 1);
        if (op instanceof Sign) {
            NDArray zero = band.zerosLike();
            return new Relaxation(zero, fl, zero, fu.toType(fl.getDataType(), false));
        }
        float below = op instanceof Floor ? -1f : op instanceof Ceil ? 0f : -0.5f;
        float above = op instanceof Floor ? 0f : op instanceof Ceil ? 1f : 0.5f;
        NDArray lowerShift = flat.mul(fl).add(Scalars.mul(band, below));
        NDArray upperShift = flat.mul(fl).add(Scalars.mul(band, above));
        return new Relaxation(band, lowerShift, band, upperShift);
    }

    @Override
    NDArray inexact(Op op, Interval in) {
        return op.forward(java.util.List.of(in.lower())).lt(op.forward(java.util.List.of(in.upper())));
    }

    /**
     * Round, Floor and Ceil have derivative 0 almost everywhere; the local linearisation treats them as the
     * identity. Sign is bounded: slope 0.
     */
    @Override
    NDArray localSlope(Op op, NDArray z) {
        return op instanceof Sign ? z.zerosLike() : z.onesLike();
    }
}
