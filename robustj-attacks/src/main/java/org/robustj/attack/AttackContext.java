package org.robustj.attack;

import java.util.SplittableRandom;

/**
 * Per-call settings of an attack: the seed of its random numbers, for targeted runs one target class per
 * sample (null for untargeted: success means misclassification), and where the search reports how far it has
 * got ({@link AttackProgress#NONE}: nowhere; it never changes the result).
 */
public record AttackContext(long seed, int[] targets, AttackProgress progress) {

    public AttackContext {
        progress = progress == null ? AttackProgress.NONE : progress;
    }

    /** A context without progress reporting. */
    public AttackContext(long seed, int[] targets) {
        this(seed, targets, AttackProgress.NONE);
    }

    /** An untargeted context. */
    public static AttackContext seeded(long seed) {
        return new AttackContext(seed, null);
    }

    /** This context reporting progress to {@code p}. */
    public AttackContext withProgress(AttackProgress p) {
        return new AttackContext(seed, targets, p);
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
