package org.robustj.report;

import java.util.Locale;

/**
 * How numbers are printed on reports and the leaderboard, in one place so tests can format a run record's
 * value the same way and compare it with the page: accuracies as percent with two decimals, norms with
 * four decimals, ε as researchers write it ({@code 8/255}), seconds with one decimal, entropies and AUROCs
 * with three.
 */
public final class Fmt {
    private Fmt() {}

    /** A fraction as percent with two decimals, without the sign: 0.9871 gives {@code 98.71}. */
    public static String pct(double fraction) {
        return String.format(Locale.ROOT, "%.2f", 100 * fraction);
    }

    /** A value already in percent with two decimals. */
    public static String pct100(double percent) {
        return String.format(Locale.ROOT, "%.2f", percent);
    }

    /** A norm with four decimals. */
    public static String norm(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    /** ε as {@link org.robustj.threat.Epsilon#format} writes it everywhere ({@code 0.3}, {@code 8/255}). */
    public static String eps(double eps) {
        return org.robustj.threat.Epsilon.format(eps);
    }

    /** Seconds with one decimal. */
    public static String seconds(double s) {
        return String.format(Locale.ROOT, "%.1f", s);
    }

    /** A statistic with three decimals (a predictive entropy in nats, an AUROC): 0.69315 gives {@code 0.693}. */
    public static String num3(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    /** An integer with no grouping. */
    public static String integer(long v) {
        return Long.toString(v);
    }
}
