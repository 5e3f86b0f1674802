package org.robustj.benchmark.corruption;

import java.util.random.RandomGenerator;

/**
 * The image operations the corruptions are built from, each written from the definition of the library call the
 * reference generator makes (hendrycks/robustness {@code make_cifar_c.py}): SciPy's {@code gaussian_filter}
 * (skimage's {@code gaussian}), OpenCV's {@code filter2D}/{@code GaussianBlur}/{@code warpAffine} borders, SciPy's
 * {@code zoom} (order 1), ImageMagick's {@code MotionBlurImage}, the diamond-square plasma fractal, Poisson
 * sampling. Single images, double precision, no state.
 */
final class Filters {
    private Filters() {}

    /** How a filter reads outside the image. */
    enum Border {
        /** Repeat the edge pixel (SciPy {@code nearest}, skimage's default for {@code gaussian}). */
        NEAREST,
        /** Half-sample symmetric, {@code d c b a | a b c d} (SciPy {@code reflect}). */
        REFLECT,
        /** Whole-sample symmetric, {@code d c b | a b c d} (OpenCV {@code BORDER_REFLECT_101}, its default). */
        REFLECT_101
    }

    /** Index {@code i} of a row of {@code n} pixels read with {@code border}. */
    static int index(int i, int n, Border border) {
        if (i >= 0 && i < n) {
            return i;
        }
        if (n == 1) {
            return 0;
        }
        switch (border) {
            case NEAREST:
                return i < 0 ? 0 : n - 1;
            case REFLECT: {
                int period = 2 * n;
                int m = Math.floorMod(i, period);
                return m < n ? m : period - 1 - m;
            }
            default: {
                int period = 2 * n - 2;
                int m = Math.floorMod(i, period);
                return m < n ? m : period - m;
            }
        }
    }

    /** SciPy's 1-D Gaussian weights: radius {@code int(truncate·σ + 0.5)}, normalised; {@code [1]} for σ = 0. */
    static double[] gaussianKernel(double sigma, double truncate) {
        int radius = (int) (truncate * sigma + 0.5);
        if (sigma <= 0 || radius == 0) {
            return new double[] {1};
        }
        double[] k = new double[2 * radius + 1];
        double sum = 0;
        for (int i = -radius; i <= radius; i++) {
            k[i + radius] = Math.exp(-0.5 * i * i / (sigma * sigma));
            sum += k[i + radius];
        }
        for (int i = 0; i < k.length; i++) k[i] /= sum;
        return k;
    }

    /**
     * {@code scipy.ndimage.gaussian_filter} over the two spatial axes of every channel (skimage's
     * {@code gaussian(..., multichannel=True)}), separable, rows then columns.
     */
    static Image gaussian(Image in, double sigma, Border border, double truncate) {
        double[] k = gaussianKernel(sigma, truncate);
        return separable(in, k, k, border);
    }

