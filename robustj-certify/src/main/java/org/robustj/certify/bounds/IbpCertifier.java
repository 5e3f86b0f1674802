package org.robustj.certify.bounds;

import ai.djl.ndarray.NDArray;
import org.robustj.model.Classifier;

/**
 * Certifier {@code ibp}: interval bound propagation (Gowal et al. 2018, arXiv 1810.12715), the cheapest, loosest
 * bound and the only one that handles MaxPool. Threat models L∞, L2, L1 balls ∩ [0, 1]. It also reports the
 * model's IBP tightness ({@link #tightness}).
 */
public class IbpCertifier extends BoundCertifier {
    public IbpCertifier() {
        super(Bounds.Method.IBP, BoundOptions.defaults());
    }

    /**
     * IBP tightness of the model at these points and radius, on the margin rows of their labels
     * (DIAGNOSTICS.md §5).
     */
    @Override
    public java.util.Map<String, double[]> pointFigures(Classifier model, NDArray x, int[] labels, double eps,
            org.robustj.certify.CertifyConfig config) {
        if (config.norm() != org.robustj.threat.Norm.LINF) {
            return java.util.Map.of(); // tightness is defined for boxes
        }
        try {
            return java.util.Map.of("ibp_tightness", tightness(model, x, labels, eps).perPoint());
        } catch (org.robustj.errors.InvalidInputException notLinearisable) {
            return java.util.Map.of(); // e.g. MaxPool: the local linearisation is not defined
        }
    }

    public IbpTightness.Result tightness(Classifier model, NDArray x, int[] labels, double eps) {
        NDArray c = Bounds.marginSpec(x.getManager(), labels, model.numClasses());
        try {
            return IbpTightness.of(graphOf(model), x, eps, c);
        } finally {
            c.close();
        }
    }
}
