package org.robustj.attack.universal;

import org.robustj.errors.InvalidInputException;

/**
 * Settings of {@link UapAttack}.
 *
 * @param delta the passes stop once the fooling rate on the fitting points reaches 1 − δ
 * @param maxPasses the most passes over the fitting points
 * @param overshoot DeepFool's overshoot
 * @param deepfoolIterations DeepFool's step limit; a step is kept only when DeepFool stopped before its last
 *     two iterations, the reference's convergence test ({@code iter < max_iter_df - 1})
 * @param candidates classes DeepFool linearises (the top-ranked ones)
 */
public record UapConfig(double delta, int maxPasses, double overshoot, int deepfoolIterations, int candidates) {
    public UapConfig {
        if (!(delta >= 0 && delta < 1)) {
            throw new InvalidInputException("uap delta must be in [0, 1) (the target fooling rate is 1 - delta), got "
                    + delta);
        }
        if (maxPasses < 1) throw new InvalidInputException("uap max passes must be >= 1, got " + maxPasses);
        if (!(overshoot >= 0) || !Double.isFinite(overshoot)) {
            throw new InvalidInputException("uap overshoot must be a finite number >= 0, got " + overshoot);
        }
        if (deepfoolIterations < 2) {
            throw new InvalidInputException("uap DeepFool iterations must be >= 2, got " + deepfoolIterations);
        }
        if (candidates < 2) throw new InvalidInputException("uap candidates must be >= 2 classes, got " + candidates);
    }

    /**
     * The reference's defaults ({@code LTS4/universal:python/universal_pert.py}): δ = 0.2 (80% fooling rate),
     * overshoot 0.02, 10 DeepFool iterations over the top 10 classes; passes: 10 (the reference has no limit,
     * {@code max_iter_uni = inf}).
     */
    public static UapConfig defaults() {
        return new UapConfig(0.2, 10, 0.02, 10, 10);
    }

    /** This configuration with another δ. */
    public UapConfig withDelta(double d) {
        return new UapConfig(d, maxPasses, overshoot, deepfoolIterations, candidates);
    }

    /** This configuration with another pass limit. */
    public UapConfig withMaxPasses(int p) {
        return new UapConfig(delta, p, overshoot, deepfoolIterations, candidates);
    }
}
