package org.robustj.benchmark.corruption;

import java.util.SplittableRandom;

/**
 * Brightness (reference {@code brightness}): in HSV, {@code V ← clip(V + c, 0, 1)}, hue and saturation kept. Since
 * RGB = V·(1 − S·f(H)) channel by channel, this is RGB scaled by {@code V'/V} (grey {@code V'} where V = 0), which is
 * how it is computed here. On one channel (MNIST-C: grey → RGB → HSV → RGB → grey) it is {@code clip(x + c)}.
 * Deterministic; c = 0 is the identity.
 */
public final class Brightness extends Corruption {
    private final double[] delta;

    /** @param delta the increase c of V at severities 1..5 */
    public Brightness(double... delta) {
        super("brightness", Family.WEATHER, settings("V + %.2f", delta));
        this.delta = delta.clone();
    }

    /** Brightness by {@code c} of image {@code x} (in place). */
    static Image brighten(Image x, double c) {
        int h = x.height(), w = x.width(), k = x.channels();
        for (int y = 0; y < h; y++) {
            for (int xx = 0; xx < w; xx++) {
                double v = 0;
                for (int ch = 0; ch < k; ch++) v = Math.max(v, x.get(ch, y, xx));
                double v2 = Math.max(0, Math.min(1, v + c));
                for (int ch = 0; ch < k; ch++) x.set(ch, y, xx, v == 0 ? v2 : x.get(ch, y, xx) * (v2 / v));
            }
        }
        return x;
    }

    @Override
    protected Image corrupt(Image x, int s, SplittableRandom rng) {
        return brighten(x, delta[s - 1]);
    }
}
