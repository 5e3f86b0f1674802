package org.robustj.certify;

import java.util.List;
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
}
