package org.robustj.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.robustj.errors.UnknownNameException;

/** All training recipes on the class path, by name and alias (found through {@link ServiceLoader}). */
public final class RecipeRegistry {
    private static final Map<String, RecipeProvider> BY_NAME = new TreeMap<>();
    private static final List<RecipeProvider> PROVIDERS = new ArrayList<>();

    static {
        for (RecipeProvider p : ServiceLoader.load(RecipeProvider.class, RecipeRegistry.class.getClassLoader())) {
            PROVIDERS.add(p);
            BY_NAME.put(p.name(), p);
            for (String a : p.aliases()) {
                BY_NAME.putIfAbsent(a, p);
            }
        }
        PROVIDERS.sort((a, b) -> a.name().compareTo(b.name()));
    }

    private RecipeRegistry() {}

    /** Every registered provider, sorted by name. */
    public static List<RecipeProvider> providers() {
        return List.copyOf(PROVIDERS);
    }

    /** The provider of a name or alias. */
    public static RecipeProvider provider(String name) {
        RecipeProvider p = name == null ? null : BY_NAME.get(name);
        if (p == null) {
            throw new UnknownNameException("training recipe", String.valueOf(name), BY_NAME.keySet());
        }
        return p;
    }

    /** The recipe a config names, with its options. */
    public static TrainingRecipe create(TrainConfig config) {
        return provider(config.recipe()).create(config.recipeOptions());
    }

    /** A recipe's default value of one option, or null. */
    public static Object defaultOption(String recipe, String key) {
        return provider(recipe).defaults().get(key);
    }
}
