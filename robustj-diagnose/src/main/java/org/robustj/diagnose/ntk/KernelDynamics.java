package org.robustj.diagnose.ntk;

import java.util.List;
import org.robustj.train.ProbePoint;

/**
 * How a kernel moves during training, the measurements of Tsilivis &amp; Kempe's {@code measurements.py}
 * (DIAGNOSTICS.md §2.1): the kernel similarity s(K₁, K₂) = tr(K₁K₂ᵀ) / √(tr(K₁K₁ᵀ)·tr(K₂K₂ᵀ)) (the cosine of the two
 * matrices in Frobenius space, 1 when one is a positive multiple of the other), the kernel distance 1 − s, and
 * the relative change ‖K_t − K₀‖_F / ‖K₀‖_F. A network in the lazy regime keeps its kernel: the distance to the
 * initial kernel stays near 0. Kernels are square row-major matrices as {@code double[]}; the NTK probe stores
 * them as their upper triangles ({@link #upperTriangle}).
 */
public final class KernelDynamics {
    private KernelDynamics() {}

    /** s(a, b); NaN when either is the zero matrix. */
    public static double similarity(double[] a, double[] b) {
        check(a, b);
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.length; i++) {
            ab += a[i] * b[i];
            aa += a[i] * a[i];
            bb += b[i] * b[i];
        }
        return aa == 0 || bb == 0 ? Double.NaN : ab / Math.sqrt(aa * bb);
    }

    /** 1 − s(a, b), clamped at 0 against rounding. */
    public static double distance(double[] a, double[] b) {
        return Math.max(0, 1 - similarity(a, b));
    }

    /** ‖b − a‖_F / ‖a‖_F (NaN when a is zero). */
    public static double relativeChange(double[] a, double[] b) {
        check(a, b);
        double d = 0;
        double n = 0;
        for (int i = 0; i < a.length; i++) {
            d += (b[i] - a[i]) * (b[i] - a[i]);
            n += a[i] * a[i];
        }
        return n == 0 ? Double.NaN : Math.sqrt(d / n);
    }

    /** The upper triangle (i ≤ j) of a symmetric r×r matrix, row by row: r(r+1)/2 values. */
    public static double[] upperTriangle(double[] k, int r) {
        double[] out = new double[r * (r + 1) / 2];
        int t = 0;
        for (int i = 0; i < r; i++) for (int j = i; j < r; j++) out[t++] = k[i * r + j];
        return out;
    }

    /** The symmetric r×r matrix of an upper triangle. */
    public static double[] fromUpperTriangle(double[] u) {
        int r = (int) Math.round((Math.sqrt(8.0 * u.length + 1) - 1) / 2);
        if (r * (r + 1) / 2 != u.length) {
            throw new IllegalArgumentException(u.length + " values are not the upper triangle of a square matrix");
        }
        double[] k = new double[r * r];
        int t = 0;
        for (int i = 0; i < r; i++) {
            for (int j = i; j < r; j++) {
                k[i * r + j] = u[t];
                k[j * r + i] = u[t++];
            }
        }
        return k;
    }

    /** The kernel an NTK probe stored in one of its measurements (field {@code kernel}), as a full matrix. */
    public static double[] kernelOf(ProbePoint p) {
        com.fasterxml.jackson.databind.JsonNode k = p.values().path("kernel");
        if (!k.isArray()) {
            throw new IllegalArgumentException("probe point of step " + p.step() + " holds no kernel");
        }
        double[] u = new double[k.size()];
        for (int i = 0; i < u.length; i++) u[i] = k.get(i).asDouble();
        return fromUpperTriangle(u);
    }

    /**
     * The kernel distance between every pair of an NTK probe's measurements, [i][j] = 1 − s(K_i, K_j): the
     * paper's epoch × epoch heat map.
     */
    public static double[][] distanceMatrix(List<ProbePoint> points) {
        double[][] k = new double[points.size()][];
        for (int i = 0; i < k.length; i++) k[i] = kernelOf(points.get(i));
        double[][] d = new double[k.length][k.length];
        for (int i = 0; i < k.length; i++) {
            for (int j = i + 1; j < k.length; j++) {
                d[i][j] = distance(k[i], k[j]);
                d[j][i] = d[i][j];
            }
        }
        return d;
    }

    private static void check(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("kernels of different sizes: " + a.length + " and " + b.length);
        }
    }
}
