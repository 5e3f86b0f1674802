package org.robustj.attack.gradient;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * Small per-sample helpers shared by the gradient attacks: selecting the rows of a batch that are still
 * robust (on Java arrays, once per restart), broadcasting a per-sample mask or scalar over N×… inputs and
 * choosing rows with a mask. Not an algorithm; package-private.
 */
final class Rows {
    private Rows() {}

    /** Indices i with {@code flags[i] == value}. */
    static int[] where(boolean[] flags, boolean value) {
        int c = 0;
        for (boolean f : flags) if (f == value) c++;
        int[] r = new int[c];
        int j = 0;
        for (int i = 0; i < flags.length; i++) if (flags[i] == value) r[j++] = i;
        return r;
    }

    /** The rows {@code idx} of a row-major N×d array. */
    static float[] select(float[] all, int d, int[] idx) {
        float[] r = new float[idx.length * d];
        for (int k = 0; k < idx.length; k++) System.arraycopy(all, idx[k] * d, r, k * d, d);
        return r;
    }

    /** Writes row {@code k} of {@code rows} into row {@code idx[k]} of {@code all}, for every k with {@code which[k]}. */
    static void scatter(float[] all, int d, int[] idx, float[] rows, boolean[] which) {
        for (int k = 0; k < idx.length; k++) {
            if (which[k]) System.arraycopy(rows, k * d, all, idx[k] * d, d);
        }
    }

    /** The elements {@code idx} of {@code a}. */
    static int[] select(int[] a, int[] idx) {
        int[] r = new int[idx.length];
        for (int k = 0; k < idx.length; k++) r[k] = a[idx[k]];
        return r;
    }

    /** Labels or targets as an int64 tensor. */
    static NDArray longs(NDManager m, int[] a) {
        long[] l = new long[a.length];
        for (int i = 0; i < a.length; i++) l[i] = a[i];
        return m.create(l);
    }

    /** Shape (n, 1, …, 1) with as many dimensions as {@code like}, to broadcast per-sample values. */
    static Shape perSample(Shape like) {
        long[] s = new long[like.dimension()];
        Arrays.fill(s, 1);
        s[0] = like.get(0);
        return new Shape(s);
    }

    /** Per-sample values (length n) as an n×1×…×1 float tensor broadcastable over {@code like}. */
    static NDArray perSample(NDManager m, double[] v, Shape like) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
        return m.create(f, perSample(like));
    }

    /** Row-wise choice: {@code a} where the per-sample boolean {@code mask} (shape n) holds, else {@code b}. */
    static NDArray choose(NDArray mask, NDArray a, NDArray b) {
        // the engine's where does not broadcast: expand the mask to the full shape first
        try (NDArray m = mask.reshape(perSample(a.getShape())); NDArray full = m.broadcast(a.getShape())) {
            return NDArrays.where(full, a, b);
        }
    }

    /** Number of non-zero entries per row of an N×… array, as Java ints. */
    static int[] nonZeroPerRow(NDArray a) {
        try (NDArray flat = a.reshape(a.getShape().get(0), -1);
                NDArray nz = flat.countNonzero(1);
                NDArray nl = nz.toType(DataType.INT64, false)) {
            long[] c = nl.toLongArray();
            int[] r = new int[c.length];
            for (int i = 0; i < c.length; i++) r[i] = (int) c[i];
            return r;
        }
    }
}
