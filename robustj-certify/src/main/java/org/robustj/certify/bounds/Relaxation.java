package org.robustj.certify.bounds;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * Linear lower and upper bounds of an element-wise function over an input interval:
 * {@code lowerSlope·z + lowerShift ≤ f(z) ≤ upperSlope·z + upperShift} for every z in the interval, each
 * array N×… like z. CROWN passes a bound backward by choosing, per coefficient sign, the lower or the upper
 * line.
 */
record Relaxation(NDArray lowerSlope, NDArray lowerShift, NDArray upperSlope, NDArray upperShift) {

    /** The backward step of a lower bound {@code a·f(z)} (a is N×S×…): positive coefficients take the lower line. */
    BoundRule.Back backward(NDArray a) {
        NDArray pos = a.maximum(0f);
        NDArray neg = a.minimum(0f);
        NDArray aL = lowerSlope.expandDims(1);
        NDArray aU = upperSlope.expandDims(1);
        NDArray coefficient = pos.mul(aL).add(neg.mul(aU));
        NDArray shift = pos.mul(lowerShift.expandDims(1)).add(neg.mul(upperShift.expandDims(1)));
        return new BoundRule.Back(List.of(coefficient), BoundRule.sumTrailing(shift));
    }
}
