package org.robustj.certify.smoothing;

import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.stat.inference.AlternativeHypothesis;
import org.apache.commons.math3.stat.inference.BinomialTest;

/**
 * The three statistics of randomized smoothing (Cohen et al. 2019, arXiv 1902.02918), every special function
 * from Apache Commons Math: the one-sided Clopper–Pearson lower bound on p_A, the certified radius σ·Φ⁻¹(p_A)
 * and the two-sided binomial test of {@code predict}.
 */
public final class SmoothingStatistics {
    /** Absolute accuracy asked of the Beta quantile's solver. */
    private static final double QUANTILE_ACCURACY = 1e-14;

    private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0, 1);

    private SmoothingStatistics() {}

    /**
     * A (1 − α) lower confidence bound on a Bernoulli proportion from {@code successes} out of {@code trials}:
     * the α quantile of Beta(k, n − k + 1) (exact Clopper–Pearson; 0 when k = 0). The reference computes the
     * same number as the lower end of a two-sided (1 − 2α) "beta" interval. The solver's answer is stepped
     * down until its CDF is at most α, so the bound is never above the exact quantile.
     */
    public static double lowerConfidenceBound(long successes, long trials, double alpha) {
        if (trials < 1 || successes < 0 || successes > trials) {
            throw new IllegalArgumentException("need 0 <= successes <= trials, trials >= 1; got " + successes
                    + " of " + trials);
        }
        if (successes == 0) {
            return 0.0;
        }
        BetaDistribution beta = new BetaDistribution(null, successes, trials - successes + 1, QUANTILE_ACCURACY);
        double q = beta.inverseCumulativeProbability(alpha);
        double step = Math.max(Math.ulp(q), QUANTILE_ACCURACY);
        while (q > 0 && beta.cumulativeProbability(q) > alpha) {
            q = Math.max(0, q - step);
            step *= 2;
        }
        return q;
    }

    /** σ·Φ⁻¹(p): the L2 radius within which a smoothed classifier whose top class has p > 1/2 is constant. */
    public static double radius(double sigma, double pA) {
        return sigma * STANDARD_NORMAL.inverseCumulativeProbability(pA);
    }

    /**
     * The two-sided p-value of {@code top} successes in {@code top + second} trials under p = 1/2 (the test of
     * Hung and Fithian, arXiv 1610.03944, that {@code predict} uses to tell the top class from the runner-up).
     * 1 when both counts are 0. Capped at 1, as SciPy's {@code binom_test} (the reference's) does: Commons Math
     * adds both tails, which overlap in the middle term when the counts are equal.
     */
    public static double binomialPValue(long top, long second) {
        long trials = top + second;
        if (trials == 0) {
            return 1.0;
        }
        return Math.min(1.0, new BinomialTest().binomialTest(Math.toIntExact(trials), Math.toIntExact(top), 0.5,
                AlternativeHypothesis.TWO_SIDED));
    }
}
