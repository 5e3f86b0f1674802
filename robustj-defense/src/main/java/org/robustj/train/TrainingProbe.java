package org.robustj.train;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.robustj.model.Classifier;

/**
 * A measurement a {@link Trainer} takes every {@link #everySteps()} steps (and before the first step), recorded
 * in the training log, the checkpoint and the model card, and shown in the progress output. It is the extension
 * point through which modules that build on robustj-defense (robustj-diagnose's local-complexity monitor)
 * observe a run without robustj-defense depending on them: a probe is named in the config's {@code probes}
 * field and created by the {@link ProbeProvider} of that name found on the class path.
 */
public interface TrainingProbe {
    /** The probe's name, as in the config's {@code probes} field. */
    String name();

    /** The interval in global steps. */
    int everySteps();

    /**
     * Measures the model (eval mode; it must not change the weights or draw from the run's generators).
     *
     * @param step the global step (steps done so far)
     * @return the numbers, as a JSON object (nested objects allowed)
     */
    ObjectNode measure(Classifier model, long step);

    /** One short line for the progress output, e.g. {@code LC(train) r=0.05 3.2, test acc 91.0%}. */
    String summary(ObjectNode values);

    /**
     * Called once before the first measurement of a run with this probe's earlier measurements, oldest first
     * (empty for a new run; a run resumed from a checkpoint passes what the checkpoint holds), so that a probe
     * whose measurement depends on earlier ones (the NTK probe's distance to the first kernel) continues exactly
     * as an uninterrupted run would. Default: nothing to restore.
     */
    default void restore(java.util.List<ProbePoint> earlier) {}
}
