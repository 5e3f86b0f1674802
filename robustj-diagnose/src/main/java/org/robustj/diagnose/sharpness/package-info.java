/**
 * Sharpness in weight space (Andriushchenko et al., ICML 2023, arXiv 2302.07011): worst-case (APGD over the
 * perturbation ball) and average-case (random perturbations), ℓ2 or ℓ∞, adaptive or not, m-sharpness over
 * disjoint batches. Start from {@link org.robustj.diagnose.sharpness.Sharpness} and
 * {@link org.robustj.diagnose.sharpness.SharpnessConfig}; {@link org.robustj.diagnose.sharpness.ModelObjective}
 * makes a model's loss a function of its flat weight vector ({@link
 * org.robustj.diagnose.sharpness.WeightObjective}), which is also how closed-form objectives are tested.
 */
package org.robustj.diagnose.sharpness;
