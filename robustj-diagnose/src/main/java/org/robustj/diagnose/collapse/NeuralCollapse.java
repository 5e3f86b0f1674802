package org.robustj.diagnose.collapse;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Neural collapse of one feature matrix held in memory: the measures of {@link LayerMeasures} plus, given the
 * last layer's weights, NC2 of the classifier rows and NC3. What {@link CollapseDiagnostic} computes batch by
 * batch at every layer, in one call; for features computed elsewhere and for tests.
 *
 * <pre>{@code
 * LayerMeasures m = NeuralCollapse.measure(manager, features, n, d, labels, predictions, 10, null);
 * }</pre>
 */
public final class NeuralCollapse {
    private NeuralCollapse() {}

    /**
     * Measures features {@code h} (n × d, row-major) with labels {@code y} and the network's predictions
     * {@code net}; {@code centres} are the clean centres for the nearest-centre accuracy and the leap (null:
     * the features' own means).
     */
    public static LayerMeasures measure(NDManager manager, float[] h, int n, int d, int[] y, int[] net, int classes,
            ClassMeans.Means centres) {
        try (NDManager s = manager.newSubManager()) {
            NDArray x = s.create(h, new Shape(n, d));
            ClassMeans cm = new ClassMeans(classes, d);
            cm.add(x, y);
            ClassMeans.Means own = cm.finish();
            Spread sp = new Spread(own, centres == null ? own : centres);
            sp.add(x, y, net);
            return LayerMeasures.of(own, sp.finish());
        }
    }

    /** The class means of {@code h} (n × d) with labels {@code y}. */
    public static ClassMeans.Means means(NDManager manager, float[] h, int n, int d, int[] y, int classes) {
        try (NDManager s = manager.newSubManager()) {
            ClassMeans cm = new ClassMeans(classes, d);
            cm.add(s.create(h, new Shape(n, d)), y);
            return cm.finish();
        }
    }

    /**
     * NC2 of the classifier rows and NC3, for the features that feed the last linear layer.
     *
     * @param w C × d weights of the last linear layer
     * @return {equinorm of W, equiangularity of W, NC3}
     */
    public static double[] classifier(double[][] w, ClassMeans.Means means) {
        return new double[] {Geometry.equinorm(w), Geometry.equiangularity(w), Geometry.selfDuality(w, means.centred())};
    }
}
