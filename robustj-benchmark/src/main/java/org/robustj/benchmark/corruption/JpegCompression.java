package org.robustj.benchmark.corruption;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.SplittableRandom;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * JPEG compression (reference {@code jpeg_compression}): the 8-bit image encoded as baseline JPEG at the given
 * quality by {@code javax.imageio} (IJG quality scaling of the standard tables, the same formula as PIL's libjpeg;
 * 4:2:0 chroma for colour, as PIL's default) and decoded again. Deterministic.
 */
public final class JpegCompression extends Corruption {
    private final int[] quality;

    /** @param quality the JPEG quality (1..100) of severities 1..5 */
    public JpegCompression(int... quality) {
        super("jpeg_compression", Family.DIGITAL, java.util.Arrays.stream(quality)
                .mapToObj(q -> "quality " + q).toList());
        this.quality = quality.clone();
    }

    @Override
    protected Image corrupt(Image x, int s, SplittableRandom rng) {
        return roundTrip(x, quality[s - 1]);
    }

    /** {@code x} through JPEG at {@code quality}. */
    static Image roundTrip(Image x, int quality) {
        int h = x.height(), w = x.width(), k = x.channels();
        int[] b = x.toBytes();
        BufferedImage img = new BufferedImage(w, h, k == 3 ? BufferedImage.TYPE_INT_RGB : BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) {
            for (int xx = 0; xx < w; xx++) {
                if (k == 3) {
                    int rgb = b[y * w + xx] << 16 | b[(h + y) * w + xx] << 8 | b[(2 * h + y) * w + xx];
                    img.setRGB(xx, y, rgb);
                } else {
                    img.getRaster().setSample(xx, y, 0, b[y * w + xx]);
                }
            }
        }
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
            try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
                writer.setOutput(out);
                ImageWriteParam p = writer.getDefaultWriteParam();
                p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                p.setCompressionQuality(quality / 100f);
                writer.write(null, new IIOImage(img, null, null), p);
            } finally {
                writer.dispose();
            }
            BufferedImage back = ImageIO.read(new ByteArrayInputStream(bytes.toByteArray()));
            int[] o = new int[b.length];
            for (int y = 0; y < h; y++) {
                for (int xx = 0; xx < w; xx++) {
                    if (k == 3) {
                        int rgb = back.getRGB(xx, y);
                        o[y * w + xx] = rgb >> 16 & 255;
                        o[(h + y) * w + xx] = rgb >> 8 & 255;
                        o[(2 * h + y) * w + xx] = rgb & 255;
                    } else {
                        o[y * w + xx] = back.getRaster().getSample(xx, y, 0);
                    }
                }
            }
            return Image.ofBytes(o, k, h, w);
        } catch (IOException e) {
            throw new UncheckedIOException("JPEG round trip failed", e);
        }
    }
}
