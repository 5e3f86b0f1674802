package org.robustj.threat;

import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import org.robustj.errors.InvalidInputException;

/**
 * The pixel geometry of the sparse threat models ({@link Norm#L0}, {@link Norm#PATCH}, {@link Norm#FRAME}), in
 * one place: what a pixel is, the measured size of a perturbation and the exact projection. A pixel is one
 * spatial location with all its channels; inputs N×C×H×W, N×H×W (one channel) or N×D (1×1×D: every
 * feature a pixel). Works on row-major Java arrays.
 */
public final class Sparse {
    private Sparse() {}

    /** Channels, height and width of one input. */
    public record Geometry(int c, int h, int w) {
        /** Values per input (C·H·W). */
        public int size() {
            return c * h * w;
        }

        /** Pixels per input (H·W). */
        public int pixels() {
            return h * w;
        }

        /** How deep pixel (r, col) lies in the frame: 1 on the border, 2 next to it, ... */
        public int depth(int r, int col) {
            return Math.min(Math.min(r, col), Math.min(h - 1 - r, w - 1 - col)) + 1;
        }
    }

    /**
     * The geometry of {@code shape} after its first {@code leading} dimensions (0 for one input's shape, 1 for
     * a batch N×…).
     */
    public static Geometry geometry(Shape shape, int leading) {
        long[] d = Arrays.copyOfRange(shape.getShape(), leading, shape.dimension());
        switch (d.length) {
            case 1: return new Geometry(1, 1, (int) d[0]);
            case 2: return new Geometry(1, (int) d[0], (int) d[1]);
            case 3: return new Geometry((int) d[0], (int) d[1], (int) d[2]);
            default:
                throw new InvalidInputException("sparse threat models need inputs shaped D, H×W or C×H×W, got " + shape);
        }
    }

    /**
     * Per-sample size of perturbations {@code delta} (batch shape N×…) in the norm's own unit: L0 the pixels
     * changed, patch the side of the smallest square holding every changed pixel, frame the smallest border
     * width holding every changed pixel (0 for an unchanged input).
     */
    public static float[] sizes(Norm norm, float[] delta, Shape batch) {
        Geometry g = geometry(batch, 1);
        int n = (int) batch.get(0);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            boolean[] changed = changed(delta, i * g.size(), g);
            int count = 0;
            int r0 = Integer.MAX_VALUE;
            int r1 = -1;
            int c0 = Integer.MAX_VALUE;
            int c1 = -1;
            int depth = 0;
            for (int r = 0; r < g.h; r++) {
                for (int col = 0; col < g.w; col++) {
                    if (!changed[r * g.w + col]) continue;
                    count++;
                    r0 = Math.min(r0, r);
                    r1 = Math.max(r1, r);
                    c0 = Math.min(c0, col);
                    c1 = Math.max(c1, col);
                    depth = Math.max(depth, g.depth(r, col));
                }
            }
            switch (norm) {
                case L0: out[i] = count; break;
                case PATCH: out[i] = count == 0 ? 0 : Math.max(r1 - r0 + 1, c1 - c0 + 1); break;
                case FRAME: out[i] = depth; break;
                default: throw new IllegalArgumentException(norm + " is not a sparse threat model");
            }
        }
        return out;
    }

    /** Which pixels of sample at {@code off} have a non-zero change in some channel. */
    private static boolean[] changed(float[] delta, int off, Geometry g) {
        boolean[] out = new boolean[g.pixels()];
        for (int c = 0; c < g.c; c++) {
            for (int p = 0; p < g.pixels(); p++) {
                if (delta[off + c * g.pixels() + p] != 0) out[p] = true;
            }
        }
        return out;
    }

    /**
     * The Euclidean projection of {@code x} onto the inputs that differ from {@code x0} only where the threat
     * model allows, intersected with the box: every value is first clipped to [lower, upper]; then L0 keeps the
     * k pixels with the largest squared change (ties: the first in row-major order), patch keeps the
     * √k×√k window holding the largest squared change (ties: the first), frame keeps the border of width w;
     * every other pixel is exactly x0's.
     */
    public static float[] project(Norm norm, float[] x0, float[] x, Shape batch, double eps, double lower,
            double upper) {
        Geometry g = geometry(batch, 1);
        int n = (int) batch.get(0);
        int k = (int) Math.rint(eps);
        float[] out = new float[x.length];
        double[] score = new double[g.pixels()];
        boolean[] keep = new boolean[g.pixels()];
        for (int i = 0; i < n; i++) {
            int off = i * g.size();
            Arrays.fill(score, 0);
            for (int c = 0; c < g.c; c++) {
                for (int p = 0; p < g.pixels(); p++) {
                    int j = off + c * g.pixels() + p;
                    float v = (float) Math.min(upper, Math.max(lower, x[j]));
                    out[j] = v;
                    double dlt = (double) v - x0[j];
                    score[p] += dlt * dlt;
                }
            }
            Arrays.fill(keep, false);
            switch (norm) {
                case L0: keepLargest(score, k, keep); break;
                case PATCH: keepWindow(score, (int) Math.rint(Math.sqrt(k)), g, keep); break;
                case FRAME:
                    for (int r = 0; r < g.h; r++) {
                        for (int col = 0; col < g.w; col++) keep[r * g.w + col] = g.depth(r, col) <= k;
                    }
                    break;
                default: throw new IllegalArgumentException(norm + " is not a sparse threat model");
            }
            for (int c = 0; c < g.c; c++) {
                for (int p = 0; p < g.pixels(); p++) {
                    int j = off + c * g.pixels() + p;
                    if (!keep[p]) out[j] = x0[j];
                }
            }
        }
        return out;
    }

    private static void keepLargest(double[] score, int k, boolean[] keep) {
        int nz = 0;
        for (double s : score) if (s > 0) nz++;
        if (nz <= k) {
            for (int p = 0; p < score.length; p++) keep[p] = score[p] > 0;
            return;
        }
        Integer[] order = new Integer[score.length];
        for (int p = 0; p < order.length; p++) order[p] = p;
        Arrays.sort(order, (a, b) -> Double.compare(score[b], score[a]));
        for (int q = 0; q < k; q++) keep[order[q]] = true;
    }

    private static void keepWindow(double[] score, int side, Geometry g, boolean[] keep) {
        int sh = Math.min(side, g.h);
        int sw = Math.min(side, g.w);
        double[] pre = new double[(g.h + 1) * (g.w + 1)];
        int pw = g.w + 1;
        for (int r = 0; r < g.h; r++) {
            for (int col = 0; col < g.w; col++) {
                pre[(r + 1) * pw + col + 1] = score[r * g.w + col] + pre[r * pw + col + 1] + pre[(r + 1) * pw + col]
                        - pre[r * pw + col];
            }
        }
        double best = -1;
        int br = 0;
        int bc = 0;
        for (int r = 0; r + sh <= g.h; r++) {
            for (int col = 0; col + sw <= g.w; col++) {
                double s = pre[(r + sh) * pw + col + sw] - pre[r * pw + col + sw] - pre[(r + sh) * pw + col]
                        + pre[r * pw + col];
                if (s > best) {
                    best = s;
                    br = r;
                    bc = col;
                }
            }
        }
        for (int r = br; r < br + sh; r++) {
            for (int col = bc; col < bc + sw; col++) keep[r * g.w + col] = true;
        }
    }
}
