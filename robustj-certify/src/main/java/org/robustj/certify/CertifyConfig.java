package org.robustj.certify;

import java.util.List;
import org.robustj.errors.InvalidInputException;
import org.robustj.threat.Norm;

/**
 * What a certification run asks, for every method (each reads what it needs).
 *
 * @param norm the threat model's norm (smoothing certifies L2 radii)
 * @param eps the radii at which bound methods verify, and at which certified accuracy is reported
 * @param sigma smoothing noise standard deviation, in [0, 1] pixel units
 * @param n0 smoothing selection samples
 * @param samples smoothing estimation samples n
 * @param alpha smoothing failure probability
 * @param batchSize forward passes per batch (noise samples, or points for bounds)
 * @param seed root seed
 */
public record CertifyConfig(Norm norm, List<Double> eps, double sigma, int n0, int samples, double alpha,
        int batchSize, long seed) {
    public CertifyConfig {
        eps = List.copyOf(eps);
    }

    /**
     * Checks every field against its range, before any data or model is loaded; each message names the
     * option of {@code robustj certify} that sets the field, the range and the value given. The record
     * itself accepts any values, so a method's own tests may build one freely.
     *
     * @return this, for chaining
     * @throws InvalidInputException for the first field out of range
     */
    public CertifyConfig validate() {
        if (norm == null) {
            throw new InvalidInputException("--norm must be linf, l2 or l1");
        }
        if (norm.sparse()) {
            throw new InvalidInputException("certification bounds Lp balls (linf, l2, l1), not the sparse threat model "
                    + norm.id() + " (attack it with evaluate --norm " + norm.id() + ")");
        }
        if (!(Double.isFinite(sigma) && sigma > 0)) {
            throw new InvalidInputException("--sigma must be a finite number > 0, got " + sigma);
        }
        if (n0 < 1) {
            throw new InvalidInputException("--n0 must be >= 1, got " + n0);
        }
        if (samples < 1) {
            throw new InvalidInputException("--samples must be >= 1, got " + samples);
        }
        if (!(alpha > 0 && alpha < 1)) {
            throw new InvalidInputException("--alpha must be in (0, 1), got " + alpha);
        }
        if (batchSize < 1) {
            throw new InvalidInputException("--batch-size must be >= 1, got " + batchSize);
        }
        if (eps.isEmpty()) {
            throw new InvalidInputException("--eps needs at least one value");
        }
        for (Double e : eps) {
            checkEps(norm, e);
        }
        return this;
    }

    /** Checks one ε: finite, ≥ 0 and, for L∞ on the box [0, 1], at most 1. */
    static void checkEps(Norm norm, Double e) {
        if (e == null || !Double.isFinite(e) || e < 0) {
            throw new InvalidInputException("--eps must be finite numbers >= 0, got " + e);
        }
        if (norm == Norm.LINF && e > 1) {
            throw new InvalidInputException("--eps " + e + " is out of range for linf on [0, 1]: at most 1");
        }
    }
}
