package org.robustj.certify.bounds;

/**
 * Certifier {@code crown-ibp}: CROWN-IBP (Zhang et al. 2020, arXiv 1906.06316): IBP intermediate bounds, one CROWN backward pass for the margins. Threat models L∞, L2, L1 balls ∩ [0, 1].
 */
public class CrownIbpCertifier extends BoundCertifier {
    public CrownIbpCertifier() {
        super(Bounds.Method.CROWN_IBP, BoundOptions.defaults());
    }
}
