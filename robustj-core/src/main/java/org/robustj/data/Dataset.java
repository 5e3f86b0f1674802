package org.robustj.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.robustj.errors.InvalidInputException;
import org.robustj.provenance.FileHash;

/**
 * An in-memory labelled image (or vector) set with values in [0, 1], plus the hashes of the files it
 * came from. Pixels are kept as bytes when they came from bytes (a quarter of the memory) and turned
 * into float tensors one batch at a time.
 */
public final class Dataset {
    private final String name;
    private final String split;
    private final Shape sampleShape;
    private final byte[] bytes;
    private final float[] floats;
    private final int[] labels;
    private final List<String> classNames;
    private final List<FileHash> files;
    private final int sampleSize;

    private Dataset(String name, String split, Shape sampleShape, byte[] bytes, float[] floats, int[] labels,
            List<String> classNames, List<FileHash> files) {
        this.name = name;
        this.split = split;
        this.sampleShape = sampleShape;
        this.bytes = bytes;
        this.floats = floats;
        this.labels = labels;
        this.classNames = List.copyOf(classNames);
        this.files = List.copyOf(files);
        this.sampleSize = (int) sampleShape.size();
        int stored = bytes != null ? bytes.length : floats.length;
        if ((long) labels.length * sampleSize != stored) {
            throw new IllegalArgumentException(
                    "dataset " + name + ": " + labels.length + " labels but " + stored + " values for samples of "
                            + sampleShape);
        }
        for (int y : labels) {
            if (y < 0 || y >= classNames.size()) {
                throw new InvalidInputException(
                        "dataset " + name + ": label " + y + " outside 0.." + (classNames.size() - 1));
            }
        }
    }

    /** A data set of 8-bit pixels, scaled by 1/255 when batched. */
    public static Dataset ofBytes(String name, String split, Shape sampleShape, byte[] pixels, int[] labels,
            List<String> classNames, List<FileHash> files) {
        return new Dataset(name, split, sampleShape, pixels, null, labels, classNames, files);
    }

    /** A data set of float features already in [0, 1]. */
    public static Dataset ofFloats(String name, String split, Shape sampleShape, float[] values, int[] labels,
            List<String> classNames, List<FileHash> files) {
        return new Dataset(name, split, sampleShape, null, values, labels, classNames, files);
    }

    public String name() {
        return name;
    }

    public String split() {
        return split;
    }

    /** Shape of one sample, e.g. (1, 28, 28) or (D). */
    public Shape sampleShape() {
        return sampleShape;
    }

    public int size() {
        return labels.length;
    }

    public int numClasses() {
        return classNames.size();
    }

    public List<String> classNames() {
        return classNames;
    }

    /** The files this data set was read from, with their SHA-256. */
    public List<FileHash> files() {
        return files;
    }

    public int label(int i) {
        return labels[i];
    }

    /** A copy of all labels. */
    public int[] labels() {
        return labels.clone();
    }

    /** The first {@code n} samples, in file order (RobustBench's convention). */
    public Dataset first(int n) {
        if (n < 1 || n > size()) {
            throw new InvalidInputException(
                    "n must be between 1 and " + size() + " for " + name + " " + split + ", got " + n);
        }
        int[] idx = new int[n];
        Arrays.setAll(idx, i -> i);
        return subset(idx);
    }

    /** The samples at the given indices, in that order. */
    public Dataset subset(int[] indices) {
        int[] ys = new int[indices.length];
        if (bytes != null) {
            byte[] out = new byte[indices.length * sampleSize];
            for (int k = 0; k < indices.length; k++) {
                System.arraycopy(bytes, indices[k] * sampleSize, out, k * sampleSize, sampleSize);
                ys[k] = labels[indices[k]];
            }
            return new Dataset(name, split, sampleShape, out, null, ys, classNames, files);
        }
        float[] out = new float[indices.length * sampleSize];
        for (int k = 0; k < indices.length; k++) {
            System.arraycopy(floats, indices[k] * sampleSize, out, k * sampleSize, sampleSize);
            ys[k] = labels[indices[k]];
        }
        return new Dataset(name, split, sampleShape, null, out, ys, classNames, files);
    }

    /** A seeded Fisher–Yates permutation of 0..size-1: the same seed gives the same order everywhere. */
    public int[] shuffledIndices(long seed) {
        int[] idx = new int[size()];
        Arrays.setAll(idx, i -> i);
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = idx.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        return idx;
    }

    /** Values of the given samples as floats in [0, 1], laid out N×sample. */
    public float[] values(int[] indices) {
        float[] out = new float[indices.length * sampleSize];
        for (int k = 0; k < indices.length; k++) {
            int src = indices[k] * sampleSize;
            int dst = k * sampleSize;
            if (bytes != null) {
                for (int j = 0; j < sampleSize; j++) {
                    out[dst + j] = (bytes[src + j] & 0xFF) / 255f;
                }
            } else {
                System.arraycopy(floats, src, out, dst, sampleSize);
            }
        }
        return out;
    }

    /** The given samples as a float tensor N×sampleShape in the manager. */
    public NDArray batch(NDManager manager, int[] indices) {
        return manager.create(values(indices), batchShape(indices.length));
    }

    /** The given samples' labels as an int64 tensor (N). */
    public NDArray batchLabels(NDManager manager, int[] indices) {
        long[] ys = new long[indices.length];
        for (int k = 0; k < indices.length; k++) {
            ys[k] = labels[indices[k]];
        }
        return manager.create(ys);
    }

    /** N followed by the sample shape. */
    public Shape batchShape(int n) {
        List<Long> dims = new ArrayList<>();
        dims.add((long) n);
        for (long d : sampleShape.getShape()) {
            dims.add(d);
        }
        return new Shape(dims.stream().mapToLong(Long::longValue).toArray());
    }

    /** Consecutive index ranges [0,b), [b,2b), … covering {@code indices}. */
    public static List<int[]> batches(int[] indices, int batchSize) {
        List<int[]> out = new ArrayList<>();
        for (int s = 0; s < indices.length; s += batchSize) {
            out.add(Arrays.copyOfRange(indices, s, Math.min(indices.length, s + batchSize)));
        }
        return out;
    }

    /** All indices 0..size-1 in order. */
    public int[] allIndices() {
        int[] idx = new int[size()];
        Arrays.setAll(idx, i -> i);
        return idx;
    }

    @Override
    public String toString() {
        return name + "/" + split + " (" + size() + " × " + sampleShape + ", " + numClasses() + " classes)";
    }
}
