package org.robustj.certify.smoothing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Scale;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.junit.jupiter.api.Test;

/** The formula checks of REFERENCES §14 and closed forms of the Clopper–Pearson bound and the binomial test. */
class SmoothingStatisticsTest {

    @Test
    void allCorrectSamplesGiveTheReferenceMaximalRadius() {
        // n = 100,000, n_A = n, α = 0.001: p̲ = α^(1/n) = 0.999931, radius = 3.81 σ (REFERENCES §14)
        double pA = SmoothingStatistics.lowerConfidenceBound(100_000, 100_000, 0.001);
        assertEquals(Math.pow(0.001, 1e-5), pA, 1e-12);
        assertEquals(0.999931, pA, 5e-7);
        assertEquals(3.81, SmoothingStatistics.radius(1.0, pA), 0.005);
        assertEquals(0.25 * 3.81, SmoothingStatistics.radius(0.25, pA), 0.25 * 0.005);
    }

    @Test
    void lowerBoundMatchesBothClosedForms() {
        // Beta(n, 1) has CDF q^n: quantile α^(1/n); Beta(1, n) has CDF 1 − (1 − q)^n: quantile 1 − (1 − α)^(1/n)
        for (int n : new int[] {1, 7, 100, 10_000, 100_000}) {
            for (double alpha : new double[] {0.1, 0.001, 1e-6}) {
                assertEquals(Math.pow(alpha, 1.0 / n), SmoothingStatistics.lowerConfidenceBound(n, n, alpha),
                        1e-11, "n_A = n = " + n + ", alpha " + alpha);
                assertEquals(-Math.expm1(Math.log1p(-alpha) / n),
                        SmoothingStatistics.lowerConfidenceBound(1, n, alpha), 1e-11 * Math.max(1, alpha),
                        "n_A = 1, n = " + n + ", alpha " + alpha);
            }
        }
    }

    @Test
    void zeroSuccessesGiveZero() {
        assertEquals(0.0, SmoothingStatistics.lowerConfidenceBound(0, 1000, 0.001));
    }

    @Property(tries = 200, seed = "14")
    void lowerBoundIsTheExactClopperPearsonEnd(@ForAll @IntRange(min = 1, max = 5000) int n,
            @ForAll @DoubleRange(min = 0.0, max = 1.0) @Scale(4) double frac,
            @ForAll @DoubleRange(min = 1e-4, max = 0.2) @Scale(6) double alpha) {
        int k = Math.max(1, (int) Math.round(frac * n));
        double p = SmoothingStatistics.lowerConfidenceBound(k, n, alpha);
        // Clopper–Pearson: P(X >= k | p) = α at the bound, and never more (the bound is never too high)
        double tail = 1 - new BinomialDistribution(null, n, p).cumulativeProbability(k - 1);
        assertTrue(tail <= alpha * (1 + 1e-9), "tail " + tail + " > alpha " + alpha);
        assertTrue(tail >= alpha * (1 - 1e-4), "tail " + tail + " well below alpha " + alpha + ": bound too low");
        assertTrue(p <= (double) k / n, "bound above the point estimate");
    }

    @Property(tries = 100, seed = "14")
    void radiusGrowsWithPA(@ForAll @DoubleRange(min = 0.5, max = 0.9999) @Scale(6) double a,
            @ForAll @DoubleRange(min = 0.5, max = 0.9999) @Scale(6) double b) {
        double lo = Math.min(a, b);
        double hi = Math.max(a, b);
        assertTrue(SmoothingStatistics.radius(0.5, lo) <= SmoothingStatistics.radius(0.5, hi));
    }

    @Test
    void radiusIsZeroAtOneHalf() {
        assertEquals(0.0, SmoothingStatistics.radius(0.25, 0.5), 1e-15);
    }

    @Test
    void binomialPValueMatchesClosedForms() {
        // all n trials in the top class: two-sided p = 2 · 2^−n
        assertEquals(2.0 / 1024, SmoothingStatistics.binomialPValue(10, 0), 1e-15);
        // n = 4, k = 3: P(X >= 3) + P(X <= 1) = 5/16 + 5/16
        assertEquals(10.0 / 16, SmoothingStatistics.binomialPValue(3, 1), 1e-15);
        assertEquals(1.0, SmoothingStatistics.binomialPValue(50, 50), 1e-12);
        assertEquals(1.0, SmoothingStatistics.binomialPValue(0, 0));
    }
}
