package org.robustj.benchmark.corruption;

import java.util.SplittableRandom;

/** Gaussian noise: {@code x + N(0, σ²)} per value (reference {@code gaussian_noise}). */
public final class GaussianNoise extends Corruption {
    private final double[] sigma;

    /** @param sigma σ of severities 1..5 */
    public GaussianNoise(double... sigma) {
        super("gaussian_noise", Family.NOISE, settings("σ = %.2f", sigma));
        this.sigma = sigma.clone();
    }

    @Override
    protected Image corrupt(Image x, int s, SplittableRandom rng) {
        double c = sigma[s - 1];
        double[] v = x.v();
        for (int i = 0; i < v.length; i++) v[i] += c * rng.nextGaussian();
        return x;
    }
}
