package org.robustj.attack;

import java.util.List;
import java.util.Map;

/**
 * Registers an attack under a name: listed in {@code META-INF/services/org.robustj.attack.AttackProvider},
 * found by {@link AttackRegistry}. Options override the attack's reference defaults by the names of the
 * shared vocabulary {@link AttackOptions} (snake_case or camelCase, or a reference alias), e.g.
 * {@code {"steps": 50, "restarts": 2}}.
 */
public interface AttackProvider {
    /** Registry name, kebab-case, as in the literature ({@code apgd-ce}). */
    String name();

    /** Other accepted names. */
    default List<String> aliases() {
        return List.of();
    }

    /** One line for listings. */
    String description();

    /** The settings record with the reference defaults (listed by {@code evaluate --help-attack}). */
    Record defaults();

    /**
     * Builds the attack with the reference defaults overridden by {@code options}, named by the vocabulary
     * of {@link AttackOptions} or its aliases (through {@link Configs#merge(String, Record, Map)}).
     */
    Attack create(Map<String, Object> options);

    /**
     * For a gradient-free attack that can be held to a query budget: {@code options} changed so that its search
     * spends at most {@code budget} model queries on any point (the start included), exactly as many as the
     * budget allows; empty for an attack that takes no budget (the default). The {@code blackbox} version and
     * {@code --query-budget} use it, so a new black-box attack (Sparse-RS) joins them by implementing this.
     */
    default java.util.Optional<Map<String, Object>> withQueryBudget(Map<String, Object> options, int budget) {
        return java.util.Optional.empty();
    }
}
