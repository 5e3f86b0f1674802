package org.robustj.model;

import ai.djl.ndarray.NDArray;

/**
 * Logits whose every row does not depend on the batch it is computed in: the batch is padded to a multiple of
 * {@link #BLOCK} rows (detached copies of its first row, whose outputs are dropped) before the model runs.
 *
 * <p>Why: libtorch's matrix products (the linear layers, and their input gradients) pick their kernels by the
 * number of rows, and a row of a batch of 1 to 3 rows, or of a small batch split over two threads, comes out
 * up to a few ulp different from the same row in a larger batch (measured by {@code BatchInvarianceTest} on the
 * bundled CNNs). Those ulps change an attack's iterates, so a point's result would depend on how many other
 * points share its batch. With every product at a multiple of {@link #BLOCK} rows, each row's logits and input
 * gradient are bit-identical in any batch, on one or two threads. Gradients flow to the real rows only.
 */
public final class RowInvariant {
    /** Rows per block: batches are padded up to a multiple of it. */
    public static final int BLOCK = 16;

    private RowInvariant() {}

    /** {@code model.logits(x)} computed on {@code x} padded to a multiple of {@link #BLOCK} rows (N×K, N = x's rows). */
    public static NDArray logits(Classifier model, NDArray x) {
        long n = x.getShape().get(0);
        long padded = (n + BLOCK - 1) / BLOCK * BLOCK;
        if (n == 0 || padded == n) {
            return model.logits(x);
        }
        NDArray pad = x.get("0:1").stopGradient().repeat(0, padded - n);
        NDArray z = model.logits(x.concat(pad, 0));
        return z.get("0:" + n);
    }

    /**
     * {@link #logits(Classifier, NDArray)} of a {@link ModelCapability#RANDOMIZED} model with the draw keys
     * {@code draws} (one per row of {@code x}); the padding rows reuse the first row's key.
     */
    public static NDArray logits(Classifier model, NDArray x, long[] draws) {
        long n = x.getShape().get(0);
        long padded = (n + BLOCK - 1) / BLOCK * BLOCK;
        if (n == 0 || padded == n) {
            return model.logits(x, draws);
        }
        long[] keys = java.util.Arrays.copyOf(draws, (int) padded);
        java.util.Arrays.fill(keys, (int) n, (int) padded, draws[0]);
        NDArray pad = x.get("0:1").stopGradient().repeat(0, padded - n);
        NDArray z = model.logits(x.concat(pad, 0), keys);
        return z.get("0:" + n);
    }
}
