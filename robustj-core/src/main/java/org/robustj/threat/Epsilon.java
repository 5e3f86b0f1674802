package org.robustj.threat;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/**
 * How ε is written for people, in one place (logs, tables, reports, the leaderboard): a short decimal as
 * itself ({@code 0.3}, {@code 2}), a multiple of 1/255 as the fraction researchers give it ({@code 8/255}, not
 * {@code 0.03137254901960784} or {@code 0.031373}), anything else with six significant digits. Machine-read
 * files (run records, entries) keep the number.
 */
public final class Epsilon {
    private Epsilon() {}

    /** ε for display: {@code 0.1}, {@code 8/255}, {@code 2}, {@code 0.0123457}. */
    public static String format(double eps) {
        if (!Double.isFinite(eps)) {
            return Double.toString(eps);
        }
        BigDecimal exact = new BigDecimal(Double.toString(eps)).stripTrailingZeros();
        if (exact.precision() <= 6) {
            return plain(exact);
        }
        double k = Math.rint(eps * 255);
        if (k >= 1 && k <= 255 && Math.abs(eps * 255 - k) <= 1e-6 * k) {
            return (long) k + "/255";
        }
        return plain(exact.round(new MathContext(6)).stripTrailingZeros());
    }

    private static String plain(BigDecimal d) {
        String s = d.abs().compareTo(new BigDecimal("1e-4")) < 0 && d.signum() != 0
                ? String.format(Locale.ROOT, "%.5e", d.doubleValue()).replaceFirst("\\.?0+e", "e")
                : d.toPlainString();
        return s.equals("-0") ? "0" : s;
    }
}
