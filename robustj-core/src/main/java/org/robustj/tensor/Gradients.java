package org.robustj.tensor;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.function.Function;

/**
 * The one place that opens a gradient collector to differentiate with respect to an input. PyTorch
 * allows one collector at a time, so callers never nest these calls; every call uses a fresh leaf
 * copy of the input, so gradients cannot accumulate between calls.
 */
public final class Gradients {
    private Gradients() {}

    /** Per-sample values and their input gradient, detached and owned by the caller's manager. */
    public record ValueAndGradient(NDArray value, NDArray gradient, NDList aux) implements AutoCloseable {
        @Override
        public void close() {
            value.close();
            gradient.close();
            aux.close();
        }
    }

    /**
     * Evaluates {@code f(x)} and the gradient of the sum of its first output with respect to {@code x}.
     *
     * @param x input, N×…; not modified
     * @param f maps a leaf copy of {@code x} to an {@link NDList} whose first element holds one value per
     *     sample (summed before backward); further elements (logits, say) are returned detached in
     *     {@link ValueAndGradient#aux()}
     */
    public static ValueAndGradient of(NDArray x, Function<NDArray, NDList> f) {
        NDManager owner = x.getManager();
        try (NDManager scope = owner.newSubManager()) {
            NDArray leaf = x.duplicate();
            leaf.attach(scope);
            leaf.setRequiresGradient(true);
            NDList out;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                out = f.apply(leaf);
                NDArray total = out.get(0).sum();
                gc.backward(total);
            }
            NDArray value = out.get(0).stopGradient().duplicate();
            NDArray grad = leaf.getGradient().duplicate();
            NDList aux = new NDList();
            for (int i = 1; i < out.size(); i++) {
                aux.add(out.get(i).stopGradient().duplicate());
            }
            value.attach(owner);
            grad.attach(owner);
            aux.attach(owner);
            return new ValueAndGradient(value, grad, aux);
        }
    }
}
