package org.robustj.benchmark.corruption;

import java.util.SplittableRandom;

/**
 * MNIST-C's affine corruptions {@code shear}, {@code rotate}, {@code scale}: skimage's {@code AffineTransform} of the
 * parameter (a random sign for shear and rotation), with the translation that keeps the image centre fixed, applied
 * by {@code warp} as the inverse map (output pixel (r, c) reads the input at the transformed (c, r)), bilinear, zero
 * outside. Shear/rotation 0 and scale 1 are the identity.
 */
public final class Affine extends Corruption {
    /** Which affine map. */
    public enum Kind {
        /** Shear by an angle (radians), random sign. */
        SHEAR,
        /** Rotation by an angle (radians), random sign. */
        ROTATE,
        /** Scale by a factor in both axes (the inverse map: a factor above 1 shrinks the digit). */
        SCALE
    }

    private final Kind kind;
    private final double[] amount;

    /**
     * @param kind the map
     * @param amount its parameter at severities 1..5
     */
    public Affine(Kind kind, double... amount) {
        super(kind.name().toLowerCase(java.util.Locale.ROOT), Family.GEOMETRIC,
                settings(kind == Kind.SCALE ? "scale %.3f" : "±%.2f rad", amount));
        this.kind = kind;
        this.amount = amount.clone();
    }

    @Override
    protected Image corrupt(Image x, int s, SplittableRandom rng) {
        double c = amount[s - 1];
        double a1, a2, b1, b2;
        switch (kind) {
            case SHEAR -> {
                c *= rng.nextBoolean() ? 1 : -1;
                a1 = 1;
                a2 = -Math.sin(c);
                b1 = 0;
                b2 = Math.cos(c);
            }
            case ROTATE -> {
                c *= rng.nextBoolean() ? 1 : -1;
                a1 = Math.cos(c);
                a2 = -Math.sin(c);
                b1 = Math.sin(c);
                b2 = Math.cos(c);
            }
            default -> {
                a1 = c;
                a2 = 0;
                b1 = 0;
                b2 = c;
            }
        }
        double centre = (x.width() - 1) / 2.0;
        double a3 = centre * (1 - a1 - a2), b3 = centre * (1 - b1 - b2);
        return warp(x, new double[] {a1, a2, a3, b1, b2, b3});
    }

    /** skimage's {@code warp(x, inverse_map=M)}: out(r, c) = in at (x, y) = M·(c, r, 1), bilinear, 0 outside. */
    static Image warp(Image x, double[] m) {
        Image out = x.blank();
        for (int r = 0; r < x.height(); r++) {
            for (int c = 0; c < x.width(); c++) {
                double fx = m[0] * c + m[1] * r + m[2], fy = m[3] * c + m[4] * r + m[5];
                for (int ch = 0; ch < x.channels(); ch++) out.set(ch, r, c, Filters.bilinear(x, ch, fy, fx, null));
            }
        }
        return out;
    }
}
