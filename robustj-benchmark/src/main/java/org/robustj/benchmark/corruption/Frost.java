package org.robustj.benchmark.corruption;

import java.util.SplittableRandom;

/**
 * Frost (reference {@code frost}): {@code a·x + b·frost}, where the reference's frost is a random crop of one of six
 * frost photographs. <strong>Deviation:</strong> those photographs are not available here, so the frost layer is
 * synthesised per image: a plasma fractal (the fog's, decay 1.6) for the uneven frosting plus 6–10 crystal
 * streaks (thin lines of random angle, blurred with the motion-blur kernel), tinted pale blue-white
 * (R, G, B weights 0.86, 0.93, 1.0) and scaled to a mean of about 0.45 of full scale, near the photographs'
 * crops. The blend weights (a, b) are the reference's. docs/corruptions.md says so.
 */
public final class Frost extends Corruption {
    private static final double[] TINT = {0.86, 0.93, 1.0};
    private final double[][] params;

    /** @param params (a, b) of severities 1..5 */
    public Frost(double[][] params) {
        super("frost", Family.WEATHER, java.util.Arrays.stream(params).map(p -> String.format(java.util.Locale.ROOT,
                "%s·x + %s·frost (synthetic frost)", p[0], p[1])).toList());
        this.params = params;
    }

    /** The synthetic frost layer of an {@code h × w} image, one plane in [0, 1]. */
    static double[] layer(int h, int w, SplittableRandom rng) {
        int size = Integer.highestOneBit(Math.max(h, w) - 1) << 1;
        double[] p = Filters.plasma(size, 1.6, rng);
        Image streaks = new Image(1, h, w, new double[h * w]);
        int count = 6 + rng.nextInt(5);
        for (int k = 0; k < count; k++) {
            int y = rng.nextInt(h), x = rng.nextInt(w);
            streaks.set(0, y, x, 1);
        }
        streaks = Filters.motionBlur(streaks, Math.max(h, w) / 4.0, Math.max(h, w) / 6.0, rng.nextDouble() * 360);
        double[] out = new double[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double v = 0.25 + 0.4 * p[y * size + x] + 2.5 * streaks.get(0, y, x);
                out[y * w + x] = Math.min(1, v);
            }
        }
        return out;
    }

    @Override
    protected Image corrupt(Image x, int s, SplittableRandom rng) {
        double a = params[s - 1][0], b = params[s - 1][1];
        int h = x.height(), w = x.width();
        double[] f = layer(h, w, rng);
        Image out = x.blank();
        for (int c = 0; c < x.channels(); c++) {
            double tint = x.channels() == 3 ? TINT[c] : 1;
            for (int y = 0; y < h; y++) {
                for (int xx = 0; xx < w; xx++) out.set(c, y, xx, a * x.get(c, y, xx) + b * tint * f[y * w + xx]);
            }
        }
        return out;
    }
}
