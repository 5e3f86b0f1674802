package org.robustj.attack;

import java.util.List;
import java.util.Map;

/**
 * Registers an attack under a name: listed in {@code META-INF/services/org.robustj.attack.AttackProvider},
 * found by {@link AttackRegistry}. Options override the attack's reference defaults by field name
 * (snake_case or camelCase), e.g. {@code {"steps": 50, "restarts": 2}}.
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

    /** Builds the attack with the reference defaults overridden by {@code options}. */
    Attack create(Map<String, Object> options);
}
