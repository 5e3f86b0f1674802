package org.robustj.benchmark.corruption;

import java.util.List;
import java.util.SplittableRandom;
import org.robustj.errors.InvalidInputException;

/**
 * One common corruption (Hendrycks and Dietterich 2019, arXiv:1903.12261) at five severities: its name as
 * RobustBench and CIFAR-10-C spell it ({@code gaussian_noise}, ...), its family, the parameter of each severity
 * (the reference generator's table for the suite's image size), and the function itself. {@link #apply} is final:
 * it checks the image and the severity, runs {@link #corrupt} and clips the result into [0, 1]; a subclass holds
 * only the operation. Random draws come from the generator passed in (one per point, keyed by the point's index),
 * so an image's corruption never depends on which other images are corrupted with it.
 */
public abstract class Corruption {
    /** Severities of every corruption: 1..{@value}. */
    public static final int SEVERITIES = 5;

    /** The four families of the benchmark (and the geometric one of MNIST-C). */
    public enum Family {
        /** Gaussian, shot, impulse noise. */
        NOISE,
        /** Defocus, glass, motion, zoom blur. */
        BLUR,
        /** Snow, frost, fog, brightness. */
        WEATHER,
        /** Contrast, elastic transform, pixelate, JPEG. */
        DIGITAL,
        /** MNIST-C's affine corruptions: shear, rotate, scale, translate. */
        GEOMETRIC,
        /** MNIST-C's drawn and edge corruptions: stripe, dotted line, zigzag, Canny edges. */
        DRAWING
    }

    private final String name;
    private final Family family;
    private final List<String> settings;

    /**
     * @param name the registry name
     * @param family the family
     * @param settings the parameter of severities 1..5 as text, for docs, reports and the record
     */
    protected Corruption(String name, Family family, List<String> settings) {
        if (settings.size() != SEVERITIES) {
            throw new IllegalArgumentException(name + ": " + settings.size() + " severities, expected " + SEVERITIES);
        }
        this.name = name;
        this.family = family;
        this.settings = List.copyOf(settings);
    }

    /** The registry name ({@code gaussian_noise}). */
    public final String name() {
        return name;
    }

    /** The family. */
    public final Family family() {
        return family;
    }

    /** The parameter of severity {@code s} as text ({@code σ = 0.08}). */
    public final String setting(int s) {
        checkSeverity(s);
        return settings.get(s - 1);
    }

    /**
     * The corrupted image, values in [0, 1], same shape; the input is not modified.
     *
     * @param x the clean image, values in [0, 1]
     * @param severity 1..5
     * @param rng this point's generator
     */
    public final Image apply(Image x, int severity, SplittableRandom rng) {
        checkSeverity(severity);
        Image out = corrupt(x.copy(), severity, rng);
        if (out.channels() != x.channels() || out.height() != x.height() || out.width() != x.width()) {
            throw new IllegalStateException(name + " changed the image shape");
        }
        return out.clip();
    }

    /** The operation on a copy of the image (it may be changed in place and returned). */
    protected abstract Image corrupt(Image x, int severity, SplittableRandom rng);

    /** Throws {@link InvalidInputException} listing the severities when {@code s} is not one of them. */
    public static void checkSeverity(int s) {
        if (s < 1 || s > SEVERITIES) {
            throw new InvalidInputException("severity " + s + " does not exist; severities: 1, 2, 3, 4, 5");
        }
    }

    /** The parameter table formatted per severity. */
    protected static List<String> settings(String format, double... values) {
        return java.util.Arrays.stream(values).mapToObj(v -> String.format(java.util.Locale.ROOT, format, v)).toList();
    }

    @Override
    public String toString() {
        return name;
    }
}
