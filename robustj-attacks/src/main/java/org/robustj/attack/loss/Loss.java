package org.robustj.attack.loss;

import ai.djl.ndarray.NDArray;

/** A per-sample objective that attacks maximise: (logits N×K, labels N as int64) → N values. */
@FunctionalInterface
public interface Loss {
    NDArray apply(NDArray logits, NDArray labels);
}
