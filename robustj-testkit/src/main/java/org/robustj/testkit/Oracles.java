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
}
