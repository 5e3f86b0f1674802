package org.robustj.certify.bounds;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.robustj.tensor.Engines;

/**
 * The backward step of a convolution: libtorch's transposed convolution ({@link TransposedConvolution#apply})
 * is the adjoint of the forward convolution, ⟨conv(x), a⟩ = ⟨x, convᵀ(a)⟩, and equals the spread-and-convolve
 * form ({@link TransposedConvolution#bySpreading}) for every stride, padding, dilation, group count and odd
 * size (where the forward convolution's floor division drops rows).
 */
class TransposedConvolutionTest {
    static {
        Engines.pytorch();
    }

    @Property(tries = 60, seed = "31")
    void isTheAdjointOfTheConvolutionAndMatchesTheSpreadForm(@ForAll @IntRange(min = 0, max = 100000) int seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int groups = 1 + r.nextInt(2);
        int ci = groups * (1 + r.nextInt(2));
        int co = groups * (1 + r.nextInt(3));
        int k = 1 + r.nextInt(4);
        int[] stride = {1 + r.nextInt(3), 1 + r.nextInt(3)};
        int[] padding = {r.nextInt(Math.min(k, 3)), r.nextInt(Math.min(k, 3))};
        int[] dilation = {1 + r.nextInt(2), 1 + r.nextInt(2)};
        // at least the dilated kernel (7), odd and even sizes
        int h = 7 + r.nextInt(5);
        int w = 7 + r.nextInt(5);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = TestGraphs.uniform(m, r, -1, 1, new Shape(2, ci, h, w)).toType(DataType.FLOAT64, false);
            NDArray weight = TestGraphs.uniform(m, r, -1, 1, new Shape(co, ci / groups, k, k))
                    .toType(DataType.FLOAT64, false);
            NDArray y = ai.djl.nn.convolutional.Conv2d.conv2d(x, weight, null, new Shape(stride[0], stride[1]),
                    new Shape(padding[0], padding[1]), new Shape(dilation[0], dilation[1]), groups)
                    .singletonOrThrow();
            NDArray a = TestGraphs.uniform(m, r, -1, 1, y.getShape()).toType(DataType.FLOAT64, false);
            NDArray back = TransposedConvolution.apply(a, weight, stride, padding, dilation, groups, h, w);
            assertEquals(x.getShape(), back.getShape());
            double lhs = y.mul(a).sum().getDouble();
            double rhs = x.mul(back).sum().getDouble();
            assertEquals(lhs, rhs, 1e-9 * (1 + Math.abs(lhs)), "adjoint identity");
            NDArray spread = TransposedConvolution.bySpreading(a, weight, stride, padding, dilation, groups, h, w);
            assertArrayEquals(spread.toDoubleArray(), back.toDoubleArray(), 1e-9);
        }
    }
}
