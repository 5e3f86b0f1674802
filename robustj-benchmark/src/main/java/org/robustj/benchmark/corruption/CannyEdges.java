package org.robustj.benchmark.corruption;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.SplittableRandom;

/**
 * MNIST-C's {@code canny_edges}: the digit replaced by its Canny edge map (1 on an edge, 0 elsewhere), as skimage's
 * {@code feature.canny} computes it with its defaults (σ = 1, thresholds 0.1 and 0.2 on the gradient magnitude):
 *
 * <ol>
 *   <li>Gaussian smoothing (σ = 1, truncate 4) with zeros outside, divided by the smoothing of an all-ones image
 *       (skimage's bleed-over correction, so the border is not darkened);
 *   <li>Sobel gradients (SciPy {@code ndimage.sobel}, half-sample reflection): {@code gy} along rows, {@code gx}
 *       along columns, magnitude {@code hypot(gy, gx)};
 *   <li>non-maximum suppression away from the one-pixel border: a pixel of non-zero magnitude is kept when it is
 *       at least the magnitude linearly interpolated between the two neighbours on each side along the gradient
 *       direction (skimage's four octant pairs, in its order: a pixel on an octant boundary takes the last
 *       octant's verdict);
 *   <li>hysteresis: of the kept pixels of magnitude at least 0.1, the 8-connected groups that contain a pixel of
 *       magnitude at least 0.2.
 * </ol>
 *
 * Each channel separately. No random draw, one fixed setting: every severity applies it (the five cells of the
 * row are the same image).
 */
public final class CannyEdges extends Corruption {
    static final double SIGMA = 1, LOW = 0.1, HIGH = 0.2;

    /** The corruption at MNIST-C's (skimage's default) setting. */
    public CannyEdges() {
        super("canny_edges", Family.DRAWING, Collections.nCopies(SEVERITIES, "σ = 1, thresholds 0.1 / 0.2 (fixed)"));
    }

    @Override
    protected Image corrupt(Image x, int s, SplittableRandom rng) {
        int h = x.height(), w = x.width(), n = h * w;
        Image out = x.blank();
        for (int c = 0; c < x.channels(); c++) {
            double[] plane = new double[n];
            System.arraycopy(x.v(), c * n, plane, 0, n);
            boolean[] e = edges(plane, h, w);
            for (int i = 0; i < n; i++) out.v()[c * n + i] = e[i] ? 1 : 0;
        }
        return out;
    }

