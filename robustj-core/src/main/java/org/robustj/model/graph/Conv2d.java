package org.robustj.model.graph;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * A 2-D convolution on N×C×H×W inputs (cross-correlation, as in PyTorch and ONNX), zero padding
 * symmetric per axis.
 *
 * @param weight out×(in/groups)×kh×kw
 * @param bias out, or {@code null} for none
 * @param stride (sh, sw)
 * @param padding (ph, pw)
 * @param dilation (dh, dw)
 * @param groups channel groups (1 for a dense convolution)
 */
public record Conv2d(NDArray weight, NDArray bias, int[] stride, int[] padding, int[] dilation, int groups)
        implements Op {
    public Conv2d {
        Graphs.requireRank(weight, 4, "Conv2d weight");
        if (bias != null) Graphs.requireRank(bias, 1, "Conv2d bias");
        Graphs.requirePair(stride, "stride");
        Graphs.requirePair(padding, "padding");
        Graphs.requirePair(dilation, "dilation");
        if (groups < 1) throw new IllegalArgumentException("groups must be ≥ 1, got " + groups);
    }

    /** A dense, undilated convolution. */
    public Conv2d(NDArray weight, NDArray bias, int[] stride, int[] padding) {
        this(weight, bias, stride, padding, new int[] {1, 1}, 1);
    }

    /** Output channels. */
    public long outChannels() {
        return weight.getShape().get(0);
    }

    /** Kernel height and width. */
    public int[] kernel() {
        return new int[] {(int) weight.getShape().get(2), (int) weight.getShape().get(3)};
    }

    @Override
    public NDArray forward(List<NDArray> inputs) {
        return ai.djl.nn.convolutional.Conv2d.conv2d(inputs.get(0), weight, bias, shape(stride), shape(padding),
                shape(dilation), groups).singletonOrThrow();
    }

    private static Shape shape(int[] p) {
        return new Shape(p[0], p[1]);
    }

    @Override
    public String describe() {
        int[] k = kernel();
        return "Conv2d " + weight.getShape().get(1) * groups + "→" + outChannels() + " k" + k[0] + "x" + k[1]
                + " s" + stride[0] + "x" + stride[1] + " p" + padding[0] + "x" + padding[1]
                + (groups == 1 ? "" : " g" + groups);
    }
}
