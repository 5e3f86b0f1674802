package org.robustj.benchmark.corruption;

import java.util.SplittableRandom;

/**
 * MNIST-C's {@code translate}: the digit moved by {@code c} pixels along each axis, each direction's sign drawn at
 * random, zeros shifted in (skimage {@code warp} with a translation). c = 0 is the identity.
 */
public final class Translate extends Corruption {
    private final double[] pixels;

    /** @param pixels the shift of severities 1..5 */
    public Translate(double... pixels) {
        super("translate", Family.GEOMETRIC, settings("±%.0f px", pixels));
        this.pixels = pixels.clone();
    }

    @Override
    protected Image corrupt(Image x, int s, SplittableRandom rng) {
        double c = pixels[s - 1];
        double dx = c * (rng.nextBoolean() ? 1 : -1), dy = c * (rng.nextBoolean() ? 1 : -1);
        return Affine.warp(x, new double[] {1, 0, dx, 0, 1, dy});
    }
}
