package org.robustj.model.graph;

import ai.djl.ndarray.NDArray;

/** Small checks and broadcasting helpers shared by the operators. */
final class Graphs {
    private Graphs() {}

    static void requireRank(NDArray a, int rank, String what) {
        if (a == null || a.getShape().dimension() != rank) {
            throw new IllegalArgumentException(what + " must have rank " + rank + ", got "
                    + (a == null ? "null" : a.getShape()));
        }
    }

    static void requirePair(int[] p, String what) {
        if (p == null || p.length != 2 || p[0] < 0 || p[1] < 0) {
            throw new IllegalArgumentException(what + " must be two non-negative ints");
        }
    }

    /** A per-channel vector (C) reshaped to broadcast over axis 1 of {@code like} (N×C or N×C×H×W). */
    static NDArray channels(NDArray v, NDArray like) {
        int rank = like.getShape().dimension();
        long[] s = new long[rank];
        java.util.Arrays.fill(s, 1);
        s[1] = v.getShape().size();
        if (rank == 1) return v;
        return v.reshape(s);
    }
}
