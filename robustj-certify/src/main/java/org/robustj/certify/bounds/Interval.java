package org.robustj.certify.bounds;

import ai.djl.ndarray.NDArray;
import org.robustj.tensor.Scalars;

/**
 * Element-wise lower and upper bounds of one tensor (N×…), the currency of interval bound propagation; both
 * arrays keep autograd when they were computed from weights that require gradients.
 *
 * @param lower N×…
 * @param upper N×…, same shape, {@code lower ≤ upper}
 */
public record Interval(NDArray lower, NDArray upper) {

    /** The midpoint (lower + upper) / 2. */
    public NDArray centre() {
        return Scalars.div(lower.add(upper), 2);
    }

    /** The half-width (upper − lower) / 2. */
    public NDArray radius() {
        return Scalars.div(upper.sub(lower), 2);
    }

    /** The interval with the given centre and non-negative radius. */
    static Interval ofCentre(NDArray centre, NDArray radius) {
        return new Interval(centre.sub(radius), centre.add(radius));
    }

    /** The tighter of two sound intervals of the same tensor. */
    Interval intersect(Interval o) {
        return new Interval(lower.maximum(o.lower), upper.minimum(o.upper));
    }
}
