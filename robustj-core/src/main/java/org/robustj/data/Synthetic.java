package org.robustj.data;

import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.robustj.threat.Norm;

/**
 * Linearly separable Gaussian classes with a chosen margin, for tests and theory. Class k has mean
 * 0.5 + r·u_k for orthonormal directions u_k; a sample is kept only when the nearest-mean rule (a linear
 * classifier) classifies it correctly with L2 distance to its decision boundary of at least {@code margin},
 * so the data set is separable with that margin. Values stay in [0, 1] (clipped samples are rejected).
 */
public final class Synthetic {
    private Synthetic() {}

    /** The data and the linear classifier that separates it: logits = W x + b. */
    public record Separable(Dataset data, float[][] weights, float[] bias, double margin) {}

    /**
     * Draws {@code n} samples in {@code dim} dimensions from {@code classes} Gaussian classes.
     *
     * @param radius distance of each class mean from the centre 0.5·1 (must be at most 0.5)
     * @param sigma per-coordinate standard deviation of the noise
     */
    public static Separable gaussianClasses(int classes, int dim, int n, double radius, double sigma,
            double margin, long seed) {
        if (classes < 2 || dim < classes || n < 1) {
            throw new IllegalArgumentException("need classes >= 2, dim >= classes, n >= 1");
        }
        SplittableRandom rng = new SplittableRandom(seed);
        // orthonormal directions by Gram-Schmidt on Gaussian vectors
        double[][] u = new double[classes][dim];
        for (int k = 0; k < classes; k++) {
            for (int j = 0; j < dim; j++) u[k][j] = Norm.gaussian(rng);
            for (int m = 0; m < k; m++) {
                double dot = 0;
                for (int j = 0; j < dim; j++) dot += u[k][j] * u[m][j];
                for (int j = 0; j < dim; j++) u[k][j] -= dot * u[m][j];
            }
            double nrm = 0;
            for (int j = 0; j < dim; j++) nrm += u[k][j] * u[k][j];
            nrm = Math.sqrt(nrm);
            for (int j = 0; j < dim; j++) u[k][j] /= nrm;
        }
        // nearest-mean classifier: logit_k = mu_k . x - |mu_k|^2 / 2
        float[][] w = new float[classes][dim];
        float[] b = new float[classes];
        double[][] mu = new double[classes][dim];
        for (int k = 0; k < classes; k++) {
            double sq = 0;
            for (int j = 0; j < dim; j++) {
                mu[k][j] = 0.5 + radius * u[k][j];
                w[k][j] = (float) mu[k][j];
                sq += mu[k][j] * mu[k][j];
            }
            b[k] = (float) (-sq / 2);
        }
        float[] xs = new float[n * dim];
        int[] ys = new int[n];
        double[] x = new double[dim];
        int made = 0;
        long tries = 0;
        while (made < n) {
            if (++tries > 1000L * n + 100000) {
                throw new IllegalArgumentException("margin " + margin + " too large for radius " + radius
                        + " and sigma " + sigma + ": cannot draw samples");
            }
            int y = made % classes;
            boolean inside = true;
            for (int j = 0; j < dim; j++) {
                x[j] = mu[y][j] + sigma * Norm.gaussian(rng);
                inside &= x[j] >= 0 && x[j] <= 1;
            }
            if (!inside || distanceToBoundary(w, b, x, y) < margin) {
                continue;
            }
            for (int j = 0; j < dim; j++) xs[made * dim + j] = (float) x[j];
            ys[made] = y;
            made++;
        }
        List<String> names = new ArrayList<>();
        for (int k = 0; k < classes; k++) names.add("class " + k);
        Dataset data = Dataset.ofFloats("synthetic-" + classes + "x" + dim, "seed" + seed, new Shape(dim), xs, ys,
                names, List.of());
        return new Separable(data, w, b, margin);
    }

    /** Smallest L2 distance from x to a boundary between class y and another class (negative if wrong). */
    static double distanceToBoundary(float[][] w, float[] b, double[] x, int y) {
        double best = Double.POSITIVE_INFINITY;
        for (int k = 0; k < w.length; k++) {
            if (k == y) continue;
            double m = b[y] - b[k];
            double nrm = 0;
            for (int j = 0; j < x.length; j++) {
                double dw = w[y][j] - w[k][j];
                m += dw * x[j];
                nrm += dw * dw;
            }
            best = Math.min(best, m / Math.sqrt(nrm));
        }
        return best;
    }
}
