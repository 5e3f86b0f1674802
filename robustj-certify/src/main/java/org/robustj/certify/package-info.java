/**
 * Certification: proofs that no perturbation in a ball changes a prediction. Start from
 * {@link org.robustj.certify.Certifier} and {@link org.robustj.certify.Certifiers}; randomized smoothing lives in
 * {@code .smoothing}, bound propagation (IBP, CROWN, one rule per layer-graph operator) in {@code .bounds}.
 * To add a method, implement {@code Certifier} and add one line to {@code Certifiers}.
 */
package org.robustj.certify;
