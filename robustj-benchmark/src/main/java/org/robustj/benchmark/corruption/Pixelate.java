package org.robustj.benchmark.corruption;

import java.util.SplittableRandom;

/**
 * Pixelate (reference {@code pixelate}): PIL's {@code resize} with the BOX filter down to {@code int(n·c)} pixels a
 * side and back to n, on 8-bit pixels, as Pillow computes it (horizontal pass then vertical, coefficients in
 * 22-bit fixed point, each pass rounded to 8 bits). Deterministic; c = 1 is the identity.
 */
public final class Pixelate extends Corruption {
    private static final int PRECISION_BITS = 32 - 8 - 2;
    private final double[] factor;

    /** @param factor c of severities 1..5 */
    public Pixelate(double... factor) {
        super("pixelate", Family.DIGITAL, settings("c = %.2f", factor));
        this.factor = factor.clone();
    }

    @Override
    protected Image corrupt(Image x, int s, SplittableRandom rng) {
        int h = x.height(), w = x.width();
        int sw = (int) (w * factor[s - 1]), sh = (int) (h * factor[s - 1]);
        int[] b = x.toBytes();
        int[] out = new int[b.length];
        for (int c = 0; c < x.channels(); c++) {
            int[] plane = java.util.Arrays.copyOfRange(b, c * h * w, (c + 1) * h * w);
            int[] small = resize(plane, w, h, sw, sh);
            int[] back = resize(small, sw, sh, w, h);
            System.arraycopy(back, 0, out, c * h * w, h * w);
        }
        return Image.ofBytes(out, x.channels(), h, w);
    }

    /** Pillow's BOX resize of one 8-bit plane {@code inW × inH} to {@code outW × outH}. */
    static int[] resize(int[] plane, int inW, int inH, int outW, int outH) {
        int[] tmp = plane;
        int tw = inW;
        if (outW != inW) {
            int[][] k = new int[outW][];
            int[] lo = new int[outW];
            coefficients(inW, outW, k, lo);
            tmp = new int[outW * inH];
            for (int y = 0; y < inH; y++) {
                for (int xx = 0; xx < outW; xx++) {
                    long ss = 1L << (PRECISION_BITS - 1);
                    for (int i = 0; i < k[xx].length; i++) ss += (long) plane[y * inW + lo[xx] + i] * k[xx][i];
                    tmp[y * outW + xx] = clip8(ss);
                }
            }
            tw = outW;
        }
        if (outH == inH) {
            return tmp;
        }
        int[][] k = new int[outH][];
        int[] lo = new int[outH];
        coefficients(inH, outH, k, lo);
        int[] out = new int[tw * outH];
        for (int y = 0; y < outH; y++) {
            for (int xx = 0; xx < tw; xx++) {
                long ss = 1L << (PRECISION_BITS - 1);
                for (int i = 0; i < k[y].length; i++) ss += (long) tmp[(lo[y] + i) * tw + xx] * k[y][i];
                out[y * tw + xx] = clip8(ss);
            }
        }
        return out;
    }

    private static int clip8(long ss) {
        long v = ss >> PRECISION_BITS;
        return (int) Math.max(0, Math.min(255, v));
    }

    /** Pillow's {@code precompute_coeffs} for the box filter, then its 8-bit fixed-point normalisation. */
    private static void coefficients(int inSize, int outSize, int[][] k, int[] lo) {
        double scale = inSize / (double) outSize;
        double filterscale = Math.max(scale, 1.0);
        double support = 0.5 * filterscale;
        for (int xx = 0; xx < outSize; xx++) {
            double center = (xx + 0.5) * scale;
            double ss = 1.0 / filterscale;
            int xmin = (int) (center - support + 0.5);
            if (xmin < 0) xmin = 0;
            int xmax = (int) (center + support + 0.5);
            if (xmax > inSize) xmax = inSize;
            xmax -= xmin;
            double[] w = new double[xmax];
            double ww = 0;
            for (int x = 0; x < xmax; x++) {
                double t = (x + xmin - center + 0.5) * ss;
                w[x] = t > -0.5 && t <= 0.5 ? 1 : 0;
                ww += w[x];
            }
            k[xx] = new int[xmax];
            for (int x = 0; x < xmax; x++) {
                double v = ww == 0 ? 0 : w[x] / ww;
                k[xx][x] = (int) (v < 0 ? -0.5 + v * (1 << PRECISION_BITS) : 0.5 + v * (1 << PRECISION_BITS));
            }
            lo[xx] = xmin;
        }
    }
}
