package org.robustj.model.graph;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/** 2-D max pooling on N×C×H×W, floor output size, padding with −∞. */
public record MaxPool(int[] kernel, int[] stride, int[] padding) implements Op {
    public MaxPool {
        Graphs.requirePair(kernel, "kernel");
        Graphs.requirePair(stride, "stride");
        Graphs.requirePair(padding, "padding");
    }

    @Override
    public NDArray forward(List<NDArray> inputs) {
        return ai.djl.nn.pooling.Pool.maxPool2d(inputs.get(0), new Shape(kernel[0], kernel[1]),
                new Shape(stride[0], stride[1]), new Shape(padding[0], padding[1]), false);
    }

    @Override
    public String describe() {
        return "MaxPool k" + kernel[0] + "x" + kernel[1] + " s" + stride[0] + "x" + stride[1];
    }
}
