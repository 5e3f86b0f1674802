package org.robustj.model.graph;

import ai.djl.ndarray.NDArray;

/**
 * An element-wise step operator (Round, Floor, Ceil, Sign): piecewise constant, so its true gradient is zero
 * almost everywhere and an input quantiser built from one masks the gradients of the whole network. BPDA
 * (Athalye, Carlini &amp; Wagner 2018, arXiv 1802.00420) keeps the forward pass and replaces the backward pass
 * by the identity ("straight-through"): {@link #withStraightThrough} returns that variant, and
 * {@link LayerGraph#straightThrough()} applies it to every step operator of a graph.
 */
public interface StepFunction {

    /** Whether the backward pass is the identity (BPDA) rather than the true, zero, derivative. */
    boolean straightThrough();

    /** The same operator with the straight-through backward pass on or off. */
    Op withStraightThrough(boolean on);

    /**
     * {@code f(x)} with the derivative of the identity when {@code straightThrough}: the value is exactly
     * {@code f(x)} (a detached {@code f(x)} plus {@code x − detach(x)}, which is exactly zero), the gradient
     * with respect to {@code x} is one.
     */
    static NDArray apply(NDArray x, NDArray fx, boolean straightThrough) {
        if (!straightThrough) {
            return fx;
        }
        return fx.stopGradient().add(x.sub(x.stopGradient()));
    }
}
