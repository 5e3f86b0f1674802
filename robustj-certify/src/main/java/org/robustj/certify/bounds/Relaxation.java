package org.robustj.certify.bounds;

import ai.djl.ndarray.NDArray;
import java.util.List;
import org.robustj.tensor.Scalars;

/**
 * Linear lower and upper bounds of an element-wise function over an input interval:
 * {@code lowerSlope·z + lowerShift ≤ f(z) ≤ upperSlope·z + upperShift} for every z in the interval, each
 * array N×… like z. CROWN passes a bound backward by choosing, per coefficient sign, the lower or the upper
 * line. A slope or shift may also be N×S×… (one per specification row, as α-CROWN's optimised lower slopes are).
 */
record Relaxation(NDArray lowerSlope, NDArray lowerShift, NDArray upperSlope, NDArray upperShift) {

    /** The backward step of a lower bound {@code a·f(z)} (a is N×S×…): positive coefficients take the lower line. */
    BoundRule.Back backward(NDArray a) {
        NDArray pos = Scalars.maximum(a, 0);
        NDArray neg = Scalars.minimum(a, 0);
        int rank = a.getShape().dimension();
        NDArray coefficient = pos.mul(perRow(lowerSlope, rank)).add(neg.mul(perRow(upperSlope, rank)));
        NDArray shift = pos.mul(perRow(lowerShift, rank)).add(neg.mul(perRow(upperShift, rank)));
        return new BoundRule.Back(List.of(coefficient), BoundRule.sumTrailing(shift));
    }

    /** An N×… array broadcast over the specification rows (N×1×…), or an N×S×… one as it is. */
    private static NDArray perRow(NDArray v, int rank) {
        return v.getShape().dimension() == rank ? v : v.expandDims(1);
    }
}
