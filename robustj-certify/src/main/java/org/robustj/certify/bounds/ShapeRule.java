package org.robustj.certify.bounds;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.robustj.model.graph.Op;

/** Flatten: a reshape; IBP reshapes both ends, backward reshapes the coefficients to the input's shape. */
final class ShapeRule implements BoundRule {

    @Override
    public Interval ibp(Op op, List<Interval> inputs) {
        Interval in = inputs.get(0);
        return new Interval(op.forward(List.of(in.lower())), op.forward(List.of(in.upper())));
    }

    @Override
    public Back backward(Op op, NDArray a, Step step) {
        Shape in = step.inputShapes().get(0);
        long[] s = new long[in.dimension() + 2];
        s[0] = a.getShape().get(0);
        s[1] = a.getShape().get(1);
        for (int i = 0; i < in.dimension(); i++) s[i + 2] = in.get(i);
        return new Back(List.of(a.reshape(s)), null);
    }
}
