package org.robustj.benchmark.corruption;

import java.util.SplittableRandom;

/** Shot (Poisson) noise: {@code Poisson(λ·x) / λ} per value (reference {@code shot_noise}); fewer photons, more noise. */
public final class ShotNoise extends Corruption {
    private final double[] lambda;

    /** @param lambda the photon count λ of severities 1..5 */
    public ShotNoise(double... lambda) {
        super("shot_noise", Family.NOISE, settings("λ = %.0f", lambda));
        this.lambda = lambda.clone();
    }

    @Override
    protected Image corrupt(Image x, int s, SplittableRandom rng) {
        double c = lambda[s - 1];
        double[] v = x.v();
        for (int i = 0; i < v.length; i++) v[i] = Filters.poisson(rng, v[i] * c) / c;
        return x;
    }
}
