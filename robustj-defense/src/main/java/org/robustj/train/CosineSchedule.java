package org.robustj.train;

/**
 * Cosine annealing per step without restarts (Loshchilov &amp; Hutter 2017, arXiv 1608.03983):
 * {@code base · (1 + cos(π·t/T)) / 2} for step t of T, from {@code base} at the first step towards 0.
 */
public record CosineSchedule(double base) implements LrSchedule {
    @Override
    public double lr(long step, int stepsPerEpoch, long totalSteps) {
        return base * (1 + Math.cos(Math.PI * step / totalSteps)) / 2;
    }
}
