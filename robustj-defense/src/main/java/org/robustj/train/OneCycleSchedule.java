package org.robustj.train;

/**
 * The triangular one-cycle schedule of fast adversarial training (Wong et al. 2020, arXiv 2001.03994;
 * Smith &amp; Topin 2017, arXiv 1708.07120): per step, linear from 0 to {@code base} over the first
 * {@code peakFraction·T} steps, then linear back to 0 at step T. As in Wong et al.'s code, the rate of step t is
 * the value at the end of that step (t + 1), so the first step has rate {@code base/(peakFraction·T)} and the
 * last one 0.
 */
public record OneCycleSchedule(double base, double peakFraction) implements LrSchedule {
    @Override
    public double lr(long step, int stepsPerEpoch, long totalSteps) {
        double peak = peakFraction * totalSteps;
        double t = step + 1;
        if (t <= peak) {
            return base * t / peak;
        }
        return base * Math.max(0, totalSteps - t) / (totalSteps - peak);
    }
}
