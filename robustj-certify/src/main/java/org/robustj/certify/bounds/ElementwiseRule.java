package org.robustj.certify.bounds;

import ai.djl.ndarray.NDArray;
import java.util.List;
import org.robustj.model.graph.Op;

/**
 * A rule for a monotone non-decreasing element-wise operator (ReLU, Round, Floor, Clip): IBP applies the
 * operator to both ends, CROWN uses a {@link Relaxation} built from the input's interval.
 */
abstract class ElementwiseRule implements BoundRule {

    @Override
    public final Interval ibp(Op op, List<Interval> inputs) {
        Interval in = inputs.get(0);
        return new Interval(op.forward(List.of(in.lower())), op.forward(List.of(in.upper())));
    }

    @Override
    public final Back backward(Op op, NDArray a, Step step) {
        return step.relaxation().backward(a);
    }

    /** The linear relaxation of the operator over the input interval. */
    abstract Relaxation relax(Op op, Interval in);

    /**
     * Where (boolean, N×…) the relaxation is not exact, so tighter input bounds would help: full CROWN
     * refines the input bounds of these neurons only.
     */
    abstract NDArray inexact(Op op, Interval in);

    /**
     * The derivative of the operator at z (N×…), for the local linearisation of IBP tightness.
     */
    abstract NDArray localSlope(Op op, NDArray z);
}
