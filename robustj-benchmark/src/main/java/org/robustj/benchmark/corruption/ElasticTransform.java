package org.robustj.benchmark.corruption;

import java.util.SplittableRandom;

/**
 * Elastic transform (reference {@code elastic_transform}): a random affine warp (three control points moved by
 * U(−d, d), OpenCV's {@code warpAffine}, bilinear, {@code BORDER_REFLECT_101}), then a displacement field of
 * Gaussian-smoothed U(−1, 1) noise (σ, truncate 3, mode reflect) scaled by α, sampled bilinearly with half-sample
 * reflection (SciPy {@code map_coordinates(order=1, mode='reflect')}). α = 0 and d = 0 is the identity.
 */
public final class ElasticTransform extends Corruption {
    private final double[][] params;

    /** @param params (α, σ, affine d) of severities 1..5, in pixels */
    public ElasticTransform(double[][] params) {
        super("elastic_transform", Family.DIGITAL, java.util.Arrays.stream(params).map(p -> String.format(
                java.util.Locale.ROOT, "α = %.2f, σ = %.2f, affine %.2f px", p[0], p[1], p[2])).toList());
        this.params = params;
    }

    @Override
    protected Image corrupt(Image x, int s, SplittableRandom rng) {
        double alpha = params[s - 1][0], sigma = params[s - 1][1], d = params[s - 1][2];
        int h = x.height(), w = x.width();
        double cy = h / 2, cx = w / 2; // numpy float32(shape) // 2
        double sq = Math.min(h, w) / 3;
        // control points (x, y) as OpenCV takes them
        double[][] p1 = {{cy + sq, cx + sq}, {cy + sq, cx - sq}, {cy - sq, cx - sq}};
        double[][] p2 = new double[3][2];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 2; j++) p2[i][j] = p1[i][j] + Filters.uniform(rng, d);
        }
        double[] m = affine(p1, p2); // dst = M · src
        double det = m[0] * m[4] - m[1] * m[3];
        Image warped = x.blank();
        for (int y = 0; y < h; y++) {
            for (int xx = 0; xx < w; xx++) {
                double u = xx - m[2], v = y - m[5];
                double sx = (m[4] * u - m[1] * v) / det, sy = (-m[3] * u + m[0] * v) / det;
                for (int c = 0; c < x.channels(); c++) {
                    warped.set(c, y, xx, Filters.bilinear(x, c, sy, sx, Filters.Border.REFLECT_101));
                }
            }
        }
        double[] dx = field(h, w, sigma, alpha, rng), dy = field(h, w, sigma, alpha, rng);
        Image out = x.blank();
        for (int y = 0; y < h; y++) {
            for (int xx = 0; xx < w; xx++) {
                double fy = y + dy[y * w + xx], fx = xx + dx[y * w + xx];
                for (int c = 0; c < x.channels(); c++) {
                    out.set(c, y, xx, Filters.bilinear(warped, c, fy, fx, Filters.Border.REFLECT));
                }
            }
        }
        return out;
    }

    private static double[] field(int h, int w, double sigma, double alpha, SplittableRandom rng) {
        Image u = new Image(1, h, w, new double[h * w]);
        double[] v = u.v();
        for (int i = 0; i < v.length; i++) v[i] = Filters.uniform(rng, 1);
        double[] g = Filters.gaussian(u, sigma, Filters.Border.REFLECT, 3.0).v();
        for (int i = 0; i < g.length; i++) g[i] = (float) (g[i] * alpha);
        return g;
    }

    /** The affine map {@code [a b tx; c d ty]} (row-major, 6 numbers) taking three points onto three others. */
    static double[] affine(double[][] src, double[][] dst) {
        // solve [x y 1] · [a c; b d; tx ty] = [x' y'] for the three points (Cramer's rule)
        double x0 = src[0][0], y0 = src[0][1], x1 = src[1][0], y1 = src[1][1], x2 = src[2][0], y2 = src[2][1];
        double det = x0 * (y1 - y2) - y0 * (x1 - x2) + (x1 * y2 - x2 * y1);
        double[] m = new double[6];
        for (int k = 0; k < 2; k++) {
            double r0 = dst[0][k], r1 = dst[1][k], r2 = dst[2][k];
            double a = (r0 * (y1 - y2) - y0 * (r1 - r2) + (r1 * y2 - r2 * y1)) / det;
            double b = (x0 * (r1 - r2) - r0 * (x1 - x2) + (x1 * r2 - x2 * r1)) / det;
            double t = (x0 * (y1 * r2 - y2 * r1) - y0 * (x1 * r2 - x2 * r1) + r0 * (x1 * y2 - x2 * y1)) / det;
            m[3 * k] = a;
            m[3 * k + 1] = b;
            m[3 * k + 2] = t;
        }
        return m;
    }
}
