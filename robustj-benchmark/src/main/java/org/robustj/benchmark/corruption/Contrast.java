package org.robustj.benchmark.corruption;

import java.util.SplittableRandom;

/**
 * Contrast (reference {@code contrast}): {@code (x − m)·c + m} with {@code m} each channel's mean over the image.
 * Deterministic; c = 1 is the identity.
 */
public final class Contrast extends Corruption {
    private final double[] factor;

    /** @param factor c of severities 1..5 */
    public Contrast(double... factor) {
        super("contrast", Family.DIGITAL, settings("c = %.2f", factor));
        this.factor = factor.clone();
    }

    /** Contrast by {@code c} (in place). */
    static Image scale(Image x, double c) {
        int hw = x.height() * x.width();
        double[] v = x.v();
        for (int ch = 0; ch < x.channels(); ch++) {
            double m = 0;
            for (int i = 0; i < hw; i++) m += v[ch * hw + i];
            m /= hw;
            for (int i = 0; i < hw; i++) v[ch * hw + i] = (v[ch * hw + i] - m) * c + m;
        }
        return x;
    }

    @Override
    protected Image corrupt(Image x, int s, SplittableRandom rng) {
        return scale(x, factor[s - 1]);
    }
}
