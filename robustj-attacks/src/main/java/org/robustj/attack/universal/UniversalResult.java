package org.robustj.attack.universal;

import java.util.List;

/**
 * The outcome of a universal perturbation judged on held-out points (plain Java data, for records and reports).
 *
 * @param method registry name of the method
 * @param config the method's configuration record
 * @param perturbation v, one input's values (channel-major), inside the ε-ball
 * @param shape one input's shape (C×H×W)
 * @param norm ‖v‖ in the threat model's norm
 * @param fit what the fit produced (trace, stop reason, fooling rate on the fitting points)
 * @param test the judgement on the held-out points
 * @param randomBaseline the same judgement for a random perturbation of the same size (a cube vertex for L∞, a
 *     random direction otherwise)
 * @param seconds wall time of fit and judgement
 */
public record UniversalResult(String method, Object config, float[] perturbation, long[] shape, double norm,
        UniversalFit fit, Judgement test, Judgement randomBaseline, double seconds) {

    /**
     * Fooling rate and accuracy of one perturbation on the held-out points.
     *
     * @param n points judged
     * @param foolingRate fraction whose predicted class changes under v
     * @param cleanAccuracy accuracy without v
     * @param accuracy accuracy under v (clip(x + v))
     * @param points per point: data-set index, label, clean and perturbed prediction (null in the baseline)
     */
    public record Judgement(int n, double foolingRate, double cleanAccuracy, double accuracy, List<Point> points) {}

    /** One held-out point. */
    public record Point(int index, int label, int clean, int perturbed) {}

    /** The fooling rate on the held-out points, the headline figure. */
    public double foolingRate() {
        return test.foolingRate();
    }
}
