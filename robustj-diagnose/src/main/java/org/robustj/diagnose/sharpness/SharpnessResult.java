package org.robustj.diagnose.sharpness;

/**
 * The outcome of a sharpness measurement: the mean over batches of the increase of the loss (the sharpness) and
 * of the classification error at the perturbed weights, the unperturbed values, and per batch.
 *
 * @param algorithm the reference's name ({@code m_apgd_linf}, {@code avg_l2}, …)
 * @param sharpness mean over batches of L(w + δ) − L(w) (worst δ found, or mean over draws)
 * @param errorIncrease the same for the classification error (a fraction)
 * @param loss mean over batches of L(w)
 * @param error mean over batches of the error at w
 * @param maxDeltaNorm the largest ‖δ‖₂ of a batch's worst perturbation (0 for average-case)
 * @param perBatch the sharpness of every batch
 */
public record SharpnessResult(String algorithm, SharpnessConfig config, double sharpness, double errorIncrease,
        double loss, double error, double maxDeltaNorm, double[] perBatch) {}
