package org.robustj.attack;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.robustj.errors.InvalidInputException;
import org.robustj.io.Json;

/**
 * The one vocabulary of attack options, shared by every attack: {@code steps}, {@code restarts},
 * {@code target_classes}, {@code step_size}, ... with the reference implementations' names (AutoAttack's
 * {@code n_iter}, {@code n_restarts}, {@code n_target_classes}, {@code n_queries}, foolbox's
 * {@code rel_stepsize}, torchattacks' {@code alpha}) accepted as aliases. The attacks' {@code Config} records
 * keep their own component names (some follow the reference, e.g. FAB's {@code n_iter}); a record component
 * is matched to the vocabulary through this table, so options, help and docs use one set of names while
 * old recipes, records and entries still load. The range of each option is checked here, before any record
 * is built, so a bad value is reported with the attack, the option and the allowed range.
 */
public final class AttackOptions {
    /** How an option's value is checked. */
    public enum Kind {
        /** An integer at least 1. */
        COUNT("an integer >= 1"),
        /** A finite number greater than 0. */
        POSITIVE("a finite number > 0"),
        /** A number in (0, 1]. */
        FRACTION("a number in (0, 1]"),
        /** A number in [0, 1]. */
        UNIT("a number in [0, 1]"),
        /** true or false. */
        BOOLEAN("true or false"),
        /** A name (checked by the attack). */
        NAME("a name");

        private final String rule;

        Kind(String rule) {
            this.rule = rule;
        }

        /** The rule in words, as printed in help and errors. */
        public String rule() {
            return rule;
        }
    }

    /**
     * One option of the vocabulary.
     *
     * @param name the canonical snake_case name
     * @param aliases other accepted names (the references' names)
     * @param kind how the value is checked
     * @param description what it does, one line
     */
    public record Option(String name, List<String> aliases, Kind kind, String description) {}

    private static final Map<String, Option> OPTIONS = new LinkedHashMap<>();
    private static final Map<String, String> CANONICAL = new LinkedHashMap<>();

    static {
        add("steps", Kind.COUNT, "iterations per restart (Square, Sparse-RS: queries per point)", "n_iter", "iterations",
                "n_queries", "queries", "max_iter");
        add("restarts", Kind.COUNT, "runs per point (per target for targeted attacks); runs after the first start "
                + "at random", "n_restarts");
        add("target_classes", Kind.COUNT, "targeted attacks: how many of the most likely wrong classes are aimed at "
                + "(at most K-1)", "n_target_classes");
        add("step_size", Kind.POSITIVE, "absolute step size (PGD); give it or rel_step_size, not both", "alpha",
                "abs_stepsize");
        add("rel_step_size", Kind.POSITIVE, "step size as a multiple of eps (PGD; default 2.5/steps)",
                "rel_stepsize");
        add("loss", Kind.NAME, "the loss the attack maximises (see the attack's description)");
        add("rho", Kind.FRACTION, "APGD: oscillation threshold of the step-size rule");
        add("eot_iter", Kind.COUNT, "gradients averaged per iterate (Expectation over Transformation, randomized "
                + "models)", "eot_steps");
        add("entropy_weight", Kind.UNIT, "low-entropy: weight of the predictive entropy subtracted from the "
                + "targeted log-probability (lambda)", "lambda");
        add("use_large_reps", Kind.BOOLEAN, "L1 only: the 3eps/2eps/eps schedule of AutoAttack", "use_largereps");
        add("random_start", Kind.BOOLEAN, "start uniformly in the eps-ball instead of at the clean input",
                "rand_init");
        add("l1_top_fraction", Kind.FRACTION, "L1: share of coordinates moved per step");
        add("early_stop", Kind.BOOLEAN, "stop a restart once every point is misclassified");
        add("alpha_max", Kind.UNIT, "FAB: cap on the weight of the step taken from the clean input");
        add("eta", Kind.POSITIVE, "FAB: overshoot of the projection step");
        add("beta", Kind.FRACTION, "FAB: backward step towards the clean input after an adversarial iterate");
        add("restart_eps", Kind.POSITIVE, "FAB: radius of the random restarts (null: the threat model's eps)");
        add("targeted", Kind.BOOLEAN, "FAB: targeted (fab-t) rather than untargeted (fab)");
        add("p_init", Kind.FRACTION, "Square: initial fraction of the image a window covers");
        add("rescale_schedule", Kind.BOOLEAN, "Square, Sparse-RS: rescale the p schedule to a 10,000-query budget",
                "resc_schedule");
        add("alpha_init", Kind.POSITIVE, "Sparse-RS: initial share of the perturbation a query changes (null: the "
                + "reference's value per threat model)");
        add("constant_schedule", Kind.BOOLEAN, "Sparse-RS, l0: keep alpha_init/2 instead of the decaying schedule");
        add("feature_space", Kind.BOOLEAN, "Sparse-RS, l0: change k features (single channels) instead of k pixels",
                "use_feature_space");
        add("universal", Kind.BOOLEAN, "Sparse-RS, patch and frame: one perturbation for the whole batch");
        add("update_loc_period", Kind.COUNT, "Sparse-RS, patch: queries between moves of the patch (null: 4, "
                + "targeted 10)", "loc_update_period");
    }

    private AttackOptions() {}

    private static void add(String name, Kind kind, String description, String... aliases) {
        Option o = new Option(name, List.of(aliases), kind, description);
        OPTIONS.put(name, o);
        CANONICAL.put(name, name);
        for (String a : aliases) {
            CANONICAL.put(a, name);
        }
    }

    /** Every option of the vocabulary, in table order. */
    public static List<Option> all() {
        return List.copyOf(OPTIONS.values());
    }

