package org.robustj.certify.bounds;

/**
 * Certifier {@code ibp}: Interval bound propagation (Gowal et al. 2018, arXiv 1810.12715): the cheapest, loosest bound; the only one that handles MaxPool. Threat models L∞, L2, L1 balls ∩ [0, 1].
 */
public class IbpCertifier extends BoundCertifier {
    public IbpCertifier() {
        super(Bounds.Method.IBP, BoundOptions.defaults());
    }
}
