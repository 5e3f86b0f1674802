package org.robustj.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Crop-and-flip moves every image by one shift within the padding, mirrored or not, filling with zeros; the
 * same generator gives the same images.
 */
class CropFlipAugmentationTest {
    static final int C = 2;
    static final int H = 6;
    static final int W = 5;

    static float[] images(int n) {
        float[] v = new float[n * C * H * W];
        for (int i = 0; i < v.length; i++) v[i] = i + 1; // all distinct and non-zero
        return v;
    }

    @Test
    void eachImageIsAShiftedAndPossiblyMirroredCopy() {
        int n = 50;
        float[] src = images(n);
        float[] out = src.clone();
        new CropFlipAugmentation(2).apply(out, n, new Shape(C, H, W), new SplittableRandom(1));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < n; i++) {
            String found = null;
            for (int flip = 0; flip < 2 && found == null; flip++) {
                for (int dy = -2; dy <= 2 && found == null; dy++) {
                    for (int dx = -2; dx <= 2 && found == null; dx++) {
                        if (matches(src, out, i, dy, dx, flip == 1)) found = dy + "," + dx + "," + flip;
                    }
                }
            }
            assertTrue(found != null, "image " + i + " is no shift/flip of its source");
            seen.add(found);
        }
        assertTrue(seen.size() > 10, "shifts and flips vary: " + seen);
        float[] again = src.clone();
        new CropFlipAugmentation(2).apply(again, n, new Shape(C, H, W), new SplittableRandom(1));
        assertEquals(java.util.Arrays.toString(out), java.util.Arrays.toString(again));
    }

    static boolean matches(float[] src, float[] out, int i, int dy, int dx, boolean flip) {
        int size = C * H * W;
        for (int c = 0; c < C; c++) {
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    int sy = y + dy;
                    int sx = (flip ? W - 1 - x : x) + dx;
                    float want = sy >= 0 && sy < H && sx >= 0 && sx < W ? src[i * size + (c * H + sy) * W + sx] : 0f;
                    if (out[i * size + (c * H + y) * W + x] != want) return false;
                }
            }
        }
        return true;
    }
}
