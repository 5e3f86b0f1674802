package org.robustj.certify.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.robustj.certify.bounds.Bounds;
import org.robustj.certify.bounds.InputSet;
import org.robustj.model.graph.LayerGraph;
import org.robustj.threat.Norm;
import org.robustj.tensor.Scalars;

/**
 * The robust part of certified training: lower bounds of the margins z_y − z_j over a perturbation set, and the
 * cross-entropy of the worst-case logits they imply, so a recipe can minimise an upper bound of the worst
 * cross-entropy in the ball (Gowal et al. 2018, arXiv 1810.12715, eq. 4; Zhang et al. 2020, arXiv 1906.06316).
 *
 * <p>Worst-case logits, as in Gowal et al. and auto_LiRPA's training examples: ẑ_y = 0 and ẑ_j = −lb_j for
 * j ≠ y, where lb_j lower-bounds z_y − z_j. Since CE is shift-invariant this is the CE of the logits whose every
 * margin sits at its lower bound: CE(ẑ, y) = log(1 + Σ_{j≠y} exp(−lb_j)). At ε = 0 the bounds are exact and the
 * loss equals the clean CE.
 *
 * <p>Everything is differentiable with respect to the graph's weights (run it inside the trainer's gradient
 * collector); shapes: x N×…, labels N (int), margins N×(K−1) in {@link Bounds#marginSpec} order.
 */
public final class CertifiedLoss {
    private CertifiedLoss() {}

    /**
     * Margin lower bounds mixed from CROWN-IBP and IBP: β·CROWN-IBP + (1 − β)·IBP (Zhang et al.'s schedule;
     * β = 0 is pure IBP, β = 1 pure CROWN-IBP; only the methods with a non-zero weight are computed). Both are
     * sound lower bounds, so every convex mix is one too.
     *
     * @param beta in [0, 1]
     * @return N×(K−1) lower bounds of z_y − z_j, in the manager of {@code x}
     */
    public static NDArray marginLowerBounds(LayerGraph graph, NDArray x, int[] labels, int classes, Norm norm,
            double eps, double beta) {
        if (!(beta >= 0 && beta <= 1)) throw new IllegalArgumentException("beta must be in [0, 1], got " + beta);
        NDArray c = Bounds.marginSpec(x.getManager(), labels, classes);
        InputSet set = new InputSet(x, norm, eps);
        NDArray lower = null;
        if (beta < 1) {
            lower = Bounds.ibp(graph, set, c).lower();
            if (beta > 0) lower = Scalars.mul(lower, (float) (1 - beta));
        }
        if (beta > 0) {
            NDArray crown = Bounds.crownIbp(graph, set, c).lower();
            if (beta < 1) crown = Scalars.mul(crown, (float) beta);
            lower = lower == null ? crown : lower.add(crown);
        }
        return lower;
    }

    /**
     * The worst-case logits of margin lower bounds, in auto_LiRPA's layout: column 0 is the true class (0),
     * columns 1…K−1 are −lb_j in margin order; their CE with label 0 is the robust CE.
     *
     * @param marginLower N×(K−1)
     * @return N×K
     */
    public static NDArray worstCaseLogits(NDArray marginLower) {
        long n = marginLower.getShape().get(0);
        NDArray zero = marginLower.getManager().zeros(new Shape(n, 1), marginLower.getDataType());
        return zero.concat(marginLower.neg(), 1);
    }

    /**
     * The robust cross-entropy per sample: CE of {@link #worstCaseLogits} with the true class in column 0,
     * i.e. log(1 + Σ_j exp(−lb_j)).
     *
     * @param marginLower N×(K−1)
     * @return N
     */
    public static NDArray robustCrossEntropy(NDArray marginLower) {
        return worstCaseLogits(marginLower).logSoftmax(1).get(":, 0").neg();
    }
}
