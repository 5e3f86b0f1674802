package org.robustj.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.robustj.train.RecipeFixtures.PASS;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.robustj.data.Dataset;
import org.robustj.data.Datasets;
import org.robustj.model.Architectures;
import org.robustj.model.BlockClassifier;

/**
 * Adversarial and multi-pass recipes: a run killed in the middle of an epoch and resumed from its checkpoint ends
 * with bit-identical weights to an uninterrupted run with the same seed (random starts, η draws and SAM's
 * perturbations are all seeded by the step; the certified recipes' ε, κ and β schedules are functions of the step), and steps leave no arrays behind.
 */
class AdversarialResumeTest {
    @TempDir
    Path dir;

    static Stream<Arguments> recipes() {
        return Stream.of(
                Arguments.of("pgd-at", Map.of("eps", 0.05, "steps", 3, "rel_step_size", 0.5)),
                Arguments.of("fgsm-rs", Map.of("eps", 0.05)),
                Arguments.of("gradalign", Map.of("eps", 0.05, "lambda", 0.5)),
                Arguments.of("trades", Map.of("eps", 0.05, "steps", 3)),
                Arguments.of("sam", Map.of("rho", 0.05, "m", 25)),
                Arguments.of("noise", Map.of("sigma", 0.1)),
                Arguments.of("ibp", Map.of("eps", 0.05, "warmup_epochs", 0.25, "ramp_epochs", 1.0)),
                Arguments.of("crown-ibp", Map.of("eps", 0.05, "warmup_epochs", 0.25, "ramp_epochs", 1.0)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recipes")
    void resumedRunEqualsUninterruptedRun(String recipe, Map<String, Object> options) throws IOException {
        Dataset train = Datasets.load("synthetic-multiclass", "train").first(400);
        Dataset test = Datasets.load("synthetic-multiclass", "test").first(100);
        TrainConfig c = TrainConfig.of(Architectures.options("recipe", recipe, "recipe_options", options,
                "architecture", "mlp", "architecture_options", Map.of("hidden", List.of(16)),
                "dataset", "synthetic-multiclass", "epochs", 2, "batch_size", 50, "optimizer", "sgd", "lr", 0.05,
                "schedule", "cosine", "seed", 5, "eval_size", 50));
        Trainer.Result straight = Trainer.train(c, train, test, Trainer.Settings.of(dir.resolve("a/" + recipe)));

        Trainer.Settings killed = Trainer.Settings.of(dir.resolve("b/" + recipe)).withCheckpointSeconds(1e-9)
                .withListener(new TrainingListener() {
                    @Override
                    public void onCheckpoint(Path file, int epoch, int step) {
                        if (epoch == 1 && step == 3) {
                            throw new TrainerResumeTest.Kill();
                        }
                    }
                });
        assertThrows(TrainerResumeTest.Kill.class, () -> Trainer.train(c, train, test, killed));
        assertEquals(11, Checkpoint.readState(killed.output().checkpoint()).globalStep());
        Trainer.Result resumed = Trainer.resume(train, test, Trainer.Settings.of(dir.resolve("b/" + recipe)));
        assertArrayEquals(Files.readAllBytes(straight.output().params()), Files.readAllBytes(resumed.output().params()));
        assertEquals(straight.log().get(1).trainLoss(), resumed.log().get(1).trainLoss(), 1e-12);
        assertEquals(recipe, resumed.card().recipe().get("recipe").asText());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recipes")
    void stepsLeaveNoArrays(String recipe, Map<String, Object> options) {
        try (NDManager m = NDManager.newBaseManager(); BlockClassifier model = RecipeFixtures.mlp(m, 12, 8, 3, 1)) {
            TrainingRecipe r = RecipeRegistry.provider(recipe).create(options);
            int[] counts = new int[4];
            for (int s = 0; s < counts.length; s++) {
                try (NDManager scope = model.manager().newSubManager()) {
                    NDArray x = RecipeFixtures.inputs(scope, 10, 12, 0, 1, s);
                    NDArray y = RecipeFixtures.labels(scope, 10, 3);
                    StepContext ctx = RecipeFixtures.ctx(model, scope, s);
                    model.setWeightGradients(false);
                    TrainingRecipe.Batch b = r.prepare(ctx, x, y);
                    model.setWeightGradients(true);
                    r.gradients(ctx, b, PASS);
                    RecipeFixtures.zeroGradients(model);
                    model.setWeightGradients(false);
                }
                counts[s] = model.manager().getManagedArrays().size();
            }
            for (int s = 1; s < counts.length; s++) {
                assertEquals(counts[0], counts[s], "arrays held by the model after each step");
            }
        }
    }
}
