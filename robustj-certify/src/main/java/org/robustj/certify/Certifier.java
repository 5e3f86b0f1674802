package org.robustj.certify;

import ai.djl.ndarray.NDArray;
import java.util.List;
import org.robustj.model.Classifier;

/**
 * A way to prove robustness: randomized smoothing (a probabilistic certificate for a smoothed classifier)
 * or bound propagation (a deterministic certificate for the network itself). A certifier only certifies;
 * loading, batching, checkpoints and reports belong to the runner and the command.
 *
 * <p>To add a certifier: implement this interface in a sub-package and register it in {@link Certifiers}.
 */
public interface Certifier {
    /**
     * What a method that needs the layer graph suggests when the model has none (opaque or query-only):
     * randomized smoothing, which queries logits only.
     */
    String LOGITS_ONLY_ALTERNATIVE = "use --method smoothing, which needs only logits and works on query-only models";

    /** The registered name: {@code smoothing}, {@code ibp}, {@code crown}, {@code crown-ibp}. */
    String name();

    /** Whether it reads the model's layer graph ({@link Classifier#graph()}); smoothing needs only logits. */
    boolean needsGraph();

    /**
     * How many points the runner passes to one {@link #certify} call. Bound methods take
     * {@link CertifyConfig#batchSize()} points at once (the default); a sampling method whose batch size
     * counts noise samples per forward pass returns 1, so that progress and checkpoints move point by point.
     * Results never depend on it (every random draw is keyed by the point's index).
     */
    default int pointsPerCall(CertifyConfig config) {
        return config.batchSize();
    }

    /**
     * Whether a certificate is about the model itself (bound propagation: then no attack on the model may
     * break a certified point, and {@code evaluate --certify} treats such a break as a certifier bug) rather
     * than about a derived classifier (randomized smoothing certifies the smoothed classifier, which an attack
     * on the base model does not refute). By default, the methods that read the layer graph.
     */
    default boolean certifiesModel() {
        return needsGraph();
    }

    /**
     * Certifies one batch of points.
     *
     * @param x inputs N×… in [0, 1]
     * @param labels true labels
     * @param indices the points' positions in the test set: every random draw is keyed by them, so results
     *     do not depend on batching
     * @return one certificate per point, in order
     */
    List<PointCertificate> certify(Classifier model, NDArray x, int[] labels, int[] indices, CertifyConfig config);

    /**
     * Figures about the model this method measures at a set of points and one ε, reported beside the
     * certificates (IBP reports the model's IBP tightness, DIAGNOSTICS §5): one value per point, keyed by the
     * figure's name. Empty for most methods; a figure the model does not admit is left out.
     */
    default java.util.Map<String, double[]> pointFigures(Classifier model, NDArray x, int[] labels, double eps,
            CertifyConfig config) {
        return java.util.Map.of();
    }
}
