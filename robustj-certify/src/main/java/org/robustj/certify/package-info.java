/**
 * Certification: proofs that no perturbation in a ball changes a prediction.
 *
 * <h2>Start here</h2>
 * {@link org.robustj.certify.CertifiedEvaluation} certifies the points of a data set with one method and
 * returns a {@link org.robustj.certify.CertifyResult} (certified accuracy per ε, one
 * {@link org.robustj.certify.PointCertificate} per point); {@link org.robustj.certify.CertifyConfig} holds
 * the settings and validates them before any work.
 *
 * <h2>Methods</h2>
 * {@link org.robustj.certify.Certifier} is the interface and {@link org.robustj.certify.Certifiers} the
 * registry by name. Randomized smoothing lives in {@code .smoothing}, bound propagation (IBP, CROWN, one
 * rule per layer-graph operator) in {@code .bounds}. To add a method, implement {@code Certifier} and add
 * one line to {@code Certifiers}.
 *
 * <h2>Records and checks</h2>
 * {@link org.robustj.certify.CertifyRecords} writes the {@code certification} section of a run record;
 * {@link org.robustj.certify.CertifiedVsRobust} checks certified ≤ robust point by point against an attack
 * run; {@link org.robustj.certify.CertifyState} is the resumable state of a run.
 */
package org.robustj.certify;
