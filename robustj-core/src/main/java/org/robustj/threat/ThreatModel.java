package org.robustj.threat;

import ai.djl.ndarray.NDArray;
import org.robustj.errors.InvalidInputException;

/**
 * What an adversary may do: move an input by at most ε in a norm while staying inside the input box
 * [lower, upper] (by convention [0, 1]).
 */
public record ThreatModel(Norm norm, double eps, double lower, double upper) {

    /** Validates ε: finite, positive, and no larger than the box for L∞. */
    public ThreatModel {
        if (norm == null) {
            throw new IllegalArgumentException("norm is null");
        }
        if (!(upper > lower)) {
            throw new InvalidInputException("input box [" + lower + ", " + upper + "] is empty");
        }
        if (!Double.isFinite(eps) || eps <= 0) {
            throw new InvalidInputException("eps must be a finite number > 0, got " + eps);
        }
        if (norm == Norm.LINF && eps > upper - lower) {
            throw new InvalidInputException(
                    "eps " + eps + " is out of range for linf on [" + lower + ", " + upper + "]: at most "
                            + (upper - lower));
        }
    }

    /** A threat model on the unit box [0, 1]. */
    public static ThreatModel of(Norm norm, double eps) {
        return new ThreatModel(norm, eps, 0, 1);
    }

    /** Exact projection of {@code x} onto the ε-ball around {@code x0} intersected with the box. */
    public NDArray project(NDArray x0, NDArray x) {
        return norm.project(x0, x, eps, lower, upper);
    }

    @Override
    public String toString() {
        return norm.id() + " eps=" + eps;
    }
}
