package org.robustj.benchmark.corruption;

import java.util.SplittableRandom;

/**
 * Zoom blur (reference {@code zoom_blur}): the mean of the image and its centre zooms by every factor of
 * {@code arange(1, stop, step)} (SciPy order-1 zoom, cropped back to size). Deterministic.
 */
public final class ZoomBlur extends Corruption {
    private final double[][] params;

    /** @param params (stop, step) of each severity's {@code numpy.arange(1, stop, step)} */
    public ZoomBlur(double[][] params) {
        super("zoom_blur", Family.BLUR, java.util.Arrays.stream(params)
                .map(p -> String.format(java.util.Locale.ROOT, "zooms arange(1, %s, %s)", p[0], p[1])).toList());
        this.params = params;
    }

    /** NumPy's {@code arange(start, stop, step)}: {@code ceil((stop − start) / step)} values {@code start + i·step}. */
    static double[] arange(double start, double stop, double step) {
        int n = (int) Math.ceil((stop - start) / step);
        double[] a = new double[Math.max(0, n)];
        for (int i = 0; i < a.length; i++) a[i] = start + i * step;
        return a;
    }

    @Override
    protected Image corrupt(Image x, int s, SplittableRandom rng) {
        double[] zooms = arange(1, params[s - 1][0], params[s - 1][1]);
        double[] acc = x.v().clone();
        for (double z : zooms) {
            double[] zv = Filters.clippedZoom(x, z).v();
            for (int i = 0; i < acc.length; i++) acc[i] += zv[i];
        }
        for (int i = 0; i < acc.length; i++) acc[i] /= zooms.length + 1;
        return new Image(x.channels(), x.height(), x.width(), acc);
    }
}
