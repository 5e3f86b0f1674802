/**
 * Threat models: {@link org.robustj.threat.ThreatModel} (norm, ε, box) and {@link org.robustj.threat.Norm},
 * the one place where per-norm mathematics lives (projection, gradient normalisation, random starts,
 * dual norms); the sparse threat models (l0, patch, frame) keep their pixel geometry, sizes and exact
 * projection in {@link org.robustj.threat.Sparse}. Attacks never special-case a norm themselves. {@link org.robustj.threat.Epsilon} is the one
 * formatter of ε for people ({@code 8/255}); {@link org.robustj.threat.ThreatModel#reportedNorm} the float32
 * tolerance of the ball.
 */
package org.robustj.threat;
