package org.robustj.eval;

import java.util.Arrays;

/**
 * How well an uncertainty detector would catch an attack on a randomized model (Feng, Rudner, Tsilivis &amp;
 * Kempe 2024): the detector flags an input whose predictive entropy H[p̄] is high, so an attack that breaks points
 * at low entropy evades it. Per attack it summarises the entropy of the points it broke and gives the detector's
 * AUROC against the clean points' entropy, the Mann-Whitney form P(H_adv &gt; H_clean) + ½·P(H_adv = H_clean):
 * 1 when every adversarial input is more uncertain than every clean one (caught at some threshold), ½ when the
 * entropy does not tell them apart, below ½ when the attack made its inputs more confident than clean ones.
 */
public final class EntropyDetection {
    private EntropyDetection() {}

    /**
     * The entropies of one attack's broken points against the clean points.
     *
     * @param broken how many points the attack broke (with an entropy)
     * @param mean their mean entropy (nats)
     * @param median their median entropy (nats)
     * @param cleanMean the clean points' mean entropy (nats)
     * @param auroc the detector's AUROC, adversarial against clean ({@link #auroc})
     */
    public record Summary(int broken, double mean, double median, double cleanMean, double auroc) {}

    /** The recorded values of {@code h} in order, without its null entries (points with no entropy). */
    public static double[] present(Float[] h) {
        return java.util.Arrays.stream(h).filter(java.util.Objects::nonNull).mapToDouble(Float::doubleValue).toArray();
    }

    /**
     * The summary of {@code adversarial} (entropies of the points an attack broke) against {@code clean}
     * (entropies of the clean points), or null when either is empty (nothing to compare).
     */
    public static Summary of(double[] adversarial, double[] clean) {
        if (adversarial.length == 0 || clean.length == 0) {
            return null;
        }
        double[] s = adversarial.clone();
        Arrays.sort(s);
        int n = s.length;
        double median = n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
        return new Summary(n, Arrays.stream(s).average().orElseThrow(), median,
                Arrays.stream(clean).average().orElseThrow(), auroc(adversarial, clean));
    }

    /**
     * AUROC of a detector that scores an input by its entropy, adversarial ({@code positive}) against clean
     * ({@code negative}), from the Mann-Whitney statistic: with R the sum of the positives' ranks in the pooled
     * sample (ties share their mean rank), U = R − n₊(n₊+1)/2 and AUROC = U / (n₊·n₋), which equals
     * P(X₊ &gt; X₋) + ½·P(X₊ = X₋) over all pairs.
     *
     * @throws IllegalArgumentException when either sample is empty or holds a NaN
     */
    public static double auroc(double[] positive, double[] negative) {
        int np = positive.length;
        int nn = negative.length;
        if (np == 0 || nn == 0) {
            throw new IllegalArgumentException("AUROC needs both samples, got " + np + " and " + nn + " values");
        }
        double[] pooled = new double[np + nn];
        System.arraycopy(positive, 0, pooled, 0, np);
        System.arraycopy(negative, 0, pooled, np, nn);
        double[] ranks = ranks(pooled);
        double r = 0;
        for (int i = 0; i < np; i++) r += ranks[i];
        double u = r - np * (np + 1) / 2.0;
        return u / ((double) np * nn);
    }

    /** Ranks 1..n of {@code v} in increasing order, tied values sharing their mean rank (no library needed). */
    private static double[] ranks(double[] v) {
        Integer[] order = new Integer[v.length];
        for (int i = 0; i < v.length; i++) {
            if (Double.isNaN(v[i])) {
                throw new IllegalArgumentException("AUROC of a NaN entropy");
            }
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(v[a], v[b]));
        double[] ranks = new double[v.length];
        for (int from = 0; from < v.length; ) {
            int to = from;
            while (to + 1 < v.length && v[order[to + 1]] == v[order[from]]) to++;
            double mean = (from + to) / 2.0 + 1; // ranks from+1 .. to+1
            for (int k = from; k <= to; k++) ranks[order[k]] = mean;
            from = to + 1;
        }
        return ranks;
    }
}
