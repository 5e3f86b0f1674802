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

    /** The registered name: {@code smoothing}, {@code ibp}, {@code crown}, {@code crown-ibp}. */
    String name();

    /** Whether it reads the model's layer graph ({@link Classifier#graph()}); smoothing needs only logits. */
    boolean needsGraph();

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
}
