package org.robustj.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/** Inputs N×… in the threat model's box and their true labels. */
public record LabeledBatch(NDArray x, int[] labels) {
    public LabeledBatch {
        if (x.getShape().get(0) != labels.length) {
            throw new IllegalArgumentException(
                    "batch has " + x.getShape().get(0) + " inputs but " + labels.length + " labels");
        }
    }

    /** Batch size. */
    public int size() {
        return labels.length;
    }

    /** The labels as an int64 tensor in the given manager. */
    public NDArray labelArray(NDManager manager) {
        long[] l = new long[labels.length];
        for (int i = 0; i < l.length; i++) l[i] = labels[i];
        return manager.create(l);
    }
}
