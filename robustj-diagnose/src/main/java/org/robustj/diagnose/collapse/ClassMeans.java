package org.robustj.diagnose.collapse;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Class means of features, accumulated batch by batch (the reference's "Mean" pass): per class the sum of its
 * features and its count, then μ_c, the count-weighted global mean μ_G = Σ n_c μ_c / N, and the centred means
 * M̃ = [μ_c − μ_G]. Sums are kept in double; a batch's per-class sums are one matrix product in the engine.
 */
public final class ClassMeans {
    private final int classes;
    private final int dim;
    private final double[][] sum;
    private final long[] count;

    /** An empty accumulator for {@code classes} classes of {@code dim}-dimensional features. */
    public ClassMeans(int classes, int dim) {
        this.classes = classes;
        this.dim = dim;
        this.sum = new double[classes][dim];
        this.count = new long[classes];
    }

    /** Adds a batch: {@code h} is B×d (any float type), {@code y} the B labels. */
    public void add(NDArray h, int[] y) {
        int b = y.length;
        NDManager m = h.getManager();
        float[] onehot = new float[classes * b];
        for (int i = 0; i < b; i++) {
            if (y[i] < 0 || y[i] >= classes) {
                throw new IllegalArgumentException("label " + y[i] + " outside 0.." + (classes - 1));
            }
            onehot[y[i] * b + i] = 1;
            count[y[i]]++;
        }
        NDArray oh = m.create(onehot, new Shape(classes, b));
        float[] s = oh.matMul(h.toType(DataType.FLOAT32, false)).toFloatArray();
        for (int c = 0; c < classes; c++) {
            for (int j = 0; j < dim; j++) sum[c][j] += s[c * dim + j];
        }
    }

    /** The means: classes without points get a zero mean, as in the reference. */
    public Means finish() {
        double[][] mu = new double[classes][dim];
        double[] g = new double[dim];
        long n = 0;
        for (int c = 0; c < classes; c++) {
            n += count[c];
            if (count[c] == 0) continue;
            for (int j = 0; j < dim; j++) {
                mu[c][j] = sum[c][j] / count[c];
                g[j] += sum[c][j];
            }
        }
        for (int j = 0; j < dim; j++) g[j] /= Math.max(1, n);
        return new Means(mu, count.clone(), g);
    }

    /**
     * Class means with their counts and the weighted global mean.
     *
     * @param mu C × d class means
     * @param counts points per class
     * @param global the count-weighted global mean μ_G
     */
    public record Means(double[][] mu, long[] counts, double[] global) {
        /** Number of classes C. */
        public int classes() {
            return mu.length;
        }

        /** Feature dimension d. */
        public int dim() {
            return global.length;
        }

        /** Total number of points N. */
        public long n() {
            long n = 0;
            for (long c : counts) n += c;
            return n;
        }

        /** M̃ as C rows of d: μ_c − μ_G. */
        public double[][] centred() {
            double[][] m = new double[mu.length][global.length];
            for (int c = 0; c < mu.length; c++) {
                for (int j = 0; j < global.length; j++) m[c][j] = mu[c][j] - global[j];
            }
            return m;
        }

        /** The means centred by their unweighted average (the reference's simplex comparison). */
        public double[][] centredUnweighted() {
            double[] a = new double[global.length];
            for (double[] r : mu) for (int j = 0; j < a.length; j++) a[j] += r[j] / mu.length;
            double[][] m = new double[mu.length][a.length];
            for (int c = 0; c < mu.length; c++) {
                for (int j = 0; j < a.length; j++) m[c][j] = mu[c][j] - a[j];
            }
            return m;
        }
    }
}
