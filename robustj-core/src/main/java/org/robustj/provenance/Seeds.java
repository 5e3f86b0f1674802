package org.robustj.provenance;

import java.util.SplittableRandom;

/**
 * Derives independent, reproducible generators from one root seed: component {@code k} of a run gets
 * {@code Seeds.derive(root, "name")}, so adding a component never shifts another's random numbers.
 * There is no global generator and no time-based seed.
 */
public final class Seeds {
    /**
     * Version of the seeding scheme, written into every record's provenance. 1: attacks drew per (attack, ε,
     * batch number) and per row position, so results depended on how points were batched. 2: every draw of an
     * attack depends only on (root seed, attack, ε, stream, point index), so any batching or partition of the
     * points gives the same per-point results.
     */
    public static final int SCHEME = 2;

    private Seeds() {}

    /** A seed for a named component, mixed from the root seed (SplitMix64 finaliser). */
    public static long derive(long root, String component) {
        long h = root ^ 0x9E3779B97F4A7C15L;
        for (int i = 0; i < component.length(); i++) {
            h = mix(h + component.charAt(i));
        }
        return mix(h);
    }

    /**
     * A seed for element {@code index} (e.g. a data point) of a component seeded with {@code seed}: a function
     * of the two numbers only, so the draws of element {@code index} do not depend on which others exist.
     */
    public static long derive(long seed, long index) {
        return mix(mix(seed ^ 0x632BE59BD9B4E019L) + index * 0x9E3779B97F4A7C15L);
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
