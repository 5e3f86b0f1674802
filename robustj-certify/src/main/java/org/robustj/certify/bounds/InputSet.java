package org.robustj.certify.bounds;

import ai.djl.ndarray.NDArray;
import org.robustj.threat.Norm;
import org.robustj.tensor.Scalars;

/**
 * The perturbation set of a bound computation: the Lp ball of radius ε around x intersected with the input
 * domain [0, 1] (auto_LiRPA's {@code PerturbationLpNorm} with {@code x_L = 0, x_U = 1}). It knows its bounding
 * box (what IBP starts from) and how to concretise a linear function over itself (what CROWN ends with).
 *
 * @param x the clean inputs, N×… in [0, 1]
 * @param norm L∞, L2 or L1
 * @param eps the radius, ≥ 0
 */
public record InputSet(NDArray x, Norm norm, double eps) {
    public InputSet {
        if (!(eps >= 0) || Double.isInfinite(eps)) {
            throw new IllegalArgumentException("eps must be finite and ≥ 0, got " + eps);
        }
    }

    /**
     * The box [max(0, x − ε), min(1, x + ε)] per coordinate: exactly the set for L∞, a sound enclosure of
     * the ball ∩ [0, 1] for L2 and L1.
     */
    public Interval box() {
        return new Interval(Scalars.maximum(Scalars.sub(x, (float) eps), 0), Scalars.minimum(Scalars.add(x, (float) eps), 1));
    }

    /**
     * The smallest value of {@code a·x' + bias} over the set, or a sound lower bound of it: exact over the box
     * for L∞; for L2 and L1 the larger of the box bound and the dual-norm bound of the ball
     * {@code a·x − ε‖a‖_q} (both are valid lower bounds, so their maximum is one too).
     *
     * @param a N×S×… linear coefficients over the input (the trailing axes are x's per-sample axes)
     * @param b this set's {@link #box()}
     * @return N×S lower bounds, without the bias
     */
    NDArray concretizeLower(NDArray a, Interval b) {
        long n = a.getShape().get(0);
        long s = a.getShape().get(1);
        NDArray flat = a.reshape(n, s, -1);
        NDArray c = b.centre().reshape(n, -1, 1);
        NDArray r = b.radius().reshape(n, -1, 1);
        NDArray boxLower = flat.matMul(c).sub(flat.abs().matMul(r)).reshape(n, s);
        if (norm == Norm.LINF) return boxLower;
        NDArray centre = flat.matMul(x.reshape(n, -1, 1)).reshape(n, s);
        NDArray dual = norm == Norm.L2 ? flat.square().sum(new int[] {2}).sqrt() : flat.abs().max(new int[] {2});
        return boxLower.maximum(centre.sub(Scalars.mul(dual, (float) eps)));
    }

    /** The same set for points [from, to) of the batch. */
    InputSet slice(int from, int to) {
        return new InputSet(x.get(from + ":" + to), norm, eps);
    }
}
