package org.robustj.train;

/** The same learning rate at every step. */
public record ConstantSchedule(double base) implements LrSchedule {
    @Override
    public double lr(long step, int stepsPerEpoch, long totalSteps) {
        return base;
    }
}
