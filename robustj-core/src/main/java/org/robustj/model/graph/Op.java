package org.robustj.model.graph;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * One operator of a {@link LayerGraph}: what it computes, in plain Java, with its weights. Certifiers,
 * diagnostics, the ONNX importer and exporter reason about a network through these types, never through
 * layer-name strings. Each operator also knows how to run itself on DJL arrays ({@link #forward}), so a
 * graph is executable with input gradients (and weight gradients, when the weight arrays require them).
 *
 * <p>To add an operator: add a record implementing this interface in this package, list it in
 * {@code permits}, and give every switch over {@code Op} (bound rules in robustj-certify, the ONNX mapping
 * in robustj-onnx) a case for it; the compiler finds them all.
 */
public sealed interface Op
        permits Linear, Conv2d, Relu, BatchNorm, Normalize, Flatten, AvgPool, MaxPool, GlobalAvgPool, Add,
                ScalarAffine, Round, Floor, Ceil, Sign, Clip {

    /** Number of inputs the operator takes (1 for all but {@link Add}). */
    default int arity() {
        return 1;
    }

    /** Runs the operator on a batch; inputs and output carry the batch as their first axis. */
    NDArray forward(List<NDArray> inputs);

    /** A short human description, e.g. {@code Conv2d 1→32 k5 s1 p2}. */
    String describe();
}
