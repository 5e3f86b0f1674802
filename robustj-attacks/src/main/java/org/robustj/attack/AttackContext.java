package org.robustj.attack;

import java.util.SplittableRandom;

/**
 * Per-call settings of an attack: the seed of its random numbers and, for targeted runs, one target
 * class per sample (null for untargeted: success means misclassification).
 */
public record AttackContext(long seed, int[] targets) {

    /** An untargeted context. */
    public static AttackContext seeded(long seed) {
        return new AttackContext(seed, null);
    }

    /** Whether success means reaching {@link #targets()}. */
    public boolean targeted() {
        return targets != null;
    }

    /** A fresh generator from the seed. */
    public SplittableRandom rng() {
        return new SplittableRandom(seed);
    }
}