    /** A separable correlation: {@code ky} along rows (vertical), then {@code kx} along columns. */
    static Image separable(Image in, double[] ky, double[] kx, Border border) {
        int c = in.channels(), h = in.height(), w = in.width();
        Image tmp = in.blank();
        int ry = ky.length / 2, rx = kx.length / 2;
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double s = 0;
                    for (int j = 0; j < ky.length; j++) s += ky[j] * in.get(ch, index(y + j - ry, h, border), x);
                    tmp.set(ch, y, x, s);
                }
            }
        }
        Image out = in.blank();
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double s = 0;
                    for (int j = 0; j < kx.length; j++) s += kx[j] * tmp.get(ch, y, index(x + j - rx, w, border));
                    out.set(ch, y, x, s);
                }
            }
        }
        return out;
    }

    /** OpenCV's {@code filter2D} (a correlation, anchor at the centre, {@code BORDER_REFLECT_101}) per channel. */
    static Image filter2d(Image in, double[][] kernel) {
        int c = in.channels(), h = in.height(), w = in.width();
        int kh = kernel.length, kw = kernel[0].length, ay = kh / 2, ax = kw / 2;
        Image out = in.blank();
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double s = 0;
                    for (int i = 0; i < kh; i++) {
                        int yy = index(y + i - ay, h, Border.REFLECT_101);
                        for (int j = 0; j < kw; j++) {
                            s += kernel[i][j] * in.get(ch, yy, index(x + j - ax, w, Border.REFLECT_101));
                        }
                    }
                    out.set(ch, y, x, s);
                }
            }
        }
        return out;
    }

    /**
     * The reference's anti-aliased disk of a defocus blur: the disk {@code x² + y² ≤ r²} on the grid −8..8 (or
     * −r..r above 8), normalised to sum 1, then OpenCV's {@code GaussianBlur} with σ = {@code aliasBlur} and a
     * 3×3 kernel (5×5 above radius 8).
     */
    static double[][] disk(double radius, double aliasBlur) {
        int half = radius <= 8 ? 8 : (int) Math.ceil(radius);
        int size = 2 * half + 1;
        double[][] d = new double[size][size];
        double sum = 0;
        for (int i = 0; i < size; i++) {
            for (int j = 0; j < size; j++) {
                int y = i - half, x = j - half;
                d[i][j] = x * x + y * y <= radius * radius ? 1 : 0;
                sum += d[i][j];
            }
        }
        double[] g = openCvGaussian(radius <= 8 ? 3 : 5, aliasBlur);
        Image img = new Image(1, size, size, new double[size * size]);
        for (int i = 0; i < size; i++) for (int j = 0; j < size; j++) img.set(0, i, j, d[i][j] / sum);
        Image b = separable(img, g, g, Border.REFLECT_101);
        double[][] out = new double[size][size];
        for (int i = 0; i < size; i++) for (int j = 0; j < size; j++) out[i][j] = b.get(0, i, j);
        return out;
    }

    /** OpenCV's {@code getGaussianKernel(ksize, σ)} for σ > 0: {@code exp(−(i − (k−1)/2)² / 2σ²)}, normalised. */
    static double[] openCvGaussian(int ksize, double sigma) {
        double[] k = new double[ksize];
        double sum = 0;
        double mid = (ksize - 1) / 2.0;
        for (int i = 0; i < ksize; i++) {
            k[i] = Math.exp(-(i - mid) * (i - mid) / (2 * sigma * sigma));
            sum += k[i];
        }
        for (int i = 0; i < ksize; i++) k[i] /= sum;
        return k;
    }

    /**
     * SciPy's {@code zoom(..., order=1)} of one plane {@code n × n} by {@code factor}: the output has
     * {@code round(n·factor)} pixels a side and output pixel {@code o} reads input coordinate
     * {@code o·(n − 1)/(m − 1)}, linearly interpolated.
     */
    static double[] zoomLinear(double[] plane, int n, double factor, int[] outSize) {
        int m = (int) Math.round(n * factor);
        outSize[0] = m;
        double[] out = new double[m * m];
        double scale = m > 1 ? (n - 1) / (double) (m - 1) : 0;
        for (int oy = 0; oy < m; oy++) {
            double fy = oy * scale;
            int y0 = Math.min((int) Math.floor(fy), n - 1), y1 = Math.min(y0 + 1, n - 1);
            double wy = fy - y0;
            for (int ox = 0; ox < m; ox++) {
                double fx = ox * scale;
                int x0 = Math.min((int) Math.floor(fx), n - 1), x1 = Math.min(x0 + 1, n - 1);
                double wx = fx - x0;
                double a = plane[y0 * n + x0] * (1 - wx) + plane[y0 * n + x1] * wx;
                double b = plane[y1 * n + x0] * (1 - wx) + plane[y1 * n + x1] * wx;
                out[oy * m + ox] = a * (1 - wy) + b * wy;
            }
        }
        return out;
    }

    /**
     * The reference's {@code clipped_zoom}: crop the centre {@code ceil(n / z)} pixels, zoom them by {@code z}
     * (order 1) and keep the centre {@code n × n} (square images).
     */
    static Image clippedZoom(Image in, double z) {
        int n = in.height();
        int ch = (int) Math.ceil(n / z);
        int top = (n - ch) / 2;
        Image out = in.blank();
        int[] m = new int[1];
        for (int c = 0; c < in.channels(); c++) {
            double[] crop = new double[ch * ch];
            for (int y = 0; y < ch; y++) for (int x = 0; x < ch; x++) crop[y * ch + x] = in.get(c, top + y, top + x);
            double[] zoomed = zoomLinear(crop, ch, z, m);
            int trim = (m[0] - n) / 2;
            for (int y = 0; y < n; y++) {
                for (int x = 0; x < n; x++) out.set(c, y, x, zoomed[(trim + y) * m[0] + trim + x]);
            }
        }
        return out;
    }

    /**
     * ImageMagick's {@code MotionBlurImage(radius, σ, angle)}: a one-sided line kernel of
     * {@code width = 2·ceil(radius) + 1} taps with weights {@code exp(−i²/2σ²)} (normalised), tap {@code i} reading
     * the pixel {@code (round(i·cos a), round(i·sin a))} away (offsets {@code ceil(i·cos a − 0.5)}), edge pixels
     * repeated outside the image (ImageMagick's default virtual pixels). The result is rounded to 8 bits, as the
     * reference's PNG round trip does.
     */
    static Image motionBlur(Image in, double radius, double sigma, double angleDegrees) {
        int width = radius > 1e-12 ? (int) (2 * Math.ceil(radius) + 1) : 3;
        double[] k = new double[width];
        double sum = 0;
        for (int i = 0; i < width; i++) {
            k[i] = Math.exp(-(double) i * i / (2 * sigma * sigma));
            sum += k[i];
        }
        double a = Math.toRadians(angleDegrees);
        double px = width * Math.sin(a), py = width * Math.cos(a), hyp = Math.hypot(px, py);
        int[] ox = new int[width], oy = new int[width];
        for (int i = 0; i < width; i++) {
            k[i] /= sum;
            ox[i] = (int) Math.ceil(i * py / hyp - 0.5);
            oy[i] = (int) Math.ceil(i * px / hyp - 0.5);
        }
        int h = in.height(), w = in.width();
        Image out = in.blank();
        for (int c = 0; c < in.channels(); c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double s = 0;
                    for (int i = 0; i < width; i++) {
                        s += k[i] * in.get(c, index(y + oy[i], h, Border.NEAREST), index(x + ox[i], w, Border.NEAREST));
                    }
                    out.set(c, y, x, Math.max(0, Math.min(255, Math.round(s * 255))) / 255.0);
                }
            }
        }
        return out;
    }

    /**
     * A plasma fractal (diamond-square) of {@code size × size} (a power of two) in [0, 1], as the reference's
     * {@code plasma_fractal}: wibble starts at 100 and is divided by {@code decay} per level; each new point is the
     * mean of its four neighbours (wrapping around) plus {@code wibble · U(−wibble, wibble)}.
     */
    static double[] plasma(int size, double decay, RandomGenerator rng) {
        double[] m = new double[size * size];
        int step = size;
        double wibble = 100;
        while (step >= 2) {
            int half = step / 2, k = size / step;
            // squares: centre of each step × step square
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    int i1 = (i + 1) % k, j1 = (j + 1) % k;
                    double s = m[i * step * size + j * step] + m[i1 * step * size + j * step]
                            + m[i * step * size + j1 * step] + m[i1 * step * size + j1 * step];
                    m[(i * step + half) * size + j * step + half] = s / 4 + wibble * uniform(rng, wibble);
                }
            }
            // diamonds: the edge midpoints, from the two square centres and the two corners beside them
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    int im = (i - 1 + k) % k, j1 = (j + 1) % k;
                    double s = m[(i * step + half) * size + j * step + half]
                            + m[(im * step + half) * size + j * step + half]
                            + m[i * step * size + j * step] + m[i * step * size + j1 * step];
                    m[i * step * size + j * step + half] = s / 4 + wibble * uniform(rng, wibble);
                }
            }
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    int jm = (j - 1 + k) % k, i1 = (i + 1) % k;
                    double s = m[(i * step + half) * size + j * step + half]
                            + m[(i * step + half) * size + jm * step + half]
                            + m[i * step * size + j * step] + m[i1 * step * size + j * step];
                    m[(i * step + half) * size + j * step] = s / 4 + wibble * uniform(rng, wibble);
                }
            }
            step /= 2;
            wibble /= decay;
        }
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (double v : m) min = Math.min(min, v);
        for (int i = 0; i < m.length; i++) {
            m[i] -= min;
            max = Math.max(max, m[i]);
        }
        for (int i = 0; i < m.length; i++) m[i] = max > 0 ? m[i] / max : 0;
        return m;
    }

    /** U(−a, a). */
    static double uniform(RandomGenerator rng, double a) {
        return -a + 2 * a * rng.nextDouble();
    }

    /**
     * A Poisson draw of mean {@code lambda}: Knuth's product of uniforms below 10, Hörmann's transformed rejection
     * (PTRS, 1993; NumPy's method for large means) above.
     */
    static long poisson(RandomGenerator rng, double lambda) {
        if (lambda <= 0) {
            return 0;
        }
        if (lambda < 10) {
            double limit = Math.exp(-lambda), p = 1;
            long k = 0;
            while (true) {
                p *= rng.nextDouble();
                if (p <= limit) return k;
                k++;
            }
        }
        double slam = Math.sqrt(lambda), loglam = Math.log(lambda);
        double b = 0.931 + 2.53 * slam, a = -0.059 + 0.02483 * b;
        double invalpha = 1.1239 + 1.1328 / (b - 3.4), vr = 0.9277 - 3.6224 / (b - 2);
        while (true) {
            double u = rng.nextDouble() - 0.5, v = rng.nextDouble();
            double us = 0.5 - Math.abs(u);
            long k = (long) Math.floor((2 * a / us + b) * u + lambda + 0.43);
            if (us >= 0.07 && v <= vr) return k;
            if (k < 0 || (us < 0.013 && v > us)) continue;
            if (Math.log(v) + Math.log(invalpha) - Math.log(a / (us * us) + b)
                    <= -lambda + k * loglam - logGamma(k + 1.0)) {
                return k;
            }
        }
    }

    /** ln Γ(x) for x > 0 (Lanczos, g = 7, 9 terms; relative error below 1e-13). */
    static double logGamma(double x) {
        double[] c = {0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
            -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
            1.5056327351493116e-7};
        if (x < 0.5) {
            return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
        }
        x -= 1;
        double s = c[0];
        for (int i = 1; i < 9; i++) s += c[i] / (x + i);
        double t = x + 7.5;
        return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(s);
    }

    /** OpenCV's RGB→grey weights (0.299, 0.587, 0.114) of pixel (y, x); the value itself for one channel. */
    static double grey(Image in, int y, int x) {
        if (in.channels() == 1) {
            return in.get(0, y, x);
        }
        return 0.299 * in.get(0, y, x) + 0.587 * in.get(1, y, x) + 0.114 * in.get(2, y, x);
    }

    /**
     * Bilinear sample of channel {@code c} at row {@code fy}, column {@code fx}, reading outside the image with
     * {@code border}, or as 0 when {@code border} is null (skimage's {@code warp}, mode {@code constant}).
     */
    static double bilinear(Image in, int c, double fy, double fx, Border border) {
        int y0 = (int) Math.floor(fy), x0 = (int) Math.floor(fx);
        double wy = fy - y0, wx = fx - x0;
        return (1 - wy) * ((1 - wx) * at(in, c, y0, x0, border) + wx * at(in, c, y0, x0 + 1, border))
                + wy * ((1 - wx) * at(in, c, y0 + 1, x0, border) + wx * at(in, c, y0 + 1, x0 + 1, border));
    }

    private static double at(Image in, int c, int y, int x, Border border) {
        int h = in.height(), w = in.width();
        if (border == null) {
            return y < 0 || y >= h || x < 0 || x >= w ? 0 : in.get(c, y, x);
        }
        return in.get(c, index(y, h, border), index(x, w, border));
    }
}
