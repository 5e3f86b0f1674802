package org.robustj.certify.bounds;

/**
 * Tuning of the CROWN backward pass.
 *
 * @param maxElements the largest coefficient array (elements) one backward chunk may create: the rows of a
 *     specification (or of the intermediate neurons being refined) are split so that rows × batch × the
 *     largest layer stays below it (a convolution's backward step counts its unfolded, im2col size), which bounds memory on
 *     CIFAR-sized networks
 */
public record BoundOptions(long maxElements) {
    public BoundOptions {
        if (maxElements < 1) throw new IllegalArgumentException("maxElements must be ≥ 1, got " + maxElements);
    }

    /** 2²⁴ elements (64 MiB of float32) per chunk. */
    public static BoundOptions defaults() {
        return new BoundOptions(1L << 24);
    }
}
