package org.robustj.report;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import javax.imageio.ImageIO;

/**
 * Renders input tensors (values in [0, 1], one sample as {@code C×H×W} with C = 1 or 3, or a flat vector)
 * to PNG data URIs with {@link ImageIO}, and the perturbation as an amplified difference image where grey
 * is no change. Pixels are enlarged by an integer factor, so nothing is interpolated.
 */
public final class Images {
    /** Target size of the longer side in pixels. */
    public static final int TARGET = 112;

    private Images() {}

    /** Height, width and channels of a sample of {@code shape} (a flat vector is laid out as a near-square grid). */
    static int[] layout(long[] shape, int size) {
        if (shape.length == 3 && (shape[0] == 1 || shape[0] == 3)) {
            return new int[] {(int) shape[1], (int) shape[2], (int) shape[0]};
        }
        if (shape.length == 2) {
            return new int[] {(int) shape[0], (int) shape[1], 1};
        }
        int w = (int) Math.ceil(Math.sqrt(size));
        int h = (int) Math.ceil(size / (double) w);
        return new int[] {h, w, 1};
    }

    /** The sample as a PNG data URI. */
    public static String png(float[] x, long[] shape) {
        int[] l = layout(shape, x.length);
        return dataUri(render(x, l));
    }

    /**
     * The difference {@code adv − clean} amplified so the largest absolute change reaches full contrast
     * (grey = 0, lighter = increase, darker = decrease), as a PNG data URI.
     */
    public static String difference(float[] clean, float[] adv, long[] shape) {
        int[] l = layout(shape, clean.length);
        float[] d = new float[clean.length];
        double amp = amplification(clean, adv);
        for (int i = 0; i < d.length; i++) d[i] = (float) (0.5 + (adv[i] - clean[i]) * amp);
        return dataUri(render(d, l));
    }

    /** The factor the difference image is multiplied by: 0.5 / max |adv − clean| (1 when nothing changed). */
    public static double amplification(float[] clean, float[] adv) {
        double max = 0;
        for (int i = 0; i < clean.length; i++) max = Math.max(max, Math.abs(adv[i] - clean[i]));
        return max > 0 ? 0.5 / max : 1;
    }

    private static BufferedImage render(float[] x, int[] l) {
        int h = l[0];
        int w = l[1];
        int c = l[2];
        int scale = Math.max(1, TARGET / Math.max(h, w));
        BufferedImage img = new BufferedImage(w * scale, h * scale, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int xx = 0; xx < w; xx++) {
                int rgb;
                int p = y * w + xx;
                if (c == 3) {
                    int r = byteOf(x[p]);
                    int g = byteOf(x[h * w + p]);
                    int b = byteOf(x[2 * h * w + p]);
                    rgb = (r << 16) | (g << 8) | b;
                } else {
                    int v = p < x.length ? byteOf(x[p]) : 255;
                    rgb = (v << 16) | (v << 8) | v;
                }
                for (int dy = 0; dy < scale; dy++) {
                    for (int dx = 0; dx < scale; dx++) {
                        img.setRGB(xx * scale + dx, y * scale + dy, rgb);
                    }
                }
            }
        }
        return img;
    }

    private static int byteOf(float v) {
        float t = Float.isNaN(v) ? 0 : Math.max(0, Math.min(1, v));
        return Math.round(t * 255);
    }

    private static String dataUri(BufferedImage img) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode PNG", e);
        }
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(out.toByteArray());
    }
}
