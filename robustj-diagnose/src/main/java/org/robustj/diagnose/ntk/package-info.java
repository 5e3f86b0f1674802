/**
 * The empirical neural tangent kernel and what it says about robustness (Tsilivis &amp; Kempe, NeurIPS 2022,
 * arXiv 2210.05577; DIAGNOSTICS.md §2). Start from {@link org.robustj.diagnose.ntk.NtkDiagnostic}, which
 * does everything the diagnostic reports; its parts:
 *
 * <ul>
 *   <li>{@link org.robustj.diagnose.ntk.EmpiricalNtk}: Θ(x, x') = J(x) J(x')ᵀ from per-example parameter
 *       Jacobians ({@link org.robustj.tensor.ParameterGradients}), full (NK×NK) or trace (N×N), its
 *       eigendecomposition (EJML) and the memory it needs ({@link org.robustj.diagnose.ntk.NtkMemory});
 *   <li>{@link org.robustj.diagnose.ntk.KernelRegression}: the ridge kernel predictor f = Θ(x,X)(Θ+λI)⁻¹Y and
 *       its eigen-features f_i, which sum to f;
 *   <li>{@link org.robustj.diagnose.ntk.KernelPredictor}: one such predictor, its values and its exact input
 *       gradient (double backpropagation through the Jacobian);
 *   <li>{@link org.robustj.diagnose.ntk.KernelAttacks}: training-free FGSM and PGD on a kernel predictor;
 *   <li>{@link org.robustj.diagnose.ntk.NtkProbe} (training probe {@code ntk}) and
 *       {@link org.robustj.diagnose.ntk.KernelDynamics}: how the kernel moves during (adversarial) training.
 * </ul>
 */
package org.robustj.diagnose.ntk;
