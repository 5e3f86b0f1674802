package org.robustj.attack.gradient;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * The sparse steepest-ascent step used for L1 by APGD-L1 (Croce &amp; Hein 2021, arXiv 2103.01208) and by
 * PGD: keep only the coordinates whose |gradient| reaches the value at a given position of the sorted
 * |gradient| (roughly the top-k), take their signs and divide by their count so the direction has unit
 * L1 norm. A dense g/||g||₁ step spreads the budget over every coordinate and is needlessly weak for L1.
 */
final class L1Steps {
    private L1Steps() {}

    /**
     * The sparse unit-L1 direction of {@code g} (N×…).
     *
     * @param sortedPosition per-sample position in the ascending sort of |g| (int64, shape N×1) whose
     *     value is the threshold; coordinates with |g| at least that value are kept
     */
    static NDArray sparseSign(NDArray g, NDArray sortedPosition) {
        Shape shape = g.getShape();
        NDArray flat = g.reshape(shape.get(0), -1);
        NDArray abs = flat.abs();
        NDArray threshold = abs.sort(1).gather(sortedPosition, 1);
        NDArray keep = abs.gte(threshold).toType(DataType.FLOAT32, false);
        NDArray signs = flat.mul(keep).sign();
        NDArray count = signs.abs().sum(new int[] {1}, true).add(1e-10f);
        return signs.div(count).reshape(shape);
    }

    /** AutoAttack's position of the top-{@code fraction} threshold among {@code features} sorted values. */
    static long position(double fraction, int features) {
        double p = (1.0 - fraction) * features;
        return (long) Math.min(Math.max(p, 0), features - 1);
    }
}
