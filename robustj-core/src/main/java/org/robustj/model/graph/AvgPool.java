package org.robustj.model.graph;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * 2-D average pooling on N×C×H×W, floor output size; padded cells are not counted in the average
 * (ONNX's default {@code count_include_pad = 0}) unless {@code countIncludePad}.
 */
public record AvgPool(int[] kernel, int[] stride, int[] padding, boolean countIncludePad) implements Op {
    public AvgPool {
        Graphs.requirePair(kernel, "kernel");
        Graphs.requirePair(stride, "stride");
        Graphs.requirePair(padding, "padding");
    }

    @Override
    public NDArray forward(List<NDArray> inputs) {
        NDArray x = inputs.get(0);
        // DJL 0.35.1's PyTorch avgPool2d ignores its countIncludePad flag and always counts the padded cells;
        // without them, divide by the fraction of real cells under each window (the same pool over ones)
        NDArray y = pool(x);
        if (countIncludePad || (padding[0] == 0 && padding[1] == 0)) return y;
        Shape s = x.getShape();
        NDArray real = pool(x.getManager().ones(new Shape(1, 1, s.get(2), s.get(3)), x.getDataType()));
        return y.div(real);
    }

    private NDArray pool(NDArray x) {
        return ai.djl.nn.pooling.Pool.avgPool2d(x, new Shape(kernel[0], kernel[1]), new Shape(stride[0], stride[1]),
                new Shape(padding[0], padding[1]), false, true);
    }

    @Override
    public String describe() {
        return "AvgPool k" + kernel[0] + "x" + kernel[1] + " s" + stride[0] + "x" + stride[1];
    }
}
