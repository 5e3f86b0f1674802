package org.robustj.threat;

import ai.djl.ndarray.NDArray;
import org.robustj.errors.InvalidInputException;

/**
 * What an adversary may do: move an input by at most ε in a norm while staying inside the input box
 * [lower, upper] (by convention [0, 1]). For the sparse threat models ε is a whole number: pixels
 * ({@link Norm#L0}), the pixels of a square patch, a square number ({@link Norm#PATCH}), or a border width
 * ({@link Norm#FRAME}); whether it fits an image is checked against the input shape
 * ({@link Norm#checkFits}).
 */
public record ThreatModel(Norm norm, double eps, double lower, double upper) {

    /**
     * Validates ε: finite, positive, and no larger than the box for L∞; a whole number for sparse threat
     * models, a square number for patches.
     */
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
        if (norm.sparse()) {
            if (eps != Math.rint(eps) || eps > Integer.MAX_VALUE) {
                throw new InvalidInputException(norm.id() + " eps counts " + (norm == Norm.FRAME ? "the frame width in "
                        + "pixels" : "pixels") + ": it must be a whole number >= 1, got " + eps);
            }
            long side = Math.round(Math.sqrt(eps));
            if (norm == Norm.PATCH && side * side != (long) eps) {
                throw new InvalidInputException("patch eps is the number of pixels of a square patch, so it must be a "
                        + "square number (25 for 5×5), got " + (long) eps);
            }
        }
        if (norm == Norm.LINF && eps > upper - lower) {
            throw new InvalidInputException(
                    "eps " + eps + " is out of range for linf on [" + lower + ", " + upper + "]: at most "
                            + (upper - lower));
        }
    }

    /**
     * Relative slack of the ε-ball in float32. The projection is exact in double precision; storing
     * x₀ + δ as float32 moves each coordinate by at most half an ulp (2⁻²⁵ on [0, 1]) and the norm of the stored
     * perturbation is summed in float32, so a projected point's measured norm is at most
     * ε·(1 + {@value #RELATIVE_TOLERANCE}) + {@value #ABSOLUTE_TOLERANCE}.
     */
    public static final double RELATIVE_TOLERANCE = 1e-5;

    /** Absolute slack of the ε-ball in float32 (see {@link #RELATIVE_TOLERANCE}). */
    public static final double ABSOLUTE_TOLERANCE = 1e-6;

    /** Whether a measured perturbation norm is inside the ball up to the float32 tolerance. */
    public boolean contains(double norm) {
        double limit = this.norm.limit(eps);
        return norm <= limit * (1 + RELATIVE_TOLERANCE) + ABSOLUTE_TOLERANCE;
    }

    /**
     * A measured norm as reported in records and reports: a norm above ε but within the float32 tolerance
     * is ε itself (0.100000024 at ε 0.1 reads as a violation; it is float rounding), any other norm as
     * measured.
     */
    public float reportedNorm(float norm) {
        double limit = this.norm.limit(eps);
        return norm > limit && contains(norm) ? (float) limit : norm;
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
        return norm.id() + " eps=" + (norm.sparse() ? String.valueOf((long) eps) : String.valueOf(eps));
    }
}
