package org.robustj.benchmark.corruption;

import java.util.SplittableRandom;

/**
 * Motion blur (reference {@code motion_blur}): ImageMagick's {@code MotionBlurImage(radius, σ, angle)} with the
 * angle drawn from U(−45°, 45°), re-implemented in {@link Filters#motionBlur} (no ImageMagick here; the kernel and
 * offsets follow ImageMagick's definition, the 8-bit rounding its PNG round trip).
 */
public final class MotionBlur extends Corruption {
    private final double[][] params;

    /** @param params (radius, σ) of severities 1..5 */
    public MotionBlur(double[][] params) {
        super("motion_blur", Family.BLUR, java.util.Arrays.stream(params)
                .map(p -> String.format(java.util.Locale.ROOT, "radius = %s, σ = %s", p[0], p[1])).toList());
        this.params = params;
    }

    @Override
    protected Image corrupt(Image x, int s, SplittableRandom rng) {
        double angle = Filters.uniform(rng, 45);
        Image in = Image.ofBytes(x.toBytes(), x.channels(), x.height(), x.width());
        return Filters.motionBlur(in, params[s - 1][0], params[s - 1][1], angle);
    }
}
