package org.robustj.train;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Test-only recipe: standard training that records, at the start of every step, how many arrays the model's
 * manager tree holds, so a test can check that steps leak nothing. Registered in the test class path only.
 */
public final class LeakProbeRecipe implements TrainingRecipe {
    /** Array counts seen at each step, across all runs in this JVM. */
    static final List<Integer> COUNTS = new ArrayList<>();

    private final StandardRecipe standard = new StandardRecipe();

    @Override
    public String name() {
        return "leak-probe";
    }

    @Override
    public Batch prepare(StepContext ctx, NDArray x, NDArray y) {
        COUNTS.add(ctx.model().manager().getManagedArrays().size());
        return standard.prepare(ctx, x, y);
    }

    @Override
    public StepLoss loss(StepContext ctx, Batch batch) {
        return standard.loss(ctx, batch);
    }

    /** Registers {@code leak-probe} (tests only). */
    public static final class Provider implements RecipeProvider {
        @Override
        public String name() {
            return "leak-probe";
        }

        @Override
        public String description() {
            return "standard training that counts the model's arrays at every step (tests only)";
        }

        @Override
        public TrainingRecipe create(Map<String, Object> options) {
            return new LeakProbeRecipe();
        }
    }
}
