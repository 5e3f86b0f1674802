package org.robustj.train;

import java.util.List;

/**
 * What the catastrophic-overfitting guard has seen so far (saved in checkpoints so a resumed run continues
 * it): every measurement, the best training PGD accuracy and its step, and the step where a collapse was first
 * detected (null if none).
 */
public record MonitorState(List<Point> points, double bestTrainPgdAccuracy, long bestStep, Long collapseStep) {
    /** One measurement: global step, PGD accuracy on the training subset, gradient alignment, ε monitored. */
    public record Point(long step, double trainPgdAccuracy, double gradientAlignment, double eps) {}

    public MonitorState {
        points = List.copyOf(points);
    }

    /** Nothing measured yet. */
    public static MonitorState empty() {
        return new MonitorState(List.of(), -1, -1, null);
    }
}
