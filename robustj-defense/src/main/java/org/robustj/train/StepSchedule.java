package org.robustj.train;

import java.util.List;

/**
 * Piecewise-constant decay (PyTorch's {@code MultiStepLR}): {@code base · gamma^k} where k is the number of
 * milestone epochs already reached, so with milestones [100, 150] epochs 0–99 use {@code base}, epochs 100–149
 * {@code base·gamma} and the rest {@code base·gamma²} (Madry et al.'s and Rice et al.'s CIFAR recipes).
 */
public record StepSchedule(double base, List<Integer> milestones, double gamma) implements LrSchedule {
    public StepSchedule {
        milestones = List.copyOf(milestones);
    }

    @Override
    public double lr(long step, int stepsPerEpoch, long totalSteps) {
        long epoch = step / stepsPerEpoch;
        double lr = base;
        for (int m : milestones) {
            if (epoch >= m) {
                lr *= gamma;
            }
        }
        return lr;
    }
}
