package org.robustj.certify.bounds;

/**
 * Certifier {@code alpha-crown}: α-CROWN (Xu et al. 2021, arXiv 2011.13824; auto_LiRPA's {@code alpha-CROWN}):
 * CROWN's intermediate bounds, then the margins' bound with the unstable ReLUs' lower slopes optimised by
 * projected gradient ascent (20 Adam steps), the best bound per margin kept; never looser than {@code crown}.
 * One point at a time. Threat models L∞, L2, L1 balls ∩ [0, 1].
 */
public class AlphaCrownCertifier extends BoundCertifier {
    public AlphaCrownCertifier() {
        super(Bounds.Method.ALPHA_CROWN, BoundOptions.defaults());
    }
}
