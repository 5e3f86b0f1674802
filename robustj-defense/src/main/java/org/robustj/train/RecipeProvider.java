package org.robustj.train;

import java.util.List;
import java.util.Map;

/**
 * Registers a training recipe under a name: listed in
 * {@code META-INF/services/org.robustj.train.RecipeProvider}, found by {@link RecipeRegistry}. Options come
 * from the config's {@code recipe_options} and override the recipe's reference defaults.
 */
public interface RecipeProvider {
    /** Registry name, kebab-case, as in the literature ({@code standard}, {@code pgd-at}, {@code trades}). */
    String name();

    /** Other accepted names. */
    default List<String> aliases() {
        return List.of();
    }

    /** One line for listings. */
    String description();

    /** The recipe's default options (by snake_case name), for listings and for the monitor's ε. */
    default Map<String, Object> defaults() {
        return Map.of();
    }

    /** Whether the recipe continues from a trained model (the config's {@code init_model} is then required). */
    default boolean requiresInitModel() {
        return false;
    }

    /** A recipe's options record as the snake_case map {@link #defaults()} returns. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> optionsMap(Object options) {
        return org.robustj.io.Json.mapper().convertValue(options, Map.class);
    }

    /** Builds the recipe with its defaults overridden by {@code options}. */
    TrainingRecipe create(Map<String, Object> options);
}
