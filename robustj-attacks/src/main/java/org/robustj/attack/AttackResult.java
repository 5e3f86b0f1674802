package org.robustj.attack;

import ai.djl.ndarray.NDArray;

/**
 * Immutable outcome of an attack on one batch. {@code adversarial} lies in the ε-ball ∩ box and equals the
 * clean input wherever {@code success} is false; {@code norms} are the perturbation norms of those points
 * (sparse threat models: in their own unit, {@link org.robustj.threat.Norm#unit()});
 * {@code minimalNorms} (minimal-norm attacks only, else null) are the smallest adversarial norms found,
 * possibly above ε, and +∞ where none was found; {@code modelCalls} counts forward passes over single
 * inputs; {@code queries} (null when the search did not count per point) are the model queries the search
 * spent on each point, the start included and the verification of the final candidate excluded: what a
 * query budget bounds. The array belongs to the manager of the batch passed in.
 */
public record AttackResult(NDArray adversarial, boolean[] success, float[] norms, float[] minimalNorms,
        long modelCalls, long[] queries) {

    /** A result without per-point query counts. */
    public AttackResult(NDArray adversarial, boolean[] success, float[] norms, float[] minimalNorms,
            long modelCalls) {
        this(adversarial, success, norms, minimalNorms, modelCalls, null);
    }

    /** Number of points the attack broke. */
    public int successes() {
        int n = 0;
        for (boolean s : success) if (s) n++;
        return n;
    }
}
