package org.robustj.benchmark.corruption;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.robustj.errors.InvalidInputException;
import org.robustj.errors.UnknownNameException;

/** Invariants of every corruption at every severity (no reference needed). */
class CorruptionTest {
    /** A fixed image of 8-bit values with smooth and sharp parts, as the data sets store them. */
    static Image image(int channels, int size, int k) {
        double[] v = new double[channels * size * size];
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    int smooth = (y / 4 + k) % 2 == 0 ? x * 255 / Math.max(1, size - 1) : y * 255 / Math.max(1, size - 1);
                    int sharp = (x * 37 + y * 91 + c * 53 + ((x * y) % 17) * 7 + k * 29) % 256;
                    v[(c * size + y) * size + x] = ((x / 8 + y / 8 + c) % 2 == 0 ? smooth : sharp) / 255.0;
                }
            }
        }
        return new Image(channels, size, size, v);
    }

    static Stream<Arguments> everyCorruptionAndSeverity() {
        List<Arguments> out = new ArrayList<>();
        for (String id : Corruptions.ids()) {
            Corruptions.Suite s = Corruptions.suite(id);
            for (Corruption c : s.corruptions()) {
                for (int sev = 1; sev <= Corruption.SEVERITIES; sev++) out.add(Arguments.of(id, c.name(), sev));
            }
        }
        return out.stream();
    }

    private static Image sample(String suite) {
        return suite.equals("mnist") ? image(1, 28, 0) : image(3, 32, 0);
    }

    @ParameterizedTest(name = "{0} {1} severity {2}")
    @MethodSource("everyCorruptionAndSeverity")
    void isDeterministicKeepsShapeAndStaysInTheUnitBox(String suite, String name, int severity) {
        Corruption c = Corruptions.suite(suite).get(name);
        Image x = sample(suite);
        double[] before = x.v().clone();
        Image a = c.apply(x, severity, new SplittableRandom(42));
        Image b = c.apply(x, severity, new SplittableRandom(42));
        assertArrayEquals(before, x.v(), "the input is not modified");
        assertEquals(x.channels(), a.channels());
        assertEquals(x.height(), a.height());
        assertEquals(x.width(), a.width());
        assertArrayEquals(a.v(), b.v(), "same seed, same image");
        for (double v : a.v()) assertTrue(v >= 0 && v <= 1 && !Double.isNaN(v), name + " value " + v);
        // and it does something: no corruption of the benchmark leaves these images unchanged
        double diff = 0;
        for (int i = 0; i < x.v().length; i++) diff = Math.max(diff, Math.abs(a.v()[i] - x.v()[i]));
        assertTrue(diff > 0, name + " changed nothing at severity " + severity);
    }

    @Test
    void theSuitesAreTheBenchmarksCorruptions() {
        assertEquals(List.of("gaussian_noise", "shot_noise", "impulse_noise", "defocus_blur", "glass_blur", "motion_blur",
                "zoom_blur", "snow", "frost", "fog", "brightness", "contrast", "elastic_transform", "pixelate",
                "jpeg_compression"), Corruptions.suite("cifar10").names());
        assertEquals(List.of("shot_noise", "impulse_noise", "glass_blur", "motion_blur", "fog", "brightness", "shear",
                "scale", "rotate", "translate", "stripe", "spatter", "dotted_line", "zigzag", "canny_edges"),
                Corruptions.suite("mnist").names());
    }

    @Test
    void randomCorruptionsDrawFromTheirGenerator() {
        Image x = image(3, 32, 1);
        for (String name : List.of("gaussian_noise", "shot_noise", "impulse_noise", "glass_blur", "motion_blur", "snow",
                "frost", "fog", "elastic_transform")) {
            Corruption c = Corruptions.suite("cifar10").get(name);
            Image a = c.apply(x, 3, new SplittableRandom(1));
            Image b = c.apply(x, 3, new SplittableRandom(2));
            assertFalse(java.util.Arrays.equals(a.v(), b.v()), name + " ignores its generator");
        }
    }

    @Test
    void pointGeneratorsDependOnlyOnTheirKey() {
        SplittableRandom a = CorruptionCache.rng(7, "cifar10", "fog", 3, 12);
        SplittableRandom b = CorruptionCache.rng(7, "cifar10", "fog", 3, 12);
        assertEquals(a.nextLong(), b.nextLong());
        assertFalse(CorruptionCache.rng(7, "cifar10", "fog", 3, 13).nextLong()
                == CorruptionCache.rng(7, "cifar10", "fog", 3, 12).nextLong());
        assertFalse(CorruptionCache.rng(7, "cifar10", "fog", 4, 12).nextLong()
                == CorruptionCache.rng(7, "cifar10", "fog", 3, 12).nextLong());
    }

    /** Each corruption whose parameter has a neutral value is the identity there. */
    @Test
    void isTheIdentityWhereItsParameterSaysSo() {
        Image x = image(3, 32, 0);
        Image g = image(1, 28, 1);
        SplittableRandom r = new SplittableRandom(3);
        assertSame(x, new GaussianNoise(0, 0, 0, 0, 0).apply(x, 2, r));
        assertSame(x, new ImpulseNoise(0, 0, 0, 0, 0).apply(x, 2, r));
        assertSame(x, new Brightness(0, 0, 0, 0, 0).apply(x, 4, r));
        assertSame(g, new Brightness(0, 0, 0, 0, 0).apply(g, 4, r));
        assertSame(x, new Contrast(1, 1, 1, 1, 1).apply(x, 5, r));
        assertSame(x, new Pixelate(1, 1, 1, 1, 1).apply(x, 3, r));
        assertSame(g, new Pixelate(1, 1, 1, 1, 1).apply(g, 3, r));
        double[][] zero3 = {{0, 0, 0}, {0, 0, 0}, {0, 0, 0}, {0, 0, 0}, {0, 0, 0}};
        assertSame(x, new ElasticTransform(zero3).apply(x, 1, r));
        double[][] oneZoom = {{1.001, 0.01}, {1.001, 0.01}, {1.001, 0.01}, {1.001, 0.01}, {1.001, 0.01}};
        assertSame(x, new ZoomBlur(oneZoom).apply(x, 2, r));
        double[][] noFrost = {{1, 0}, {1, 0}, {1, 0}, {1, 0}, {1, 0}};
        assertSame(x, new Frost(noFrost).apply(x, 2, r));
        double[][] noFog = {{0, 2}, {0, 2}, {0, 2}, {0, 2}, {0, 2}};
        assertSame(x, new Fog(noFog, 32).apply(x, 2, r));
        double[][] sharpMotion = {{6, 1e-3}, {6, 1e-3}, {6, 1e-3}, {6, 1e-3}, {6, 1e-3}};
        assertSame(x, new MotionBlur(sharpMotion).apply(x, 2, r));
        assertSame(g, new Affine(Affine.Kind.SHEAR, 0, 0, 0, 0, 0).apply(g, 1, r));
        assertSame(g, new Affine(Affine.Kind.ROTATE, 0, 0, 0, 0, 0).apply(g, 1, r));
        assertSame(g, new Affine(Affine.Kind.SCALE, 1, 1, 1, 1, 1).apply(g, 1, r));
        assertSame(g, new Translate(0, 0, 0, 0, 0).apply(g, 1, r));
    }

    private static void assertSame(Image want, Image got) {
        for (int i = 0; i < want.v().length; i++) {
            assertEquals(want.v()[i], got.v()[i], 1e-9, "value " + i);
        }
    }

    @Test
    void translationMovesTheDigitByItsPixels() {
        Image g = image(1, 28, 0);
        Image t = new Translate(2, 2, 2, 2, 2).apply(g, 1, new SplittableRandom(5));
        // some sign combination: the pixel (y, x) comes from (y ± 2, x ± 2)
        boolean found = false;
        for (int sy : new int[] {-2, 2}) {
            for (int sx : new int[] {-2, 2}) {
                boolean all = true;
                for (int y = 3; y < 25 && all; y++) {
                    for (int x = 3; x < 25 && all; x++) all = Math.abs(t.get(0, y, x) - g.get(0, y + sy, x + sx)) < 1e-12;
                }
                found |= all;
            }
        }
        assertTrue(found);
    }

    @Test
    void badNamesAndSeveritiesAreListed() {
        Corruptions.Suite s = Corruptions.suite("cifar10");
        UnknownNameException u = assertThrows(UnknownNameException.class, () -> s.get("gaussian_nois"));
        assertTrue(u.getMessage().contains("jpeg_compression") && u.getMessage().contains("did you mean"), u.getMessage());
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> s.get("fog").apply(image(3, 32, 0), 6, new SplittableRandom(0)));
        assertTrue(e.getMessage().contains("severities: 1, 2, 3, 4, 5"), e.getMessage());
        assertThrows(InvalidInputException.class, () -> CorruptionBenchmark.severities(List.of(0)));
        assertThrows(UnknownNameException.class, () -> Corruptions.suite("imagenet"));
    }

    @Test
    void poissonDrawsHaveTheirMeanAndVariance() {
        for (double lambda : new double[] {0.5, 3, 25, 250}) {
            SplittableRandom r = new SplittableRandom(11);
            int n = 40000;
            double s = 0, s2 = 0;
            for (int i = 0; i < n; i++) {
                long k = Filters.poisson(r, lambda);
                s += k;
                s2 += (double) k * k;
            }
            double mean = s / n, var = s2 / n - mean * mean;
            assertEquals(lambda, mean, 5 * Math.sqrt(lambda / n), "mean at λ = " + lambda);
            assertEquals(lambda, var, 0.05 * lambda + 0.05, "variance at λ = " + lambda);
        }
    }

    /** The synthetic frost (docs/corruptions.md): a pale layer of mean about 0.45, never empty, never saturated. */
    @Test
    void syntheticFrostIsAPaleTexture() {
        double mean = 0;
        for (int seed = 0; seed < 20; seed++) {
            double[] f = Frost.layer(32, 32, new SplittableRandom(seed));
            double m = 0, min = 1, max = 0;
            for (double v : f) {
                m += v / f.length;
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            assertTrue(max - min > 0.2, "frost layer without texture: " + min + ".." + max);
            mean += m / 20;
        }
        assertTrue(mean > 0.4 && mean < 0.55, "mean of the frost layer " + mean);
    }

    @Test
    void numpyArangeLengthsAreNumpys() {
        // numpy.arange(1, 1.06, 0.01) has 7 values (1.00 .. 1.06): (1.06 - 1) / 0.01 = 6.000000000000005
        assertEquals(7, ZoomBlur.arange(1, 1.06, 0.01).length);
        assertEquals(12, ZoomBlur.arange(1, 1.11, 0.01).length);
        assertEquals(16, ZoomBlur.arange(1, 1.16, 0.01).length);
        assertEquals(26, ZoomBlur.arange(1, 1.26, 0.01).length);
    }
}
