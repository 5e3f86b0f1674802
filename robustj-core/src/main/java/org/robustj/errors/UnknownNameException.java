package org.robustj.errors;

import java.util.Collection;
import java.util.stream.Collectors;

/**
 * A name (architecture, data set, attack, attack option, track) that no registry knows; lists the known
 * ones and, when one is a likely typo fix (a small edit distance away), suggests it.
 */
public class UnknownNameException extends RobustjException {
    private static final long serialVersionUID = 1L;

    public UnknownNameException(String kind, String name, Collection<String> known) {
        super("unknown " + kind + " '" + name + "'; known: "
                + known.stream().sorted().collect(Collectors.joining(", ")) + suggestion(name, known));
    }

    /** "; did you mean 'X'?" for the closest known name within a third of the name's length, else "". */
    static String suggestion(String name, Collection<String> known) {
        if (name == null) {
            return "";
        }
        String best = null;
        int bestD = Math.max(1, name.length() / 3) + 1;
        for (String k : known.stream().sorted().toList()) {
            int d = distance(name.toLowerCase(java.util.Locale.ROOT), k.toLowerCase(java.util.Locale.ROOT));
            if (d < bestD) {
                bestD = d;
                best = k;
            }
        }
        return best == null || best.equals(name) ? "" : "; did you mean '" + best + "'?";
    }

    /** Levenshtein distance. */
    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
