package org.robustj.diagnose.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.robustj.report.Html;

/**
 * The images a diagnostic puts in its record's {@code details.images} (a list of {@code title}, {@code caption},
 * {@code shape} = [C, H, W] and {@code pixels} in [0, 1], channel-major), drawn as one card of inline PNGs
 * (grey for one channel, RGB for three), scaled up without smoothing: the NTK's eigen-features, for instance.
 */
final class ImageCards {
    private ImageCards() {}

    /** The card, or "" when the details hold no images. */
    static String card(JsonNode details) {
        if (details == null || !details.has("images") || !details.get("images").isArray()) {
            return "";
        }
        StringBuilder b = new StringBuilder("<section class=\"card\" id=\"images\">\n<h2>Images</h2>\n"
                + "<div style=\"display:flex;flex-wrap:wrap;gap:12px\">\n");
        for (JsonNode im : details.get("images")) {
            JsonNode shape = im.get("shape");
            int c = shape.size() == 3 ? shape.get(0).asInt() : 1;
            int h = shape.get(shape.size() - 2).asInt();
            int w = shape.get(shape.size() - 1).asInt();
            JsonNode px = im.get("pixels");
            b.append("<figure style=\"margin:0;width:").append(Math.max(4 * w, 112)).append("px\"><img alt=\"")
                    .append(Html.esc(im.path("title").asText())).append("\" style=\"width:").append(4 * w)
                    .append("px;image-rendering:pixelated\" src=\"data:image/png;base64,")
                    .append(png(px, c, h, w)).append("\"><figcaption><b>").append(Html.esc(im.path("title").asText()))
                    .append("</b><br>").append(Html.esc(im.path("caption").asText())).append("</figcaption></figure>\n");
        }
        return b.append("</div>\n</section>\n").toString();
    }

    private static String png(JsonNode px, int c, int h, int w) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int[] ch = new int[3];
                for (int k = 0; k < 3; k++) {
                    int src = c == 3 ? k : 0;
                    double v = px.get(src * h * w + y * w + x).asDouble();
                    ch[k] = (int) Math.round(255 * Math.max(0, Math.min(1, v)));
                }
                img.setRGB(x, y, (ch[0] << 16) | (ch[1] << 8) | ch[2]);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Base64.getEncoder().encodeToString(out.toByteArray());
    }
}
