package org.robustj.benchmark.corruption;

import java.util.SplittableRandom;

/**
 * Glass blur (reference {@code glass_blur}): Gaussian blur of σ, quantised to 8 bits, then {@code iterations}
 * passes that swap each inner pixel with a neighbour at most {@code δ} away (offsets drawn in [−δ, δ − 1], the
 * reference's {@code randint}), then the Gaussian blur again. MNIST-C swaps each pixel only with probability ½.
 */
public final class GlassBlur extends Corruption {
    private final double[][] params;
    private final boolean coinFlip;

    /**
     * @param params (σ, δ, iterations) of severities 1..5
     * @param coinFlip whether each swap happens only with probability ½ (MNIST-C)
     */
    public GlassBlur(double[][] params, boolean coinFlip) {
        super("glass_blur", Family.BLUR, java.util.Arrays.stream(params).map(p -> String.format(java.util.Locale.ROOT,
                "σ = %s, δ = %d, iterations = %d", p[0], (int) p[1], (int) p[2])).toList());
        this.params = params;
        this.coinFlip = coinFlip;
    }

    @Override
    protected Image corrupt(Image x, int s, SplittableRandom rng) {
        double sigma = params[s - 1][0];
        int d = (int) params[s - 1][1], iterations = (int) params[s - 1][2];
        Image b = Filters.gaussian(x, sigma, Filters.Border.NEAREST, 4.0);
        double[] v = b.v();
        for (int i = 0; i < v.length; i++) v[i] = Math.floor(Math.max(0, Math.min(255, v[i] * 255))) / 255.0;
        int h = b.height(), w = b.width();
        for (int it = 0; it < iterations; it++) {
            for (int y = h - d; y > d; y--) {
                for (int xx = w - d; xx > d; xx--) {
                    if (coinFlip && !rng.nextBoolean()) {
                        continue;
                    }
                    int dx = rng.nextInt(-d, d), dy = rng.nextInt(-d, d);
                    int y2 = y + dy, x2 = xx + dx;
                    for (int c = 0; c < b.channels(); c++) {
                        double t = b.get(c, y, xx);
                        b.set(c, y, xx, b.get(c, y2, x2));
                        b.set(c, y2, x2, t);
                    }
                }
            }
        }
        return Filters.gaussian(b, sigma, Filters.Border.NEAREST, 4.0);
    }
}
