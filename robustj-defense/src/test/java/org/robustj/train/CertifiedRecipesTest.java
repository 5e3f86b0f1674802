package org.robustj.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.robustj.certify.bounds.Bounds;
import org.robustj.data.Dataset;
import org.robustj.data.Datasets;
import org.robustj.errors.InvalidInputException;
import org.robustj.model.Architectures;
import org.robustj.model.BlockClassifier;
import org.robustj.model.Models;
import org.robustj.model.ModelCard;

/**
 * The certified-training recipes {@code ibp} and {@code crown-ibp}: the step loss equals its closed form on a
 * linear model (whose IBP and CROWN-IBP margin bounds are exact), the ε/κ/β schedules, the clean loss during the
 * warm-up, bad options, and a short seeded run that leaves far more points IBP-verified than standard training.
 */
class CertifiedRecipesTest {
    @TempDir
    Path dir;

    private int runs;

    private static final int DIM = 6;
    private static final int K = 3;

    /** A linear classifier (mlp without hidden layers) on DIM inputs. */
    private static BlockClassifier linear(NDManager m, long seed) {
        ModelCard card = new ModelCard("linear", ModelCard.ROBUSTJ_FORMAT, "mlp", Map.of("hidden", List.of()),
                "synthetic-multiclass", List.of((long) DIM), K, null, null, seed, null, null, null, null, null, null,
                null);
        return BlockClassifier.create(m, card, seed);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ibp", "crown-ibp"})
    void stepLossOfALinearModelIsTheClosedForm(String recipe) {
        try (NDManager m = NDManager.newBaseManager(); BlockClassifier model = linear(m, 4)) {
            int n = 8;
            NDArray x = RecipeFixtures.inputs(m, n, DIM, 0.2, 0.8, 9); // the ε-box stays inside [0, 1]
            NDArray y = RecipeFixtures.labels(m, n, K);
            // one step per epoch, no warm-up, a 2-epoch ramp: the first step trains at ε = 0.1, κ = 0.75
            TrainingRecipe r = RecipeRegistry.provider(recipe).create(Map.of("eps", 0.2, "warmup_epochs", 0,
                    "ramp_epochs", 2, "kappa_start", 1.0, "kappa_end", 0.5));
            StepContext ctx = RecipeFixtures.ctx(model, m, 1);
            float loss = r.loss(ctx, new TrainingRecipe.Batch(x, y, x)).loss().getFloat();

            float[] w = null;
            float[] b = null;
            for (NDArray a : RecipeFixtures.weights(model)) {
                if (a.getShape().dimension() == 2) w = a.toFloatArray();
                else b = a.toFloatArray();
            }
            float[] xs = x.toFloatArray();
            double eps = 0.1;
            double kappa = 0.75;
            double expected = 0;
            for (int p = 0; p < n; p++) {
                int label = p % K;
                double[] z = new double[K];
                for (int k = 0; k < K; k++) {
                    z[k] = b[k];
                    for (int i = 0; i < DIM; i++) z[k] += w[k * DIM + i] * xs[p * DIM + i];
                }
                double lse = 0;
                for (int k = 0; k < K; k++) lse += Math.exp(z[k]);
                double ce = Math.log(lse) - z[label];
                double worst = 1;
                for (int j = 0; j < K; j++) {
                    if (j == label) continue;
                    double l1 = 0;
                    for (int i = 0; i < DIM; i++) l1 += Math.abs(w[label * DIM + i] - w[j * DIM + i]);
                    worst += Math.exp(-(z[label] - z[j] - eps * l1));
                }
                expected += (kappa * ce + (1 - kappa) * Math.log(worst)) / n;
            }
            assertEquals(expected, loss, 1e-5);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ibp", "crown-ibp"})
    void duringTheWarmUpTheLossIsTheCleanCrossEntropy(String recipe) {
        try (NDManager m = NDManager.newBaseManager(); BlockClassifier model = RecipeFixtures.mlp(m, DIM, 8, K, 2)) {
            NDArray x = RecipeFixtures.inputs(m, 10, DIM, 0, 1, 3);
            NDArray y = RecipeFixtures.labels(m, 10, K);
            TrainingRecipe.Batch batch = new TrainingRecipe.Batch(x, y, x);
            StepContext ctx = RecipeFixtures.ctx(model, m, 1);
            float certified = RecipeRegistry.provider(recipe).create(Map.of("warmup_epochs", 1))
                    .loss(ctx, batch).loss().getFloat();
            float standard = RecipeRegistry.provider("standard").create(Map.of()).loss(ctx, batch).loss().getFloat();
            assertEquals(standard, certified, 0f);
            // past the warm-up the bound makes the loss larger
            float robust = RecipeRegistry.provider(recipe).create(Map.of("warmup_epochs", 0, "ramp_epochs", 0))
                    .loss(ctx, batch).loss().getFloat();
            assertTrue(robust > standard + 1e-3, robust + " vs " + standard);
        }
    }

    @Test
    void schedulesWarmUpThenRampLinearly() {
        CertifiedSchedule s = new CertifiedSchedule(0.4, 1, 2, 1, 0.5);
        int perEpoch = 10;
        assertEquals(0, s.epsAt(0, perEpoch));
        assertEquals(0, s.epsAt(9, perEpoch), "the warm-up's last step is still at ε = 0");
        assertEquals(0.02, s.epsAt(10, perEpoch), 1e-12);
        assertEquals(0.2, s.epsAt(19, perEpoch), 1e-12);
        assertEquals(0.75, s.kappaAt(19, perEpoch), 1e-12);
        assertEquals(0.5, s.betaAt(19, perEpoch), 1e-12);
        assertEquals(0.4, s.epsAt(29, perEpoch), 1e-12, "the ramp's last step trains at the full ε");
        assertEquals(0.4, s.epsAt(1000, perEpoch), 1e-12);
        assertEquals(0.5, s.kappaAt(1000, perEpoch), 1e-12);
        assertEquals(0, s.betaAt(1000, perEpoch), 1e-12);
        assertEquals(1, s.kappaAt(3, perEpoch), 1e-12);
        assertEquals(1, s.betaAt(3, perEpoch), 1e-12);
        CertifiedSchedule jump = new CertifiedSchedule(0.1, 0.5, 0, 1, 0);
        assertEquals(0, jump.epsAt(4, perEpoch));
        assertEquals(0.1, jump.epsAt(5, perEpoch), 1e-12);
        assertEquals(0, jump.kappaAt(5, perEpoch), 1e-12);
    }

    static Stream<Arguments> badOptions() {
        return Stream.of(
                Arguments.of(Map.of("eps", -0.1), "eps must be finite and >= 0, got -0.1"),
                Arguments.of(Map.of("eps", Double.POSITIVE_INFINITY), "eps must be finite and >= 0, got Infinity"),
                Arguments.of(Map.of("eps", Double.NaN), "eps must be finite and >= 0, got NaN"),
                Arguments.of(Map.of("warmup_epochs", -1), "warmup_epochs must be finite and >= 0, got -1.0"),
                Arguments.of(Map.of("ramp_epochs", -2), "ramp_epochs must be finite and >= 0, got -2.0"),
                Arguments.of(Map.of("kappa_start", 1.5), "kappa_start must be in [0, 1], got 1.5"),
                Arguments.of(Map.of("kappa_end", -0.5), "kappa_end must be in [0, 1], got -0.5"));
    }

    @ParameterizedTest
    @MethodSource("badOptions")
    void badOptionsAreOneLineErrorsNamingTheRecipe(Map<String, Object> options, String message) {
        for (String recipe : List.of("ibp", "crown-ibp")) {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> RecipeRegistry.provider(recipe).create(options));
            assertTrue(e.getMessage().endsWith(recipe + " " + message), e.getMessage());
            assertEquals(1, e.getMessage().lines().count(), "one line");
        }
    }

    @Test
    void unknownOptionsAndNormsAreRefused() {
        assertThrows(InvalidInputException.class, () -> RecipeRegistry.provider("ibp").create(Map.of("kappa", 1)));
        assertThrows(RuntimeException.class, () -> RecipeRegistry.provider("crown-ibp").create(Map.of("norm", "l3")));
    }

    @Test
    void aShortIbpRunVerifiesFarMorePointsThanStandardTraining() {
        // bundled MNIST test images stand in for training data: train on 1,000, check the first 200 of them
        Dataset train = Datasets.load("mnist", "test").first(1000);
        Dataset check = train.first(200);
        double eps = 0.05;
        Map<String, Object> options = Map.of("eps", 0.08, "warmup_epochs", 0.5, "ramp_epochs", 2);
        double ibp = verifiedAfter("ibp", options, train, check, eps);
        double again = verifiedAfter("ibp", options, train, check, eps);
        double standard = verifiedAfter("standard", Map.of(), train, check, eps);
        assertEquals(ibp, again, 0, "seeded: the same run verifies the same points");
        assertTrue(ibp >= standard + 0.3, "IBP-verified at " + eps + ": ibp training " + ibp + ", standard "
                + standard);
    }

    /** The fraction of points IBP verifies at ε after 4 seeded epochs of a recipe on an MLP. */
    private double verifiedAfter(String recipe, Map<String, Object> options, Dataset train, Dataset test,
            double eps) {
        Map<String, Object> o = new HashMap<>(Architectures.options("recipe", recipe, "recipe_options", options,
                "architecture", "mlp", "architecture_options", Map.of("hidden", List.of(64)),
                "dataset", "mnist", "epochs", 4, "batch_size", 50, "optimizer", "adam", "lr", 0.01,
                "schedule", "cosine", "seed", 3, "eval_size", 0));
        TrainConfig c = TrainConfig.of(o);
        Path base = dir.resolve(recipe + "-" + (runs++) + "/model");
        Trainer.Result result = Trainer.train(c, train, test, Trainer.Settings.of(base));
        try (NDManager m = NDManager.newBaseManager();
                BlockClassifier model = (BlockClassifier) Models.open(m, result.output().json().toString(), null)) {
            int n = test.size();
            int[] idx = new int[n];
            for (int i = 0; i < n; i++) idx[i] = i;
            NDArray x = m.create(test.values(idx), test.batchShape(n));
            int[] y = test.labels();
            NDArray c2 = Bounds.marginSpec(m, y, model.numClasses());
            float[] lower = Bounds.ibp(model.graph().orElseThrow(), x.sub((float) eps).maximum(0f),
                    x.add((float) eps).minimum(1f), c2).lower().toFloatArray();
            int verified = 0;
            for (int p = 0; p < n; p++) {
                boolean all = true;
                for (int j = 0; j < model.numClasses() - 1; j++) all &= lower[p * (model.numClasses() - 1) + j] > 0;
                if (all) verified++;
            }
            return verified / (double) n;
        }
    }
}
