package org.robustj.cli;

import org.robustj.errors.InvalidInputException;

/** Parses a {@code FROM:TO} range of point indices (half-open, as Python slices) for {@code --points}. */
final class PointRange {
    private PointRange() {}

    /**
     * The indices FROM..TO-1 of {@code text}; {@code n} is the number of points the range is taken from (null:
     * not known yet, checked later by the data set).
     */
    static int[] parse(String option, String text, Integer n) {
        String t = text.trim();
        int colon = t.indexOf(':');
        int from;
        int to;
        try {
            if (colon < 1 || colon == t.length() - 1) throw new NumberFormatException();
            from = Integer.parseInt(t.substring(0, colon).trim());
            to = Integer.parseInt(t.substring(colon + 1).trim());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(option + " must look like FROM:TO (e.g. 0:500), got '" + text + "'");
        }
        if (from < 0 || to <= from) {
            throw new InvalidInputException(option + " needs 0 <= FROM < TO, got '" + text + "'");
        }
        if (n != null && to > n) {
            throw new InvalidInputException(option + " " + text + " goes past the " + n + " points evaluated (--n "
                    + n + ")");
        }
        int[] idx = new int[to - from];
        for (int k = 0; k < idx.length; k++) idx[k] = from + k;
        return idx;
    }
}
