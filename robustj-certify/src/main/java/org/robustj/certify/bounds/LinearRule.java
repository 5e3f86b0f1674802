package org.robustj.certify.bounds;

import ai.djl.ndarray.NDArray;
import java.util.List;
import org.robustj.model.graph.Linear;
import org.robustj.model.graph.Op;

/**
 * A fully connected layer y = W x + b. IBP in centre–radius form (m' = W m + b, r' = |W| r); backward,
 * {@code a·y = (a W)·x + a·b}.
 */
final class LinearRule implements BoundRule {

    @Override
    public Interval ibp(Op op, List<Interval> inputs) {
        Linear lin = (Linear) op;
        Interval in = inputs.get(0);
        NDArray c = ai.djl.nn.core.Linear.linear(in.centre(), lin.weight(), lin.bias()).singletonOrThrow();
        NDArray r = ai.djl.nn.core.Linear.linear(in.radius(), lin.weight().abs(), null).singletonOrThrow();
        return Interval.ofCentre(c, r);
    }

    @Override
    public Back backward(Op op, NDArray a, Step step) {
        Linear lin = (Linear) op;
        NDArray bias = lin.bias() == null ? null : a.mul(lin.bias()).sum(new int[] {2});
        return new Back(List.of(a.matMul(lin.weight())), bias);
    }
}
