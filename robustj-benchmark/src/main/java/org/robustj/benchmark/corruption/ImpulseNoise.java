package org.robustj.benchmark.corruption;

import java.util.SplittableRandom;

/**
 * Impulse (salt-and-pepper) noise: each value, with probability {@code amount}, becomes 0 or 1 with equal odds
 * (skimage's {@code random_noise(mode='s&p')}, which the reference calls; channels independently).
 */
public final class ImpulseNoise extends Corruption {
    private final double[] amount;

    /** @param amount the share of values replaced at severities 1..5 */
    public ImpulseNoise(double... amount) {
        super("impulse_noise", Family.NOISE, settings("amount = %.2f", amount));
        this.amount = amount.clone();
    }

    @Override
    protected Image corrupt(Image x, int s, SplittableRandom rng) {
        double c = amount[s - 1];
        double[] v = x.v();
        for (int i = 0; i < v.length; i++) {
            if (rng.nextDouble() < c) {
                v[i] = rng.nextBoolean() ? 1 : 0;
            }
        }
        return x;
    }
}
