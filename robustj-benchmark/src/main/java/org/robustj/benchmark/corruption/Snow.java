package org.robustj.benchmark.corruption;

import java.util.SplittableRandom;

/**
 * Snow (reference {@code snow}): a layer of N(loc, scale) flakes, zoomed by {@code zoom}, thresholded, quantised to
 * 8 bits and motion-blurred (ImageMagick's kernel, {@link Filters#motionBlur}, angle U(−135°, −45°)); the image is
 * blended towards {@code max(x, 1.5·grey + 0.5)} and the layer and its 180° rotation are added.
 */
public final class Snow extends Corruption {
    private final double[][] params;

    /** @param params (loc, scale, zoom, threshold, blur radius, blur σ, blend) of severities 1..5 */
    public Snow(double[][] params) {
        super("snow", Family.WEATHER, java.util.Arrays.stream(params).map(p -> String.format(java.util.Locale.ROOT,
                "N(%s, %s), zoom %s, threshold %s, blur %s/%s, blend %s", p[0], p[1], p[2], p[3], p[4], p[5], p[6]))
                .toList());
        this.params = params;
    }

    @Override
    protected Image corrupt(Image x, int s, SplittableRandom rng) {
        double[] c = params[s - 1];
        int h = x.height(), w = x.width();
        Image layer = new Image(1, h, w, new double[h * w]);
        double[] lv = layer.v();
        for (int i = 0; i < lv.length; i++) lv[i] = c[0] + c[1] * rng.nextGaussian();
        layer = Filters.clippedZoom(layer, c[2]);
        lv = layer.v();
        for (int i = 0; i < lv.length; i++) {
            double t = lv[i] < c[3] ? 0 : lv[i];
            // np.clip(.., 0, 1) * 255 then astype(uint8): truncation
            lv[i] = Math.floor(Math.max(0, Math.min(1, t)) * 255) / 255.0;
        }
        layer = Filters.motionBlur(layer, c[4], c[5], -90 + Filters.uniform(rng, 45));
        Image out = x.blank();
        for (int y = 0; y < h; y++) {
            for (int xx = 0; xx < w; xx++) {
                double g = Filters.grey(x, y, xx) * 1.5 + 0.5;
                double flake = layer.get(0, y, xx) + layer.get(0, h - 1 - y, w - 1 - xx);
                for (int ch = 0; ch < x.channels(); ch++) {
                    double v = x.get(ch, y, xx);
                    double blended = c[6] * v + (1 - c[6]) * Math.max(v, g);
                    out.set(ch, y, xx, blended + flake);
                }
            }
        }
        return out;
    }
}
