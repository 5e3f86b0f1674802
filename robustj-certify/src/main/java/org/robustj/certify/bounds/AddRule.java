package org.robustj.certify.bounds;

import ai.djl.ndarray.NDArray;
import java.util.List;
import org.robustj.model.graph.Op;

/** A residual Add: intervals add; backward, the same coefficients go down both branches. */
final class AddRule implements BoundRule {

    @Override
    public Interval ibp(Op op, List<Interval> inputs) {
        Interval a = inputs.get(0);
        Interval b = inputs.get(1);
        return new Interval(a.lower().add(b.lower()), a.upper().add(b.upper()));
    }

    @Override
    public Back backward(Op op, NDArray a, Step step) {
        return new Back(List.of(a, a), null);
    }
}
