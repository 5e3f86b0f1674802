package org.robustj.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The entropy detector's AUROC in its Mann-Whitney form on hand-made numbers, against the pair-counting
 * definition P(X₊ &gt; X₋) + ½·P(X₊ = X₋) enumerated over every pair, and the per-attack summary.
 */
class EntropyDetectionTest {
    /** The definition: count every (positive, negative) pair. */
    private static double byPairs(double[] pos, double[] neg) {
        double s = 0;
        for (double p : pos) {
            for (double q : neg) s += p > q ? 1 : p == q ? 0.5 : 0;
        }
        return s / (pos.length * (double) neg.length);
    }

    @Test
    void handMadeSamplesGiveTheirPairCounts() {
        // every adversarial entropy above every clean one: the detector separates them
        assertEquals(1.0, EntropyDetection.auroc(new double[] {3, 4, 5}, new double[] {1, 2}), 0);
        // every one below (the low-entropy attack's aim): worse than chance
        assertEquals(0.0, EntropyDetection.auroc(new double[] {1, 2}, new double[] {3, 4, 5}), 0);
        // 1 < 2, 2 and 3 > 2, 2: 2 of 4 pairs
        assertEquals(0.5, EntropyDetection.auroc(new double[] {1, 3}, new double[] {2, 2}), 0);
        // a tie counts half: (2 vs 2) ½ + (2 vs 1) 1 = 1.5 of 2 pairs
        assertEquals(0.75, EntropyDetection.auroc(new double[] {2}, new double[] {2, 1}), 0);
        // 0.1 beats none, 0.5 beats 0.2 and 0.4, 0.9 beats all four: 6 of 12
        assertEquals(0.5, EntropyDetection.auroc(new double[] {0.1, 0.5, 0.9}, new double[] {0.2, 0.4, 0.6, 0.8}), 0);
        // all equal: ½
        assertEquals(0.5, EntropyDetection.auroc(new double[] {0.3, 0.3}, new double[] {0.3, 0.3, 0.3}), 0);
    }

    @Test
    void theRankFormEqualsThePairCountOnRandomSamplesWithTies() {
        SplittableRandom r = new SplittableRandom(11);
        for (int t = 0; t < 200; t++) {
            double[] pos = new double[1 + r.nextInt(30)];
            double[] neg = new double[1 + r.nextInt(30)];
            // values on a coarse grid, so ties are frequent
            for (int i = 0; i < pos.length; i++) pos[i] = r.nextInt(8) * 0.25;
            for (int i = 0; i < neg.length; i++) neg[i] = r.nextInt(8) * 0.25 + (t % 2) * 0.5;
            assertEquals(byPairs(pos, neg), EntropyDetection.auroc(pos, neg), 1e-12);
            // swapping the samples: AUROC(neg, pos) = 1 − AUROC(pos, neg)
            assertEquals(1 - EntropyDetection.auroc(pos, neg), EntropyDetection.auroc(neg, pos), 1e-12);
        }
    }

    @Test
    void theSummaryHasTheBrokenPointsMeanMedianAndTheCleanMean() {
        EntropyDetection.Summary s = EntropyDetection.of(new double[] {0.4, 0.1, 0.3, 0.2}, new double[] {1.0, 0.5});
        assertEquals(4, s.broken());
        assertEquals(0.25, s.mean(), 1e-12);
        assertEquals(0.25, s.median(), 1e-12); // (0.2 + 0.3) / 2
        assertEquals(0.75, s.cleanMean(), 1e-12);
        assertEquals(0.0, s.auroc(), 0);
        assertEquals(0.3, EntropyDetection.of(new double[] {0.3, 0.9, 0.1}, new double[] {0.2}).median(), 1e-12);
        assertNull(EntropyDetection.of(new double[0], new double[] {1}));
        assertNull(EntropyDetection.of(new double[] {1}, new double[0]));
        assertThrows(IllegalArgumentException.class, () -> EntropyDetection.auroc(new double[] {Double.NaN},
                new double[] {1}));
    }
}