    /** The edge map of one {@code h × w} plane (row-major). */
    static boolean[] edges(double[] img, int h, int w) {
        double[] k = Filters.gaussianKernel(SIGMA, 4);
        double[] ones = new double[h * w];
        java.util.Arrays.fill(ones, 1);
        double[] smooth = zeroPadded(img, h, w, k), bleed = zeroPadded(ones, h, w, k);
        double eps = Math.ulp(1.0);
        for (int i = 0; i < smooth.length; i++) smooth[i] /= bleed[i] + eps;
        double[] gy = new double[h * w], gx = new double[h * w], mag = new double[h * w];
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                double sy = 0, sx = 0;
                for (int d = -1; d <= 1; d++) {
                    double wt = d == 0 ? 2 : 1;
                    sy += wt * (at(smooth, h, w, r + 1, c + d) - at(smooth, h, w, r - 1, c + d));
                    sx += wt * (at(smooth, h, w, r + d, c + 1) - at(smooth, h, w, r + d, c - 1));
                }
                gy[r * w + c] = sy;
                gx[r * w + c] = sx;
                mag[r * w + c] = Math.hypot(sy, sx);
            }
        }
        boolean[] max = new boolean[h * w];
        for (int r = 1; r < h - 1; r++) {
            for (int c = 1; c < w - 1; c++) {
                int i = r * w + c;
                if (mag[i] > 0) max[i] = isLocalMaximum(mag, w, r, c, gy[i], gx[i]);
            }
        }
        boolean[] out = new boolean[h * w];
        boolean[] seen = new boolean[h * w];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        java.util.List<Integer> group = new java.util.ArrayList<>();
        for (int start = 0; start < h * w; start++) {
            if (seen[start] || !max[start] || mag[start] < LOW) continue;
            group.clear();
            boolean strong = false;
            seen[start] = true;
            queue.add(start);
            while (!queue.isEmpty()) {
                int i = queue.poll();
                group.add(i);
                strong |= mag[i] >= HIGH;
                int r = i / w, c = i % w;
                for (int dr = -1; dr <= 1; dr++) {
                    for (int dc = -1; dc <= 1; dc++) {
                        int rr = r + dr, cc = c + dc;
                        if (rr < 0 || rr >= h || cc < 0 || cc >= w) continue;
                        int j = rr * w + cc;
                        if (!seen[j] && max[j] && mag[j] >= LOW) {
                            seen[j] = true;
                            queue.add(j);
                        }
                    }
                }
            }
            if (strong) {
                for (int i : group) out[i] = true;
            }
        }
        return out;
    }

    /**
     * skimage's non-maximum test at an interior pixel: the octant pairs (0–45°, 45–90°, 90–135°, 135–180°) in
     * skimage's order, each deciding for the pixels it covers, the last one that covers a pixel winning.
     */
    private static boolean isLocalMaximum(double[] mag, int w, int r, int c, double gy, double gx) {
        double ay = Math.abs(gy), ax = Math.abs(gx), m = mag[r * w + c];
        boolean horizontal = ay >= ax, vertical = ay <= ax;
        boolean same = (gy >= 0 && gx >= 0) || (gy <= 0 && gx <= 0);
        boolean opposite = (gy <= 0 && gx >= 0) || (gy >= 0 && gx <= 0);
        Boolean verdict = null;
        if (same && horizontal) {
            verdict = pair(mag, w, ax / ay, m, r + 1, c, r + 1, c + 1, r - 1, c, r - 1, c - 1);
        }
        if (same && vertical) {
            verdict = pair(mag, w, ay / ax, m, r, c + 1, r + 1, c + 1, r, c - 1, r - 1, c - 1);
        }
        if (opposite && vertical) {
            verdict = pair(mag, w, ay / ax, m, r, c + 1, r - 1, c + 1, r, c - 1, r + 1, c - 1);
        }
        if (opposite && horizontal) {
            verdict = pair(mag, w, ax / ay, m, r - 1, c, r - 1, c + 1, r + 1, c, r + 1, c - 1);
        }
        return verdict != null && verdict;
    }

    /** {@code m} is at least the interpolation {@code wt·b + (1 − wt)·a} on both sides (a1, b1) and (a2, b2). */
    private static boolean pair(double[] mag, int w, double wt, double m, int ra1, int ca1, int rb1, int cb1,
            int ra2, int ca2, int rb2, int cb2) {
        boolean plus = mag[rb1 * w + cb1] * wt + mag[ra1 * w + ca1] * (1 - wt) <= m;
        boolean minus = mag[rb2 * w + cb2] * wt + mag[ra2 * w + ca2] * (1 - wt) <= m;
        return plus && minus;
    }

    /** A value of the plane read with half-sample reflection (SciPy {@code reflect}, {@code sobel}'s default). */
    private static double at(double[] p, int h, int w, int r, int c) {
        return p[Filters.index(r, h, Filters.Border.REFLECT) * w + Filters.index(c, w, Filters.Border.REFLECT)];
    }

    /** A separable correlation with {@code k} along rows then columns, zeros outside (SciPy {@code constant}). */
    static double[] zeroPadded(double[] p, int h, int w, double[] k) {
        return zeroPaddedPass(zeroPaddedPass(p, h, w, k, w, 1), w, h, k, 1, w);
    }

    /**
     * One 1-D pass of {@link #zeroPadded}: along an axis of {@code n} samples spaced {@code step} apart, for each
     * of the {@code lines} lines spaced {@code lineStep} apart (rows: n = h, step = w; columns: n = w, step = 1).
     */
    private static double[] zeroPaddedPass(double[] p, int n, int lines, double[] k, int step, int lineStep) {
        int rad = k.length / 2;
        double[] out = new double[p.length];
        for (int i = 0; i < n; i++) {
            for (int l = 0; l < lines; l++) {
                double s = 0;
                for (int j = 0; j < k.length; j++) {
                    int ii = i + j - rad;
                    if (ii >= 0 && ii < n) s += k[j] * p[ii * step + l * lineStep];
                }
                out[i * step + l * lineStep] = s;
            }
        }
        return out;
    }
}
