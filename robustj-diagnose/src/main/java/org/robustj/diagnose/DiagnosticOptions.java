package org.robustj.diagnose;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.robustj.errors.InvalidInputException;
import org.robustj.errors.UnknownNameException;

/**
 * The free-form {@code --option KEY=VALUE} settings of a diagnostic or experiment, with typed getters whose
 * errors name the option and the value. Which keys exist is declared by the diagnostic ({@link
 * Diagnostic#options()}) and checked once by {@link #checkKnown}.
 */
public final class DiagnosticOptions {
    private final Map<String, String> values;

    private DiagnosticOptions(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    /** No options. */
    public static DiagnosticOptions none() {
        return new DiagnosticOptions(Map.of());
    }

    /** Options from a map. */
    public static DiagnosticOptions of(Map<String, String> values) {
        return new DiagnosticOptions(values);
    }

    /** Options from {@code KEY=VALUE} strings (null: none); a malformed one or a repeated key is refused. */
    public static DiagnosticOptions parse(List<String> pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        if (pairs != null) {
            for (String p : pairs) {
                int eq = p.indexOf('=');
                if (eq < 1) {
                    throw new InvalidInputException("--option must look like KEY=VALUE, got '" + p + "'");
                }
                String k = p.substring(0, eq).strip();
                if (m.put(k, p.substring(eq + 1).strip()) != null) {
                    throw new InvalidInputException("--option " + k + " given twice");
                }
            }
        }
        return new DiagnosticOptions(m);
    }

    /** The options as given, for the record's configuration. */
    public Map<String, String> asMap() {
        return new java.util.TreeMap<>(values);
    }

    /** Refuses any key outside {@code known}, naming {@code who} and listing the known keys. */
    public void checkKnown(String who, Collection<String> known) {
        for (String k : values.keySet()) {
            if (!known.contains(k)) {
                throw new UnknownNameException("option of " + who, k, known);
            }
        }
    }

    /** Whether {@code key} was given. */
    public boolean has(String key) {
        return values.containsKey(key);
    }

    /** The value of {@code key}, or {@code def}. */
    public String string(String key, String def) {
        return values.getOrDefault(key, def);
    }

    /** An integer option in [min, max], or {@code def}. */
    public int integer(String key, int def, int min, int max) {
        String v = values.get(key);
        if (v == null) {
            return def;
        }
        int x;
        try {
            x = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new InvalidInputException("--option " + key + " must be an integer, got '" + v + "'");
        }
        if (x < min || x > max) {
            throw new InvalidInputException("--option " + key + " must be in [" + min + ", " + max + "], got " + x);
        }
        return x;
    }

    /** A finite number in [min, max], or {@code def}. */
    public double number(String key, double def, double min, double max) {
        String v = values.get(key);
        if (v == null) {
            return def;
        }
        double x;
        try {
            x = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            x = Double.NaN;
        }
        if (!Double.isFinite(x)) {
            throw new InvalidInputException("--option " + key + " must be a number, got '" + v + "'");
        }
        if (x < min || x > max) {
            throw new InvalidInputException("--option " + key + " must be in [" + min + ", " + max + "], got " + v);
        }
        return x;
    }

    /** A boolean ({@code true}/{@code false}), or {@code def}. */
    public boolean bool(String key, boolean def) {
        String v = values.get(key);
        if (v == null) {
            return def;
        }
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(v);
        }
        throw new InvalidInputException("--option " + key + " must be true or false, got '" + v + "'");
    }

    /** A comma-separated list, or {@code def}. */
    public List<String> list(String key, List<String> def) {
        String v = values.get(key);
        if (v == null) {
            return def;
        }
        return java.util.Arrays.stream(v.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** One of {@code allowed}, or {@code def}. */
    public String choice(String key, String def, List<String> allowed) {
        String v = values.getOrDefault(key, def);
        if (!allowed.contains(v)) {
            throw new UnknownNameException("value of --option " + key, v, allowed);
        }
        return v;
    }
}
