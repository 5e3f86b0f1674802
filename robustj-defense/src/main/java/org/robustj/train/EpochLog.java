package org.robustj.train;

/**
 * One line of the training log, written after every epoch.
 *
 * @param epoch 1-based epoch number
 * @param trainLoss mean training loss over the epoch's batches (weighted by batch size)
 * @param trainAccuracy accuracy on the inputs trained on, in training mode, during the epoch
 * @param testAccuracy clean accuracy on the first {@code eval_size} test images after the epoch (null if none)
 * @param lr learning rate of the epoch's last step
 * @param seconds wall time of the epoch's training steps
 * @param imagesPerSecond training images per second during the epoch
 * @param trainPgdAccuracy PGD accuracy on the monitor's fixed training subset after the epoch (null: no monitor)
 * @param testPgdAccuracy PGD accuracy on the monitor's test subset after the epoch (null: none)
 * @param gradientAlignment mean cos(∇ₓℓ(x), ∇ₓℓ(x+η)) on the training subset after the epoch (null: none)
 * @param probes the {@link TrainingProbe} measurements taken during the epoch (null: no probe)
 */
@com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
public record EpochLog(int epoch, double trainLoss, double trainAccuracy, Double testAccuracy, double lr,
        double seconds, double imagesPerSecond, Double trainPgdAccuracy, Double testPgdAccuracy,
        Double gradientAlignment, java.util.List<ProbePoint> probes) {}
