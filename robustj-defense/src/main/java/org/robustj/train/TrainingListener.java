package org.robustj.train;

import java.nio.file.Path;

/**
 * Receives progress from a {@link Trainer}, on the training thread (keep it fast). The library prints nothing;
 * the CLI turns these calls into a progress bar. Every method has an empty default.
 */
public interface TrainingListener {
    /**
     * The state after one step.
     *
     * @param epoch 0-based epoch
     * @param step 1-based number of steps done in this epoch
     * @param imagesDone training images done in this epoch
     * @param loss mean loss of the epoch so far
     * @param accuracy training accuracy of the epoch so far
     * @param imagesPerSecond training speed since this process started (or resumed) the run
     * @param etaSeconds estimated seconds to the end of the last epoch at that speed
     */
    record Status(int epoch, int epochs, int step, int stepsPerEpoch, long imagesDone, long imagesPerEpoch,
            double loss, double accuracy, double lr, double imagesPerSecond, double etaSeconds) {}

    /** Training starts (or resumes) at the given 0-based epoch and step. */
    default void onStart(TrainConfig config, int trainSize, int stepsPerEpoch, int epoch, int step) {}

    /** A step finished. */
    default void onStep(Status status) {}

    /** An epoch finished and was logged. */
    default void onEpoch(EpochLog log, int epochs) {}

    /** A checkpoint was written after {@code step} steps of 0-based {@code epoch}. */
    default void onCheckpoint(Path file, int epoch, int step) {}

    /** A {@link TrainingProbe} measured the model; {@code summary} is its one-line summary. */
    default void onProbe(ProbePoint point, String summary) {}

    /** A notable event worth a log line (e.g. catastrophic overfitting detected). */
    default void onMessage(String message) {}

    /** Progress of the final clean evaluation on the test set. */
    default void onFinalEvaluation(int done, int total) {}
}
