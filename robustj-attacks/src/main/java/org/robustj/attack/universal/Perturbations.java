package org.robustj.attack.universal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.robustj.data.Dataset;
import org.robustj.errors.InvalidInputException;
import org.robustj.model.Classifier;
import org.robustj.model.RowInvariant;
import org.robustj.threat.Norm;
import org.robustj.threat.ThreatModel;

/**
 * The arithmetic every universal method shares, on plain float arrays (one input's values, channel-major):
 * the exact projection onto the Lp ball of radius ε around 0 (L∞, L2, L1), x + v clipped to the box, batched
 * predictions with and without v, and the fooling rate (the fraction of points whose prediction v changes,
 * Moosavi-Dezfooli et al.'s definition; the true label plays no part).
 */
public final class Perturbations {
    /** Points per forward pass when predicting. */
    public static final int BATCH = 500;

    private Perturbations() {}

    /**
     * v projected onto {‖v‖_p ≤ ε} (a new array): coordinate clipping for L∞, rescaling by min(1, ε/‖v‖) for L2
     * (the paper's projection; the reference code's commented-out line always rescales to ε), and the
     * soft-thresholding of Duchi et al. (2008) for L1.
     */
    public static float[] project(float[] v, Norm norm, double eps) {
        float[] out = v.clone();
        switch (norm) {
            case LINF -> {
                for (int i = 0; i < out.length; i++) out[i] = (float) Math.max(-eps, Math.min(eps, out[i]));
            }
            case L2 -> {
                double n = norm(v, Norm.L2);
                if (n > eps) {
                    double f = eps / n;
                    for (int i = 0; i < out.length; i++) out[i] = (float) (v[i] * f);
                }
            }
            case L1 -> {
                if (norm(v, Norm.L1) > eps) {
                    double[] u = new double[v.length];
                    for (int i = 0; i < u.length; i++) u[i] = Math.abs(v[i]);
                    Arrays.sort(u);
                    double sum = 0;
                    double theta = 0;
                    for (int j = 1; j <= u.length; j++) {
                        double uj = u[u.length - j];
                        sum += uj;
                        double t = (sum - eps) / j;
                        if (uj - t > 0) theta = t;
                    }
                    for (int i = 0; i < out.length; i++) {
                        out[i] = (float) (Math.signum(v[i]) * Math.max(Math.abs(v[i]) - theta, 0));
                    }
                }
            }
            default -> throw new InvalidInputException("a universal perturbation needs an Lp norm (linf, l2, l1), got "
                    + norm.id());
        }
        return out;
    }

    /** ‖v‖ in an Lp norm, in double precision. */
    public static double norm(float[] v, Norm norm) {
        double s = 0;
        switch (norm) {
            case LINF -> {
                for (float f : v) s = Math.max(s, Math.abs(f));
                return s;
            }
            case L2 -> {
                for (float f : v) s += (double) f * f;
                return Math.sqrt(s);
            }
            case L1 -> {
                for (float f : v) s += Math.abs(f);
                return s;
            }
            default -> throw new IllegalArgumentException(norm + " is not an Lp norm");
        }
    }

    /** clip(x_i + v) into the box for every row of {@code x} (rows of {@code v.length} values), as a new array. */
    public static float[] apply(float[] x, float[] v, ThreatModel t) {
        float[] out = new float[x.length];
        float lo = (float) t.lower();
        float hi = (float) t.upper();
        int d = v.length;
        for (int i = 0; i < x.length; i++) out[i] = Math.max(lo, Math.min(hi, x[i] + v[i % d]));
        return out;
    }

    /** The model's predicted classes for rows of {@code values} (each {@code sample}-shaped), in batches. */
    public static int[] predict(Classifier model, float[] values, Shape sample) {
        int d = (int) sample.size();
        int n = values.length / d;
        int[] out = new int[n];
        for (int s = 0; s < n; s += BATCH) {
            int m = Math.min(BATCH, n - s);
            try (NDManager scope = model.manager().newSubManager()) {
                NDArray x = scope.create(Arrays.copyOfRange(values, s * d, (s + m) * d), batchShape(m, sample));
                int[] p = argmax(RowInvariant.logits(model, x));
                System.arraycopy(p, 0, out, s, m);
            }
        }
        return out;
    }

    /** Row-wise argmax of N×K logits (the first maximum on ties, as NumPy's). */
    static int[] argmax(NDArray z) {
        float[] f = z.toFloatArray();
        int k = (int) z.getShape().get(1);
        int[] out = new int[f.length / k];
        for (int i = 0; i < out.length; i++) {
            int best = 0;
            for (int j = 1; j < k; j++) if (f[i * k + j] > f[i * k + best]) best = j;
            out[i] = best;
        }
        return out;
    }

    /** The fraction of positions where {@code a} and {@code b} differ. */
    public static double changed(int[] a, int[] b) {
        int c = 0;
        for (int i = 0; i < a.length; i++) if (a[i] != b[i]) c++;
        return a.length == 0 ? 0 : c / (double) a.length;
    }

    /** The fraction of {@code pred} equal to {@code labels}. */
    public static double accuracy(int[] pred, int[] labels) {
        int c = 0;
        for (int i = 0; i < pred.length; i++) if (pred[i] == labels[i]) c++;
        return pred.length == 0 ? 0 : c / (double) pred.length;
    }

    /** Fooling rate of {@code v} on all points of {@code data}, against their clean predictions {@code clean}. */
    public static double foolingRate(Classifier model, Dataset data, int[] clean, float[] v, ThreatModel t) {
        return changed(clean, predict(model, apply(data.values(data.allIndices()), v, t), data.sampleShape()));
    }

    /**
     * A random perturbation of the same size as a universal one, the baseline it should beat: for L∞ each
     * coordinate ±ε (a random vertex of the cube); for L2 and L1 a Gaussian direction rescaled to norm ε (for L2 a
     * uniform point on the sphere).
     */
    public static float[] random(int d, Norm norm, double eps, SplittableRandom rng) {
        float[] v = new float[d];
        if (norm == Norm.LINF) {
            for (int i = 0; i < d; i++) v[i] = (float) (rng.nextBoolean() ? eps : -eps);
            return v;
        }
        for (int i = 0; i < d; i++) v[i] = (float) Norm.gaussian(rng);
        double n = norm(v, norm);
        for (int i = 0; i < d; i++) v[i] = (float) (v[i] * eps / n);
        return v;
    }

    /** N followed by the sample shape. */
    static Shape batchShape(int n, Shape sample) {
        long[] dims = new long[sample.dimension() + 1];
        dims[0] = n;
        System.arraycopy(sample.getShape(), 0, dims, 1, sample.dimension());
        return new Shape(dims);
    }
}
