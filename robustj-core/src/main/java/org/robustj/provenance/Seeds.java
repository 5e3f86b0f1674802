package org.robustj.provenance;

import java.util.SplittableRandom;

/**
 * Derives independent, reproducible generators from one root seed: component {@code k} of a run gets
 * {@code Seeds.derive(root, "name")}, so adding a component never shifts another's random numbers.
 * There is no global generator and no time-based seed.
 */
public final class Seeds {
    private Seeds() {}

    /** A seed for a named component, mixed from the root seed (SplitMix64 finaliser). */
    public static long derive(long root, String component) {
        long h = root ^ 0x9E3779B97F4A7C15L;
        for (int i = 0; i < component.length(); i++) {
            h = mix(h + component.charAt(i));
        }
        return mix(h);
    }

    /** A generator for a named component. */
    public static SplittableRandom rng(long root, String component) {
        return new SplittableRandom(derive(root, component));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
