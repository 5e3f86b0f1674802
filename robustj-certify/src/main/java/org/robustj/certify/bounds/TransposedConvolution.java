package org.robustj.certify.bounds;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import org.robustj.tensor.ConvolutionAdjoint;

/**
 * The adjoint of a 2-D convolution (PyTorch's {@code conv_transpose2d}): libtorch's own transposed convolution
 * ({@link ConvolutionAdjoint}) with the output padding that restores the forward input's size. {@link #bySpreading}
 * is the same map written as an ordinary convolution (the coefficients spread with stride−1 zeros between
 * them, padded, and convolved with the flipped kernel whose in/out channels are swapped per group): s² times
 * the work at stride s, kept as the independent check of the first in the tests. Both are differentiable.
 */
final class TransposedConvolution {
    private TransposedConvolution() {}

    /**
     * @param a B×Co×Ho×Wo
     * @param weight Co×(Ci/groups)×kh×kw, the forward convolution's weight
     * @param inH the forward input's height
     * @param inW the forward input's width
     * @return B×Ci×inH×inW, such that ⟨conv(x), a⟩ = ⟨x, result⟩
     */
    static NDArray apply(NDArray a, NDArray weight, int[] stride, int[] padding, int[] dilation, int groups,
            long inH, long inW) {
        long[] in = {inH, inW};
        int[] outputPadding = new int[2];
        for (int i = 0; i < 2; i++) {
            long k = weight.getShape().get(2 + i);
            long natural = (a.getShape().get(2 + i) - 1) * stride[i] - 2L * padding[i] + (long) dilation[i] * (k - 1)
                    + 1;
            long extra = in[i] - natural;
            // libtorch allows an output padding below the stride or the dilation only
            if (extra < 0 || extra >= Math.max(stride[i], dilation[i])) {
                return bySpreading(a, weight, stride, padding, dilation, groups, inH, inW);
            }
            outputPadding[i] = (int) extra;
        }
        return ConvolutionAdjoint.apply(a, weight, stride, padding, outputPadding, dilation, groups);
    }

    /** The same map as {@link #apply}, as an ordinary convolution over the spread coefficients. */
    static NDArray bySpreading(NDArray a, NDArray weight, int[] stride, int[] padding, int[] dilation, int groups,
            long inH, long inW) {
        long co = weight.getShape().get(0);
        long ciPerGroup = weight.getShape().get(1);
        long kh = weight.getShape().get(2);
        long kw = weight.getShape().get(3);
        NDArray w = weight.reshape(groups, co / groups, ciPerGroup, kh, kw).transpose(0, 2, 1, 3, 4)
                .reshape(groups * ciPerGroup, co / groups, kh, kw).flip(2, 3);
        NDArray u = spread(a, 2, stride[0]);
        u = spread(u, 3, stride[1]);
        long[] k = {kh, kw};
        long[] in = {inH, inW};
        long[] pad = new long[2];
        long[] crop = new long[2];
        for (int i = 0; i < 2; i++) {
            long extent = (long) dilation[i] * (k[i] - 1);
            long p = extent - padding[i];
            pad[i] = Math.max(p, 0);
            crop[i] = Math.max(-p, 0);
            // output padding: the rows the forward convolution's floor division dropped, appended at the end
            long natural = u.getShape().get(2 + i) + 2 * p - extent;
            long extra = in[i] - natural;
            if (extra > 0) u = appendZeros(u, 2 + i, extra);
        }
        NDArray out = Conv2d.conv2d(u, w, null, new Shape(1, 1), new Shape(pad[0], pad[1]),
                new Shape(dilation[0], dilation[1]), groups).singletonOrThrow();
        if (crop[0] > 0 || crop[1] > 0) {
            out = out.get(":, :, " + crop[0] + ":" + (crop[0] + inH) + ", " + crop[1] + ":" + (crop[1] + inW));
        }
        return out;
    }

    /** Inserts s − 1 zeros between consecutive entries along {@code axis} (2 or 3) of a rank-4 array. */
    private static NDArray spread(NDArray a, int axis, int s) {
        if (s == 1) return a;
        Shape sh = a.getShape();
        long len = sh.get(axis);
        NDArray e = a.expandDims(axis + 1);
        long[] zs = e.getShape().getShape();
        zs[axis + 1] = s - 1;
        NDArray z = a.getManager().zeros(new Shape(zs), a.getDataType());
        long[] target = sh.getShape().clone();
        target[axis] = len * s;
        NDArray u = e.concat(z, axis + 1).reshape(new Shape(target));
        long keep = (len - 1) * s + 1;
        return axis == 2 ? u.get(":, :, 0:" + keep) : u.get(":, :, :, 0:" + keep);
    }

    private static NDArray appendZeros(NDArray a, int axis, long count) {
        long[] zs = a.getShape().getShape().clone();
        zs[axis] = count;
        return a.concat(a.getManager().zeros(new Shape(zs), a.getDataType()), axis);
    }
}
