package org.robustj.benchmark.corruption;

import java.util.SplittableRandom;

/**
 * Defocus blur: each channel convolved with an anti-aliased disk of radius r (the disk smoothed by a Gaussian of
 * σ = alias), OpenCV borders (reference {@code defocus_blur}). Deterministic.
 */
public final class DefocusBlur extends Corruption {
    private final double[][] params;

    /** @param params (radius, alias σ) of severities 1..5 */
    public DefocusBlur(double[][] params) {
        super("defocus_blur", Family.BLUR, java.util.Arrays.stream(params)
                .map(p -> String.format(java.util.Locale.ROOT, "r = %s, alias σ = %s", p[0], p[1])).toList());
        this.params = params;
    }

    @Override
    protected Image corrupt(Image x, int s, SplittableRandom rng) {
        double[] p = params[s - 1];
        return Filters.filter2d(x, Filters.disk(p[0], p[1]));
    }
}
