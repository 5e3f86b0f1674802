package org.robustj.certify.bounds;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.robustj.model.graph.Op;

/**
 * How one operator family is bounded (auto_LiRPA's {@code Bound} classes): interval propagation forward and,
 * for CROWN, the backward step that rewrites a linear bound on the operator's output as one on its inputs.
 */
interface BoundRule {

    /** Element-wise bounds of the output from bounds of the inputs (IBP). */
    Interval ibp(Op op, List<Interval> inputs);

    /**
     * Given the coefficients {@code a} (N×S×output shape) of a linear lower bound {@code a·y + c} in terms of
     * this operator's output y, returns the coefficients in terms of each input and the constant this step
     * adds (N×S, or {@code null} for none), such that the result is again a lower bound over the set.
     */
    Back backward(Op op, NDArray a, Step step);

    /** What the backward step of a node knows besides its operator. */
    record Step(String node, List<Shape> inputShapes, Shape outputShape, Relaxation relaxation) {}

    /** The coefficients per input (in the node's input order) and the added constant. */
    record Back(List<NDArray> coefficients, NDArray bias) {}

    /** A rule that needs no relaxation: the operator is affine. */
    static NDArray sumTrailing(NDArray a) {
        int rank = a.getShape().dimension();
        if (rank == 2) return a;
        int[] axes = new int[rank - 2];
        for (int i = 0; i < axes.length; i++) axes[i] = i + 2;
        return a.sum(axes);
    }
}
