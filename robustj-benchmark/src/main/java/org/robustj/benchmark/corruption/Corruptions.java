package org.robustj.benchmark.corruption;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.robustj.errors.UnknownNameException;

/**
 * The registry of corruption suites: {@code cifar10} (the 15 corruptions of CIFAR-10-C with the parameters of the
 * reference generator, hendrycks/robustness {@code make_cifar_c.py}, in its order) and {@code mnist} (the
 * 15 corruptions of MNIST-C, with MNIST-C's five-severity tables, google-research/mnist-c {@code corruptions.py};
 * its four corruptions without severities apply their one setting at every severity). To add a corruption: one class in this package, one line in a suite below.
 */
public final class Corruptions {
    /**
     * Version of the generators. It is part of every cache key and record: a change to any corruption's output
     * must raise it, so that no cache made by the old code is reused.
     */
    public static final int GENERATOR_VERSION = 1;

    /**
     * A named, ordered set of corruptions for one data set.
     *
     * @param id {@code cifar10} or {@code mnist}
     * @param dataset the data set it corrupts
     * @param corruptions in report order
     * @param reference where the parameters come from
     */
    public record Suite(String id, String dataset, List<Corruption> corruptions, String reference) {
        /** The corruption names, in order. */
        public List<String> names() {
            return corruptions.stream().map(Corruption::name).toList();
        }

        /** The corruption {@code name}; an unknown name throws, listing the suite's. */
        public Corruption get(String name) {
            for (Corruption c : corruptions) {
                if (c.name().equals(name)) return c;
            }
            throw new UnknownNameException("corruption", name, names());
        }
    }

    private static final Map<String, Suite> SUITES = new LinkedHashMap<>();

    static {
        SUITES.put("cifar10", new Suite("cifar10", "cifar10", List.of(
                new GaussianNoise(0.04, 0.06, 0.08, 0.09, 0.10),
                new ShotNoise(500, 250, 100, 75, 50),
                new ImpulseNoise(0.01, 0.02, 0.03, 0.05, 0.07),
                new DefocusBlur(new double[][] {{0.3, 0.4}, {0.4, 0.5}, {0.5, 0.6}, {1, 0.2}, {1.5, 0.1}}),
                new GlassBlur(new double[][] {{0.05, 1, 1}, {0.25, 1, 1}, {0.4, 1, 1}, {0.25, 1, 2}, {0.4, 1, 2}},
                        false),
                new MotionBlur(new double[][] {{6, 1}, {6, 1.5}, {6, 2}, {8, 2}, {9, 2.5}}),
                new ZoomBlur(new double[][] {{1.06, 0.01}, {1.11, 0.01}, {1.16, 0.01}, {1.21, 0.01}, {1.26, 0.01}}),
                new Snow(new double[][] {{0.1, 0.2, 1, 0.6, 8, 3, 0.95}, {0.1, 0.2, 1, 0.5, 10, 4, 0.9},
                    {0.15, 0.3, 1.75, 0.55, 10, 4, 0.9}, {0.25, 0.3, 2.25, 0.6, 12, 6, 0.85},
                    {0.3, 0.3, 1.25, 0.65, 14, 12, 0.8}}),
                new Frost(new double[][] {{1, 0.2}, {1, 0.3}, {0.9, 0.4}, {0.85, 0.4}, {0.75, 0.45}}),
                new Fog(new double[][] {{0.2, 3}, {0.5, 3}, {0.75, 2.5}, {1, 2}, {1.5, 1.75}}, 32),
                new Brightness(0.05, 0.1, 0.15, 0.2, 0.3),
                new Contrast(0.75, 0.5, 0.4, 0.3, 0.15),
                new ElasticTransform(new double[][] {{32 * 0.0, 32 * 0.0, 32 * 0.08}, {32 * 0.05, 32 * 0.2, 32 * 0.07},
                    {32 * 0.08, 32 * 0.06, 32 * 0.06}, {32 * 0.1, 32 * 0.04, 32 * 0.05},
                    {32 * 0.1, 32 * 0.03, 32 * 0.03}}),
                new Pixelate(0.95, 0.9, 0.85, 0.75, 0.65),
                new JpegCompression(80, 65, 58, 50, 40)),
                "hendrycks/robustness ImageNet-C/create_c/make_cifar_c.py (CIFAR-10-C)"));
        SUITES.put("mnist", new Suite("mnist", "mnist", List.of(
                new ShotNoise(60, 25, 12, 5, 3),
                new ImpulseNoise(0.03, 0.06, 0.09, 0.17, 0.27),
                new GlassBlur(new double[][] {{0.7, 1, 2}, {0.9, 2, 1}, {1, 2, 3}, {1.1, 3, 2}, {1.5, 4, 2}}, true),
                new MotionBlur(new double[][] {{10, 3}, {15, 5}, {15, 8}, {15, 12}, {20, 15}}),
                new Fog(new double[][] {{1.5, 2}, {2, 2}, {2.5, 1.7}, {2.5, 1.5}, {3, 1.4}}, 256),
                new Brightness(0.1, 0.2, 0.3, 0.4, 0.5),
                new Affine(Affine.Kind.SHEAR, 0.2, 0.4, 0.6, 0.8, 1.0),
                new Affine(Affine.Kind.SCALE, 1 / 0.9, 1 / 0.8, 1 / 0.7, 1 / 0.6, 1 / 0.5),
                new Affine(Affine.Kind.ROTATE, 0.2, 0.4, 0.6, 0.8, 1.0),
                new Translate(1, 2, 3, 4, 5),
                new Stripe(),
                new Spatter(new double[][] {{0.65, 0.3, 4, 0.69, 0.6}, {0.65, 0.3, 3, 0.68, 0.6},
                    {0.65, 0.3, 2, 0.68, 0.5}, {0.65, 0.3, 1, 0.65, 1.5}, {0.67, 0.4, 1, 0.65, 1.5}}),
                new DrawnLine(DrawnLine.Kind.DOTTED_LINE),
                new DrawnLine(DrawnLine.Kind.ZIGZAG),
                new CannyEdges()),
                "google-research/mnist-c corruptions.py (MNIST-C's 15 corruptions; all five severities of its "
                        + "tables, its fixed setting at every severity for stripe, dotted_line, zigzag, canny_edges)"));
    }

    private Corruptions() {}

    /** Suite ids. */
    public static List<String> ids() {
        return new ArrayList<>(SUITES.keySet());
    }

    /** The suite {@code id}; unknown ids throw, listing them. */
    public static Suite suite(String id) {
        Suite s = SUITES.get(id);
        if (s == null) {
            throw new UnknownNameException("corruption suite", id, SUITES.keySet());
        }
        return s;
    }
}
