package org.robustj.train;

import org.robustj.errors.InvalidInputException;
import org.robustj.threat.Norm;

/**
 * Robustness monitoring during training, the catastrophic-overfitting guard of Andriushchenko &amp; Flammarion
 * (2020, arXiv 2007.02617; reference {@code train.py}): every {@code every_steps} steps, PGD accuracy on a
 * fixed subset of the first {@code train_points} training images (PGD with {@code pgd_steps} steps of
 * {@code rel_step_size}·ε, one random start — the reference's PGD-10 with step ε/4), plus the gradient-alignment
 * cosine cos(∇ₓℓ(x), ∇ₓℓ(x+η)), η ~ U[−ε, ε]. After every epoch the same PGD runs on the first
 * {@code test_points} test images. When the training PGD accuracy falls more than {@code collapse_drop} below
 * its best, the run reports catastrophic overfitting; with {@code keep_best} the saved model is the one with the
 * best training PGD accuracy (the reference keeps it as its early-stopped model), the last one is saved beside it.
 *
 * @param eps radius; null takes the recipe's {@code eps}
 */
public record Monitor(String norm, Double eps, int pgdSteps, double relStepSize, int trainPoints, int testPoints,
        int everySteps, double collapseDrop, boolean keepBest) {

    public Monitor {
        norm = norm == null ? "linf" : norm;
        Norm.parse(norm);
        check(eps == null || (eps > 0 && Double.isFinite(eps)), "monitor eps must be > 0, got " + eps);
        check(pgdSteps >= 1, "monitor pgd_steps must be >= 1, got " + pgdSteps);
        check(relStepSize > 0, "monitor rel_step_size must be > 0, got " + relStepSize);
        check(trainPoints >= 1, "monitor train_points must be >= 1, got " + trainPoints);
        check(testPoints >= 0, "monitor test_points must be >= 0, got " + testPoints);
        check(everySteps >= 1, "monitor every_steps must be >= 1, got " + everySteps);
        check(collapseDrop > 0 && collapseDrop <= 1, "monitor collapse_drop must be in (0, 1], got " + collapseDrop);
    }

    /** The reference's settings: PGD-10 with step ε/4 on 256 training points every 200 steps. */
    public static Monitor defaults() {
        return new Monitor("linf", null, 10, 0.25, 256, 256, 200, 0.2, true);
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new InvalidInputException(message);
        }
    }
}
