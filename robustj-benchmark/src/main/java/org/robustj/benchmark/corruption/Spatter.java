package org.robustj.benchmark.corruption;

import java.util.SplittableRandom;

/**
 * MNIST-C's {@code spatter} (mud): a liquid layer of N(μ, s²) values, smoothed (skimage {@code gaussian}: σ1,
 * truncate 4, edge pixels repeated), set to 0 below the threshold t; the mask of the values above t, smoothed with
 * σ2 and set to 0 below 0.8; then {@code x·(1 − m) + (63/255)·m}. The mud is dark grey on a black background, so it
 * shows as grey blots that can cover strokes. The parameters (μ, s, σ1, t, σ2) are MNIST-C's five-severity table. A draw
 * whose smoothed layer never crosses t leaves the image unchanged, as in MNIST-C.
 */
public final class Spatter extends Corruption {
    /** The grey level of the mud, 63/255. */
    static final double MUD = 63 / 255.0;

    private final double[][] params;

    /** @param params (μ, s, σ1, t, σ2) of severities 1..5 */
    public Spatter(double[][] params) {
        super("spatter", Family.WEATHER, java.util.Arrays.stream(params).map(p -> String.format(java.util.Locale.ROOT,
                "N(%s, %s²), σ = %s, t = %s, σ = %s", p[0], p[1], p[2], p[3], p[4])).toList());
        this.params = params;
    }

    @Override
    protected Image corrupt(Image x, int s, SplittableRandom rng) {
        double[] c = params[s - 1];
        double[] liquid = new double[x.v().length];
        for (int i = 0; i < liquid.length; i++) liquid[i] = c[0] + c[1] * rng.nextGaussian();
        return spatter(x, liquid, c);
    }

    /** The spatter of {@code x} for a given liquid layer (shaped like x): the deterministic part, for tests. */
    static Image spatter(Image x, double[] liquid, double[] c) {
        Image layer = Filters.gaussian(new Image(x.channels(), x.height(), x.width(), liquid.clone()), c[2],
                Filters.Border.NEAREST, 4);
        double[] mask = new double[liquid.length];
        for (int i = 0; i < mask.length; i++) mask[i] = layer.v()[i] > c[3] ? 1 : 0;
        double[] m = Filters.gaussian(new Image(x.channels(), x.height(), x.width(), mask), c[4],
                Filters.Border.NEAREST, 4).v();
        double[] v = x.v();
        for (int i = 0; i < v.length; i++) {
            double mi = m[i] < 0.8 ? 0 : m[i];
            v[i] = v[i] * (1 - mi) + MUD * mi;
        }
        return x;
    }
}
