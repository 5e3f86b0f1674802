package org.robustj.diagnose.training;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.robustj.errors.InvalidInputException;

/**
 * Reads a training probe's options (the config's {@code probes.NAME} object, or {@code key=value} pairs from the
 * command line, where every value is a string): unknown keys, non-numbers and out-of-range values are refused
 * with one line naming the probe and the option.
 */
public final class ProbeOptions {
    private final String probe;
    private final Map<String, Object> values;

    /**
     * @param probe the probe's name, for the messages
     * @param values the options
     * @param known the option names it accepts
     */
    public ProbeOptions(String probe, Map<String, Object> values, List<String> known) {
        this.probe = probe;
        this.values = values == null ? Map.of() : values;
        Set<String> k = Set.copyOf(known);
        for (String key : this.values.keySet()) {
            if (!k.contains(key)) {
                throw new InvalidInputException("unknown " + probe + " monitor option '" + key + "'; options: "
                        + String.join(", ", known));
            }
        }
    }

    /** Whether the option is given. */
    public boolean has(String key) {
        return values.get(key) != null;
    }

    /** The option {@code every}, which every probe needs: its interval in steps, at least 1. */
    public int every() {
        if (!has("every")) {
            throw new InvalidInputException("the " + probe + " monitor needs every=K (measure every K steps)");
        }
        return integer("every", 0, 1, Integer.MAX_VALUE);
    }

    /** An integer option in [min, max], {@code def} when absent. */
    public int integer(String key, int def, int min, int max) {
        if (!has(key)) return def;
        double d = number(key, def);
        if (d != Math.rint(d)) {
            throw new InvalidInputException(probe + " monitor " + key + " must be an integer, got " + values.get(key));
        }
        if (d < min || d > max) {
            throw new InvalidInputException(probe + " monitor " + key + " must be in [" + min + ", " + max + "], got "
                    + (long) d);
        }
        return (int) d;
    }

    /** A number, {@code def} when absent. */
    public double number(String key, double def) {
        Object v = values.get(key);
        if (v == null) return def;
        if (v instanceof Number n) return n.doubleValue();
        try {
            return Double.parseDouble(String.valueOf(v));
        } catch (NumberFormatException e) {
            throw new InvalidInputException(probe + " monitor " + key + " must be a number, got " + v);
        }
    }

    /** A boolean ({@code true}/{@code false}), {@code def} when absent. */
    public boolean bool(String key, boolean def) {
        Object v = values.get(key);
        if (v == null) return def;
        if (v instanceof Boolean b) return b;
        String s = String.valueOf(v);
        if (s.equals("true") || s.equals("false")) return Boolean.parseBoolean(s);
        throw new InvalidInputException(probe + " monitor " + key + " must be true or false, got " + v);
    }

    /** A string, {@code def} when absent. */
    public String string(String key, String def) {
        Object v = values.get(key);
        return v == null ? def : String.valueOf(v);
    }
}
