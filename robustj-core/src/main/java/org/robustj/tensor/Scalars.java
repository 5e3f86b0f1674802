package org.robustj.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.function.BinaryOperator;

/**
 * Arithmetic of an array with a number that is safe to differentiate: use these instead of DJL's
 * {@code NDArray.mul(Number)}, {@code div(Number)}, {@code maximum(Number)} … in any computation a backward pass
 * may go through (training losses, certified bounds).
 *
 * <p>Why: DJL 0.35.1's PyTorch engine turns the number into a 0-d tensor over a Java direct buffer
 * ({@code torch::from_blob}, memory libtorch does not own), runs the operation and closes that tensor at once.
 * Autograd keeps its own reference to the scalar for the backward pass (e.g. {@code a / 2} saves the 2), but the
 * buffer is freed whenever the garbage collector gets to it. A backward pass after a collection then reads freed
 * memory: gradients that are usually right and occasionally garbage or NaN, depending on GC timing, so a seeded
 * run is not reproducible (IBP training went "loss NaN" at different steps from the same checkpoint). The scalar
 * here is made by libtorch ({@code torch::full}), so the saved reference keeps it alive; the values are the same
 * as DJL's (a 0-d tensor of the array's type holding the float value).
 */
public final class Scalars {
    private Scalars() {}

    /** A 0-d tensor of {@code a}'s type and manager holding {@code (float) v}, in memory libtorch owns. */
    public static NDArray of(NDArray a, double v) {
        return a.getManager().full(new Shape(), (float) v, a.getDataType());
    }

    /** {@code a · v}. */
    public static NDArray mul(NDArray a, double v) {
        return with(a, v, NDArray::mul);
    }

    /** {@code a / v}. */
    public static NDArray div(NDArray a, double v) {
        return with(a, v, NDArray::div);
    }

    /** {@code a + v}. */
    public static NDArray add(NDArray a, double v) {
        return with(a, v, NDArray::add);
    }

    /** {@code a − v}. */
    public static NDArray sub(NDArray a, double v) {
        return with(a, v, NDArray::sub);
    }

    /** {@code max(a, v)} element-wise. */
    public static NDArray maximum(NDArray a, double v) {
        return with(a, v, NDArray::maximum);
    }

    /** {@code min(a, v)} element-wise. */
    public static NDArray minimum(NDArray a, double v) {
        return with(a, v, NDArray::minimum);
    }

    /** {@code op(a, s)} with s = {@link #of}(a, v), closed afterwards (autograd keeps its own reference). */
    private static NDArray with(NDArray a, double v, BinaryOperator<NDArray> op) {
        try (NDArray s = of(a, v)) {
            return op.apply(a, s);
        }
    }
}
