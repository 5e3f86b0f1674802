package org.robustj.certify.smoothing;

import org.robustj.certify.CertifyConfig;
import org.robustj.errors.InvalidInputException;

/**
 * The settings of randomized smoothing, validated once: noise level, sample counts, failure probability,
 * forward-pass batch and root seed.
 *
 * @param sigma standard deviation of the Gaussian noise added in [0, 1] pixel space (no clipping); > 0
 * @param n0 selection samples (certify only: they pick the candidate top class); >= 1
 * @param n estimation samples (certify: count of the candidate class; predict: all the counts); >= 1
 * @param alpha failure probability, in (0, 1)
 * @param batchSize noisy copies per forward pass; >= 1 (changes speed and memory, never the result)
 * @param seed root seed: point i's noise in a phase depends only on (seed, i, phase)
 */
public record SmoothingConfig(double sigma, int n0, int n, double alpha, int batchSize, long seed) {
    public SmoothingConfig {
        if (!(sigma > 0 && Double.isFinite(sigma))) {
            throw new InvalidInputException("smoothing sigma must be a finite number > 0, got " + sigma);
        }
        if (n0 < 1) throw new InvalidInputException("smoothing n0 must be >= 1, got " + n0);
        if (n < 1) throw new InvalidInputException("smoothing samples n must be >= 1, got " + n);
        if (!(alpha > 0 && alpha < 1)) {
            throw new InvalidInputException("smoothing alpha must be in (0, 1), got " + alpha);
        }
        if (batchSize < 1) throw new InvalidInputException("smoothing batch size must be >= 1, got " + batchSize);
    }

    /**
     * The reference defaults for a noise level (locuslab/smoothing {@code certify.py}): n0 = 100, n = 100,000,
     * α = 0.001, batch 1000, seed 0.
     */
    public static SmoothingConfig defaults(double sigma) {
        return new SmoothingConfig(sigma, 100, 100_000, 0.001, 1000, 0);
    }

    /** The smoothing part of a certification run's settings. */
    public static SmoothingConfig of(CertifyConfig c) {
        return new SmoothingConfig(c.sigma(), c.n0(), c.samples(), c.alpha(), c.batchSize(), c.seed());
    }

    /** The same settings with another number of estimation samples. */
    public SmoothingConfig withN(int samples) {
        return new SmoothingConfig(sigma, n0, samples, alpha, batchSize, seed);
    }

    /** The same settings with another batch size. */
    public SmoothingConfig withBatchSize(int b) {
        return new SmoothingConfig(sigma, n0, n, alpha, b, seed);
    }

    /** The same settings with another root seed. */
    public SmoothingConfig withSeed(long s) {
        return new SmoothingConfig(sigma, n0, n, alpha, batchSize, s);
    }
}
