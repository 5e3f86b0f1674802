package org.robustj.attack;

/** Declared abilities of an attack, so callers never probe by trial. */
public enum Capability {
    /** Can aim at given target classes ({@link AttackContext#targets()}). */
    TARGETED,
    /** Uses only logits, never gradients (black-box, score-based). */
    GRADIENT_FREE,
    /** Uses random numbers; results still depend only on the seed. */
    STOCHASTIC,
    /** Searches for the smallest adversarial perturbation; {@link AttackResult#minimalNorms()} is filled. */
    MINIMAL_NORM,
    /**
     * Finds one perturbation for the whole batch (universal patches and frames): the batch given is searched
     * as one, never cut into {@link Shards}.
     */
    UNIVERSAL,
    /**
     * Keeps the predictive entropy of its points low, against uncertainty-based detectors ({@code low-entropy}):
     * the ensemble then records the entropy of every point broken in the run.
     */
    LOW_UNCERTAINTY
}
