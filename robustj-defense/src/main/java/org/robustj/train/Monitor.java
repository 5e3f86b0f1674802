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
 * <p>A run can also overfit from the start, its PGD accuracy never rising (plain FGSM on MNIST at ε = 0.3,
 * docs/catastrophic-overfitting.md): the drop rule cannot see that, so the gradient alignment is a second
 * signal: an alignment below {@code min_alignment} (default 0.2) at two measurements in a row is reported as
 * catastrophic overfitting too (the overfitting FGSM run fell from 0.52 to about 0 within 1,200 steps, while
 * FGSM-RS, GradAlign and PGD-AT never went below 0.6 on the same CNN).
 *
 * @param eps radius; null takes the recipe's {@code eps}
 * @param minAlignment alignment below which the run is reported as overfitted; null for 0.2, 0 to turn the rule off
 */
public record Monitor(String norm, Double eps, int pgdSteps, double relStepSize, int trainPoints, int testPoints,
        int everySteps, double collapseDrop, boolean keepBest, Double minAlignment) {

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
        check(minAlignment == null || (minAlignment >= 0 && minAlignment < 1),
                "monitor min_alignment must be in [0, 1), got " + minAlignment);
    }

    /** The reference's settings: PGD-10 with step ε/4 on 256 training points every 200 steps. */
    public static Monitor defaults() {
        return new Monitor("linf", null, 10, 0.25, 256, 256, 200, 0.2, true, null);
    }

    /** The alignment threshold in effect (0.2 unless {@code min_alignment} says otherwise). */
    public double alignmentThreshold() {
        return minAlignment == null ? 0.2 : minAlignment;
    }

    /** The alignment rule: the previous and the current measurement both below the threshold. */
    public boolean alignmentCollapsed(double previous, double current) {
        double floor = alignmentThreshold();
        return floor > 0 && previous < floor && current < floor;
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new InvalidInputException(message);
        }
    }
}
