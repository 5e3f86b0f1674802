/**
 * Certified-training losses: from bounds on the margins of a layer graph to the worst-case cross-entropy that
 * IBP and CROWN-IBP training minimise (Gowal et al. 2018; Zhang et al. 2020). Start from
 * {@link org.robustj.certify.training.CertifiedLoss}; the schedules and recipes that use it live in
 * robustj-defense ({@code org.robustj.train}). To add a loss, add a static method here that maps bounds to a
 * per-sample loss.
 */
package org.robustj.certify.training;
