package org.robustj.certify.bounds;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.robustj.errors.InvalidInputException;
import org.robustj.model.graph.AvgPool;
import org.robustj.model.graph.GlobalAvgPool;
import org.robustj.model.graph.Op;
import org.robustj.tensor.Scalars;

/**
 * Pooling. All three are monotone, so IBP pools both ends. Average pooling is linear with non-negative
 * weights: backward, the coefficients divided by each window's cell count and spread back by a depthwise
 * transposed convolution with a kernel of ones; global average pooling spreads them evenly. Max pooling has no
 * CROWN rule here: CROWN meeting it is an error that suggests IBP.
 */
final class PoolingRule implements BoundRule {

    @Override
    public Interval ibp(Op op, List<Interval> inputs) {
        Interval in = inputs.get(0);
        return new Interval(op.forward(List.of(in.lower())), op.forward(List.of(in.upper())));
    }

    @Override
    public Back backward(Op op, NDArray a, Step step) {
        Shape s = a.getShape();
        long n = s.get(0);
        long rows = s.get(1);
        Shape in = step.inputShapes().get(0);
        Shape out = step.outputShape();
        if (op instanceof GlobalAvgPool) {
            float cells = in.get(1) * in.get(2);
            NDArray spread = Scalars.div(a, cells).broadcast(new Shape(n, rows, in.get(0), in.get(1), in.get(2)));
            return new Back(List.of(spread), null);
        }
        if (!(op instanceof AvgPool pool)) {
            throw new InvalidInputException("CROWN has no bound rule for " + op.describe() + " (node "
                    + step.node() + "): use --method ibp, which bounds max pooling");
        }
        NDManager m = a.getManager();
        long c = in.get(0);
        Shape kernel = new Shape(pool.kernel()[0], pool.kernel()[1]);
        NDArray flat = a.reshape(n * rows, c, out.get(1), out.get(2));
        if (pool.countIncludePad()) {
            flat = Scalars.div(flat, (float) (pool.kernel()[0] * pool.kernel()[1]));
        } else {
            NDArray ones = m.ones(new Shape(1, 1, in.get(1), in.get(2)), a.getDataType());
            NDArray count = ai.djl.nn.convolutional.Conv2d.conv2d(ones,
                    m.ones(new Shape(1, 1, kernel.get(0), kernel.get(1)), a.getDataType()), null,
                    ConvolutionRule.pair(pool.stride()), ConvolutionRule.pair(pool.padding()), new Shape(1, 1), 1)
                    .singletonOrThrow();
            flat = flat.div(count);
        }
        NDArray weight = m.ones(new Shape(c, 1, kernel.get(0), kernel.get(1)), a.getDataType());
        NDArray back = TransposedConvolution.apply(flat, weight, pool.stride(), pool.padding(), new int[] {1, 1},
                (int) c, in.get(1), in.get(2));
        return new Back(List.of(back.reshape(n, rows, c, in.get(1), in.get(2))), null);
    }
}
