package org.robustj.attack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.robustj.errors.InvalidInputException;
import org.robustj.errors.UnknownNameException;
import org.robustj.io.Json;

/**
 * Builds configuration records from defaults plus overrides: the defaults are turned into JSON, the
 * overrides (by field name, snake_case or camelCase) replace fields, and the result is read back, so the
 * record's compact constructor validates it once. Unknown fields are an error naming the field.
 */
public final class Configs {
    private Configs() {}

    /**
     * {@code defaults} with {@code overrides} applied; {@code owner} names what takes the options in the errors
     * (e.g. {@code "recipe ibp"}), so that a user reads which of their options was wrong and where.
     */
    @SuppressWarnings("unchecked")
    public static <T> T options(String owner, T defaults, Map<String, Object> overrides) {
        if (overrides == null || overrides.isEmpty()) {
            return defaults;
        }
        ObjectNode tree = (ObjectNode) Json.tree(defaults);
        for (Map.Entry<String, Object> e : overrides.entrySet()) {
            String key = snake(e.getKey());
            if (!tree.has(key)) {
                throw new InvalidInputException("unknown option '" + e.getKey() + "' for " + owner + "; options: "
                        + fieldNames(tree));
            }
            tree.set(key, Json.mapper().valueToTree(e.getValue()));
        }
        try {
            return (T) Json.mapper().treeToValue(tree, defaults.getClass());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            Throwable c = e.getCause() != null ? e.getCause() : e;
            throw new InvalidInputException("bad options for " + owner + ": " + firstLine(c.getMessage()));
        }
    }

    /**
     * An attack's {@code defaults} with {@code overrides} applied, by the names of {@link AttackOptions} (or
     * their aliases): an unknown option names the attack and lists the options it takes, and a value out of
     * range names the attack, the option and the range.
     */
    @SuppressWarnings("unchecked")
    public static <T extends Record> T merge(String attack, T defaults, Map<String, Object> overrides) {
        if (overrides == null || overrides.isEmpty()) {
            return defaults;
        }
        Map<String, java.lang.reflect.RecordComponent> fields = AttackOptions.components(defaults.getClass());
        ObjectNode tree = (ObjectNode) Json.tree(defaults);
        for (Map.Entry<String, Object> e : AttackOptions.canonical(attack, overrides).entrySet()) {
            java.lang.reflect.RecordComponent rc = fields.get(e.getKey());
            if (rc == null) {
                throw new UnknownNameException(attack + " option", e.getKey(), fields.keySet());
            }
            AttackOptions.check(attack, e.getKey(), e.getValue(), !rc.getType().isPrimitive());
            tree.set(snake(rc.getName()), Json.mapper().valueToTree(e.getValue()));
        }
        try {
            return (T) Json.mapper().treeToValue(tree, defaults.getClass());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            Throwable c = e;
            while (c.getCause() != null && !(c instanceof org.robustj.errors.RobustjException)) {
                c = c.getCause();
            }
            if (c instanceof org.robustj.errors.RobustjException) {
                throw new InvalidInputException("bad options for " + attack + ": " + firstLine(c.getMessage()), e);
            }
            throw new InvalidInputException("bad options for " + attack + ": " + firstLine(e.getOriginalMessage())
                    + " (see robustj evaluate --help-attack " + attack + ")", e);
        }
    }

    private static String fieldNames(JsonNode tree) {
        StringBuilder sb = new StringBuilder();
        tree.fieldNames().forEachRemaining(f -> sb.append(sb.length() == 0 ? "" : ", ").append(f));
        return sb.toString();
    }

    static String snake(String s) {
        return s.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replace('-', '_').toLowerCase(java.util.Locale.ROOT);
    }

    private static String firstLine(String m) {
        if (m == null) return "";
        int nl = m.indexOf('\n');
        return nl >= 0 ? m.substring(0, nl) : m;
    }
}
