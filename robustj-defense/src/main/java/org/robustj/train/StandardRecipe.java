package org.robustj.train;

import java.util.Map;
import org.robustj.errors.InvalidInputException;

/**
 * Standard (empirical-risk) training: minimise the mean cross-entropy of the clean, augmented training batch,
 * with the model in training mode (BatchNorm batch statistics). No options.
 */
public final class StandardRecipe implements TrainingRecipe {
    @Override
    public String name() {
        return "standard";
    }

    /** Registers {@code standard}. */
    public static final class Provider implements RecipeProvider {
        @Override
        public String name() {
            return "standard";
        }

        @Override
        public String description() {
            return "standard training: mean cross-entropy on clean (augmented) batches";
        }

        @Override
        public TrainingRecipe create(Map<String, Object> options) {
            if (options != null && !options.isEmpty()) {
                throw new InvalidInputException("recipe 'standard' takes no recipe_options, got " + options.keySet());
            }
            return new StandardRecipe();
        }
    }
}
