package org.robustj.certify.bounds;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.robustj.model.graph.Conv2d;
import org.robustj.model.graph.Op;

/**
 * A 2-D convolution. IBP in centre–radius form (the radius through |W|); backward, the transposed
 * convolution of the coefficients (with the output padding that restores the input's size) and, for the
 * bias, the coefficients summed over each output channel.
 */
final class ConvolutionRule implements BoundRule {

    @Override
    public Interval ibp(Op op, List<Interval> inputs) {
        Conv2d conv = (Conv2d) op;
        Interval in = inputs.get(0);
        NDArray c = conv.forward(List.of(in.centre()));
        NDArray r = ai.djl.nn.convolutional.Conv2d.conv2d(in.radius(), conv.weight().abs(), null,
                pair(conv.stride()), pair(conv.padding()), pair(conv.dilation()), conv.groups()).singletonOrThrow();
        return Interval.ofCentre(c, r);
    }

    @Override
    public Back backward(Op op, NDArray a, Step step) {
        Conv2d conv = (Conv2d) op;
        Shape s = a.getShape();
        long n = s.get(0);
        long rows = s.get(1);
        Shape in = step.inputShapes().get(0);
        Shape out = step.outputShape();
        NDArray flat = a.reshape(n * rows, out.get(0), out.get(1), out.get(2));
        NDArray back = TransposedConvolution.apply(flat, conv.weight(), conv.stride(), conv.padding(),
                conv.dilation(), conv.groups(), in.get(1), in.get(2));
        NDArray coefficient = back.reshape(n, rows, in.get(0), in.get(1), in.get(2));
        NDArray bias = conv.bias() == null ? null : a.sum(new int[] {3, 4}).mul(conv.bias()).sum(new int[] {2});
        return new Back(List.of(coefficient), bias);
    }

    static Shape pair(int[] p) {
        return new Shape(p[0], p[1]);
    }
}
