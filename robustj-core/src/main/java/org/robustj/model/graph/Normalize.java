package org.robustj.model.graph;

import ai.djl.ndarray.NDArray;
import java.util.Arrays;
import java.util.List;

/**
 * Input normalisation {@code (x − mean) / std} per channel (axis 1); one value applies to every channel.
 *
 * @param mean 1 or C values
 * @param std 1 or C values, all non-zero
 */
public record Normalize(float[] mean, float[] std) implements Op {
    public Normalize {
        if (mean.length == 0 || std.length == 0) throw new IllegalArgumentException("empty mean or std");
        for (float s : std) {
            if (s == 0 || !Float.isFinite(s)) throw new IllegalArgumentException("std must be finite, non-zero");
        }
        mean = mean.clone();
        std = std.clone();
    }

    @Override
    public NDArray forward(List<NDArray> inputs) {
        NDArray x = inputs.get(0);
        NDArray mu = Graphs.channels(x.getManager().create(mean).duplicate(), x);
        NDArray sd = Graphs.channels(x.getManager().create(std).duplicate(), x);
        return x.sub(mu).div(sd);
    }

    @Override
    public String describe() {
        return "Normalize mean " + Arrays.toString(mean) + " std " + Arrays.toString(std);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Normalize n && Arrays.equals(mean, n.mean) && Arrays.equals(std, n.std);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return describe();
    }
}
