package org.robustj.certify.bounds;

/**
 * Certifier {@code crown}: CROWN (Zhang et al. 2018, arXiv 1811.00866): every intermediate bound by a CROWN backward pass, adaptive lower ReLU slopes, each margin the better of the bounds from CROWN-only intermediates (auto_LiRPA's CROWN) and from those intersected with IBP; one point at a time, chunked over neurons. Threat models L∞, L2, L1 balls ∩ [0, 1].
 */
public class CrownCertifier extends BoundCertifier {
    public CrownCertifier() {
        super(Bounds.Method.CROWN, BoundOptions.defaults());
    }
}
