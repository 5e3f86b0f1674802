package org.robustj.testkit;

import ai.djl.ndarray.NDManager;
import org.robustj.data.Synthetic;

/**
 * Ready-made ground-truth problems: separable Gaussian classes whose points sit far from the faces of
 * [0, 1] (so the box does not bind) together with the linear classifier that separates them.
 */
public final class Oracles {
    private Oracles() {}

    /** A linear problem: data, the model and its closed-form distances. */
    public record LinearProblem(Synthetic.Separable data, LinearClassifier model) implements AutoCloseable {
        @Override
        public void close() {
            model.close();
        }
    }

    /**
     * {@code classes} Gaussian classes in {@code dim} dimensions, {@code n} points, every point at least
     * 0.02 (L2) from the boundary, coordinates around 0.5 ± 0.15.
     */
    public static LinearProblem linear(NDManager manager, int classes, int dim, int n, long seed) {
        Synthetic.Separable s = Synthetic.gaussianClasses(classes, dim, n, 0.12, 0.02, 0.02, seed);
        return new LinearProblem(s, new LinearClassifier(manager, s.weights(), s.bias()));
    }

    /**
     * The same problem on images C×H×W (the features laid out row-major), for threat models that need pixels
     * (l0, patch, frame): the model reads the same numbers, so every closed-form distance still holds.
     */
    public static LinearProblem linearImage(NDManager manager, int classes, int c, int h, int w, int n, long seed) {
        Synthetic.Separable s = Synthetic.gaussianClasses(classes, c * h * w, n, 0.12, 0.02, 0.02, seed);
        ai.djl.ndarray.types.Shape shape = new ai.djl.ndarray.types.Shape(c, h, w);
        org.robustj.data.Dataset flat = s.data();
        org.robustj.data.Dataset img = org.robustj.data.Dataset.ofFloats(flat.name(), flat.split(), shape,
                flat.values(flat.allIndices()), flat.labels(), flat.classNames(), flat.files());
        Synthetic.Separable si = new Synthetic.Separable(img, s.weights(), s.bias(), s.margin());
        return new LinearProblem(si, new LinearClassifier(manager, s.weights(), s.bias(), shape, 1.0));
    }
}
