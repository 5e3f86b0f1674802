package org.robustj.benchmark.corruption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.robustj.io.Json;

/**
 * brightness, contrast, pixelate and JPEG against independent computations on fixed images: Python's colorsys and
 * NumPy for the first two, PIL's own BOX resize and JPEG codec for the last two
 * ({@code perf/reference/corruption_reference.py}, whose output is the fixture {@code golden/corruptions/reference.json}).
 */
class CorruptionReferenceTest {
    private static JsonNode cases() throws Exception {
        try (InputStream in = CorruptionReferenceTest.class.getResourceAsStream("/golden/corruptions/reference.json")) {
            return Json.mapper().readTree(in).get("cases");
        }
    }

    private static double[] expected(JsonNode c) {
        if (c.has("bytes_hex")) {
            byte[] b = HexFormat.of().parseHex(c.get("bytes_hex").asText());
            double[] v = new double[b.length];
            for (int i = 0; i < b.length; i++) v[i] = (b[i] & 0xff) / 255.0;
            return v;
        }
        double[] v = new double[c.get("values").size()];
        for (int i = 0; i < v.length; i++) v[i] = c.get("values").get(i).asDouble();
        return v;
    }

    private static Image actual(JsonNode c) {
        Image x = CorruptionTest.image(c.get("channels").asInt(), c.get("size").asInt(), c.get("image").asInt());
        Corruption k = Corruptions.suite(c.get("suite").asText()).get(c.get("corruption").asText());
        return k.apply(x, c.get("severity").asInt(), new SplittableRandom(0));
    }

    @Test
    void brightnessAndContrastEqualTheReferenceFormulas() throws Exception {
        int checked = 0;
        for (JsonNode c : cases()) {
            String name = c.get("corruption").asText();
            if (!name.equals("brightness") && !name.equals("contrast")) continue;
            double[] want = expected(c);
            double[] got = actual(c).v();
            for (int i = 0; i < want.length; i++) {
                assertEquals(want[i], got[i], 2e-9, name + " severity " + c.get("severity") + " value " + i);
            }
            checked++;
        }
        assertEquals(25, checked);
    }

    @Test
    void pixelateIsPillowsBoxResize() throws Exception {
        int checked = 0;
        for (JsonNode c : cases()) {
            if (!c.get("corruption").asText().equals("pixelate")) continue;
            double[] want = expected(c);
            double[] got = actual(c).v();
            for (int i = 0; i < want.length; i++) {
                assertEquals(want[i], got[i], 1e-12, "pixelate severity " + c.get("severity") + " value " + i);
            }
            checked++;
        }
        assertEquals(10, checked);
    }

    /**
     * javax.imageio and PIL's libjpeg-turbo share the IJG quality tables but not the DCT and upsampling code, so
     * the images agree to a few 8-bit levels, not bit for bit: mean absolute difference below 1 level and no
     * value more than 8 levels apart (the JPEG error itself is 5–15 levels at these qualities).
     */
    @Test
    void jpegAgreesWithPillowWithinAFewLevels() throws Exception {
        int checked = 0;
        for (JsonNode c : cases()) {
            if (!c.get("corruption").asText().equals("jpeg_compression")) continue;
            double[] want = expected(c);
            double[] got = actual(c).v();
            Image clean = CorruptionTest.image(3, 32, c.get("image").asInt());
            double mean = 0, max = 0, err = 0;
            for (int i = 0; i < want.length; i++) {
                double d = Math.abs(want[i] - got[i]) * 255;
                mean += d / want.length;
                max = Math.max(max, d);
                err += Math.abs(want[i] - clean.v()[i]) * 255 / want.length;
            }
            String what = "jpeg severity " + c.get("severity") + ": mean " + mean + ", max " + max + ", JPEG error " + err;
            assertTrue(mean < 1.0 && max <= 8, what);
            assertTrue(err > 2 * mean, what);
            checked++;
        }
        assertEquals(10, checked);
    }
}
