package org.robustj.benchmark.corruption;

import java.util.SplittableRandom;

/**
 * Fog (reference {@code fog}): {@code (x + t·plasma) · max(x) / (max(x) + t)} with a diamond-square plasma fractal
 * of the given decay ({@link Filters#plasma}; map size 32 for CIFAR-10, 256 for MNIST-C, cropped to the image).
 */
public final class Fog extends Corruption {
    private final double[][] params;
    private final int mapSize;

    /**
     * @param params (thickness t, wibble decay) of severities 1..5
     * @param mapSize the fractal's side (a power of two at least the image's)
     */
    public Fog(double[][] params, int mapSize) {
        super("fog", Family.WEATHER, java.util.Arrays.stream(params).map(p -> String.format(java.util.Locale.ROOT,
                "t = %s, decay = %s", p[0], p[1])).toList());
        this.params = params;
        this.mapSize = mapSize;
    }

    @Override
    protected Image corrupt(Image x, int s, SplittableRandom rng) {
        double t = params[s - 1][0];
        double[] p = Filters.plasma(mapSize, params[s - 1][1], rng);
        double max = 0;
        for (double v : x.v()) max = Math.max(max, v);
        Image out = x.blank();
        for (int c = 0; c < x.channels(); c++) {
            for (int y = 0; y < x.height(); y++) {
                for (int xx = 0; xx < x.width(); xx++) {
                    double v = x.get(c, y, xx) + t * p[y * mapSize + xx];
                    out.set(c, y, xx, v * max / (max + t));
                }
            }
        }
        return out;
    }
}
