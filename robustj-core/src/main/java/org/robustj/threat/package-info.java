/**
 * Threat models: {@link org.robustj.threat.ThreatModel} (norm, ε, box) and {@link org.robustj.threat.Norm},
 * the one place where per-norm mathematics lives (projection, gradient normalisation, random starts,
 * dual norms). Attacks never special-case a norm themselves.
 */
package org.robustj.threat;
