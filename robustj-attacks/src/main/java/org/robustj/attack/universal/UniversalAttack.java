package org.robustj.attack.universal;

import java.util.Set;
import org.robustj.data.Dataset;
import org.robustj.model.Classifier;
import org.robustj.threat.Norm;
import org.robustj.threat.ThreatModel;

/**
 * A method that fits one perturbation v for a whole input distribution (a universal adversarial perturbation):
 * ‖v‖ ≤ ε in the threat model's norm, applied as clip(x + v) to the threat model's box. Unlike an
 * {@link org.robustj.attack.Attack}, which searches per point, it fits once on some points (or none: data-free)
 * and is judged on others ({@link UniversalEvaluation}).
 */
public interface UniversalAttack {
    /** Registry name ({@code uap}, {@code gd-uap}). */
    String name();

    /** The immutable configuration record (serialised into run records). */
    Object config();

    /** The norms whose balls the method can project onto. */
    Set<Norm> norms();

    /**
     * Checks, before any work, that the method can run on this model and threat model (norm, the model's
     * capabilities, layer names), with one-line errors.
     */
    void check(Classifier model, ThreatModel threat);

    /**
     * Fits the perturbation.
     *
     * @param fit the fitting points (the training points of {@code uap}; {@code gd-uap}'s validation points,
     *     which pick among its iterates, and its data prior); never the points it is judged on
     * @param seed root seed of every random draw (shuffles, initialisation, batches)
     * @param log where progress lines go (one per pass or validation); never changes the result
     */
    UniversalFit fit(Classifier model, Dataset fit, ThreatModel threat, long seed, java.util.function.Consumer<String> log);
}
