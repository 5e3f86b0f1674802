package org.robustj.train;

import org.robustj.errors.InvalidInputException;

/**
 * The ε and κ schedules of certified training (Gowal et al. 2018, arXiv 1810.12715, §4; Zhang et al. 2020,
 * arXiv 1906.06316): after {@code warmupEpochs} of clean training (ε = 0), ε grows linearly from 0 to the
 * train ε over {@code rampEpochs} while κ, the weight of the clean CE, moves linearly from {@code kappaStart}
 * to {@code kappaEnd}; both then stay at their final values. CROWN-IBP's β (the weight of the CROWN-IBP bound)
 * is 1 − ε_t/ε, going from 1 to 0 as ε grows. Every value is a pure function of the global step, so a resumed
 * run follows the same schedule.
 *
 * @param eps the train ε, finite and ≥ 0
 * @param warmupEpochs epochs at ε = 0 (fractions allowed), ≥ 0
 * @param rampEpochs epochs over which ε and κ move to their final values, ≥ 0 (0: a jump after the warm-up)
 * @param kappaStart κ during the warm-up, in [0, 1]
 * @param kappaEnd κ after the ramp, in [0, 1]
 */
public record CertifiedSchedule(double eps, double warmupEpochs, double rampEpochs, double kappaStart,
        double kappaEnd) {
    public CertifiedSchedule {
        check(eps >= 0 && Double.isFinite(eps), "eps must be finite and >= 0, got " + eps);
        check(warmupEpochs >= 0 && Double.isFinite(warmupEpochs), "warmup_epochs must be finite and >= 0, got "
                + warmupEpochs);
        check(rampEpochs >= 0 && Double.isFinite(rampEpochs), "ramp_epochs must be finite and >= 0, got "
                + rampEpochs);
        check(kappaStart >= 0 && kappaStart <= 1, "kappa_start must be in [0, 1], got " + kappaStart);
        check(kappaEnd >= 0 && kappaEnd <= 1, "kappa_end must be in [0, 1], got " + kappaEnd);
    }

    private static void check(boolean ok, String message) {
        if (!ok) throw new InvalidInputException(message);
    }

    /**
     * Progress of the ramp after {@code globalStep + 1} steps, in [0, 1]: 0 up to the end of the warm-up, 1 from
     * the end of the ramp on (so the last ramp step trains at the full ε).
     */
    public double progress(long globalStep, int stepsPerEpoch) {
        double epochs = (globalStep + 1) / (double) stepsPerEpoch;
        if (epochs <= warmupEpochs) return 0;
        if (rampEpochs == 0) return 1;
        return Math.min(1, (epochs - warmupEpochs) / rampEpochs);
    }

    /** The ε of a step. */
    public double epsAt(long globalStep, int stepsPerEpoch) {
        return eps * progress(globalStep, stepsPerEpoch);
    }

    /** The weight κ of the clean CE at a step. */
    public double kappaAt(long globalStep, int stepsPerEpoch) {
        return kappaStart + (kappaEnd - kappaStart) * progress(globalStep, stepsPerEpoch);
    }

    /** CROWN-IBP's β at a step: 1 − ε_t/ε (1 while ε_t = 0). */
    public double betaAt(long globalStep, int stepsPerEpoch) {
        return 1 - progress(globalStep, stepsPerEpoch);
    }
}