    /** The vocabulary entry of a canonical name, or null. */
    public static Option option(String canonical) {
        return OPTIONS.get(canonical);
    }

    /** The canonical name of an option as given (snake_case, camelCase, kebab-case or an alias). */
    public static String canonical(String given) {
        String s = Configs.snake(given);
        return CANONICAL.getOrDefault(s, s);
    }

    /** Options with every name made canonical, in the given order (a name given twice is an error). */
    public static Map<String, Object> canonical(String attack, Map<String, Object> options) {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, String> givenAs = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : options.entrySet()) {
            String c = canonical(e.getKey());
            String before = givenAs.put(c, e.getKey());
            if (before != null) {
                throw new InvalidInputException(attack + ": option " + c + " is given twice ('" + before + "' and '"
                        + e.getKey() + "')");
            }
            out.put(c, e.getValue());
        }
        return out;
    }

    /** An attack's settings by canonical option name: the record component each option sets. */
    public static Map<String, RecordComponent> components(Class<?> config) {
        Map<String, RecordComponent> out = new LinkedHashMap<>();
        RecordComponent[] rc = config.getRecordComponents();
        if (rc == null) {
            throw new IllegalArgumentException(config.getName() + " is not a record");
        }
        for (RecordComponent c : rc) {
            out.put(canonical(c.getName()), c);
        }
        return out;
    }

    /** The options an attack's settings record accepts, in component order, each with its default. */
    public static List<Listed> list(Object defaults) {
        List<Listed> out = new ArrayList<>();
        JsonNode tree = Json.tree(defaults);
        for (Map.Entry<String, RecordComponent> e : components(defaults.getClass()).entrySet()) {
            Option o = OPTIONS.get(e.getKey());
            JsonNode v = tree.get(Configs.snake(e.getValue().getName()));
            String shown = v == null || v.isNull() ? "auto" : v.isTextual() ? v.asText() : v.toString();
            out.add(new Listed(e.getKey(), shown, o == null ? List.of() : o.aliases(),
                    o == null ? "" : o.kind().rule(), o == null ? "" : o.description()));
        }
        return out;
    }

    /** One option as listed for an attack: name, default, aliases, allowed values, meaning. */
    public record Listed(String name, String defaultValue, List<String> aliases, String range, String description) {}

    /**
     * Checks one value against the option's range; {@code nullable} options also take null (meaning the
     * attack's automatic choice). Throws an {@link InvalidInputException} naming the attack and the range.
     */
    public static void check(String attack, String canonical, Object value, boolean nullable) {
        Option o = OPTIONS.get(canonical);
        if (o == null) {
            return;
        }
        JsonNode v = Json.mapper().valueToTree(value);
        if (v == null || v.isNull()) {
            if (!nullable) {
                throw bad(attack, o, "null");
            }
            return;
        }
        boolean ok;
        switch (o.kind()) {
            case COUNT:
                ok = v.isNumber() && v.asDouble() == Math.rint(v.asDouble()) && v.asDouble() >= 1
                        && v.asDouble() <= Integer.MAX_VALUE;
                break;
            case POSITIVE:
                ok = v.isNumber() && Double.isFinite(v.asDouble()) && v.asDouble() > 0;
                break;
            case FRACTION:
                ok = v.isNumber() && v.asDouble() > 0 && v.asDouble() <= 1;
                break;
            case UNIT:
                ok = v.isNumber() && v.asDouble() >= 0 && v.asDouble() <= 1;
                break;
            case BOOLEAN:
                ok = v.isBoolean();
                break;
            default:
                ok = v.isTextual();
        }
        if (!ok) {
            throw bad(attack, o, v.isTextual() ? "'" + v.asText() + "'" : v.toString());
        }
    }

    private static InvalidInputException bad(String attack, Option o, String got) {
        return new InvalidInputException(attack + " option " + o.name() + " must be " + o.kind().rule() + ", got "
                + got);
    }

    /**
     * Which attack takes which option, with its default ("auto": the reference's per-norm choice; "-": not
     * taken), as a Markdown table (also in docs/attack-options.md).
     */
    public static String markdownDefaults() {
        List<AttackProvider> ps = AttackRegistry.providers();
        StringBuilder sb = new StringBuilder("| option |");
        StringBuilder rule = new StringBuilder("|---|");
        List<Map<String, String>> defaults = new ArrayList<>();
        for (AttackProvider p : ps) {
            sb.append(" ").append(p.name()).append(" |");
            rule.append("---|");
            Map<String, String> d = new LinkedHashMap<>();
            for (Listed l : list(p.defaults())) d.put(l.name(), l.defaultValue());
            defaults.add(d);
        }
        sb.append("\n").append(rule).append("\n");
        for (Option o : OPTIONS.values()) {
            sb.append("| `").append(o.name()).append("` |");
            for (Map<String, String> d : defaults) sb.append(" ").append(d.getOrDefault(o.name(), "-")).append(" |");
            sb.append("\n");
        }
        return sb.toString();
    }

    /** The vocabulary as a Markdown table (docs/attack-options.md holds a copy; a test keeps them equal). */
    public static String markdownTable() {
        StringBuilder sb = new StringBuilder("| option | aliases | values | meaning |\n|---|---|---|---|\n");
        for (Option o : OPTIONS.values()) {
            sb.append("| `").append(o.name()).append("` | ")
                    .append(o.aliases().isEmpty() ? "" : "`" + String.join("`, `", o.aliases()) + "`")
                    .append(" | ").append(o.kind().rule()).append(" | ").append(o.description()).append(" |\n");
        }
        return sb.toString();
    }
}
