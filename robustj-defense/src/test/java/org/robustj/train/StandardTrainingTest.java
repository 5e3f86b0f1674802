package org.robustj.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustj.data.Dataset;
import org.robustj.data.Datasets;
import org.robustj.model.Architectures;
import org.robustj.model.Classifier;
import org.robustj.model.Models;

/**
 * Standard training learns a separable synthetic problem: the loss falls epoch after epoch, the model
 * classifies the test set, and the saved card and weights reopen as the same classifier.
 */
class StandardTrainingTest {
    @TempDir
    Path dir;

    @Test
    void lossDecreasesAndTheSavedModelClassifiesTheTestSet() {
        // 800 points to train, 200 held out, from one draw of the problem (the synthetic "test" split draws
        // other class means, so it is not a held-out sample of the same distribution)
        Dataset all = Datasets.load("synthetic-multiclass", "train");
        int[] order = all.shuffledIndices(11);
        Dataset train = all.subset(java.util.Arrays.copyOfRange(order, 0, 800));
        Dataset test = all.subset(java.util.Arrays.copyOfRange(order, 800, 1000));
        TrainConfig c = TrainConfig.of(Architectures.options("architecture", "mlp", "architecture_options",
                Map.of("hidden", List.of(32)), "dataset", "synthetic-multiclass", "epochs", 4, "batch_size", 32,
                "optimizer", "sgd", "lr", 0.1, "momentum", 0.9, "weight_decay", 0.0, "schedule", "cosine",
                "seed", 3, "eval_size", 200));
        List<TrainingListener.Status> steps = new ArrayList<>();
        Trainer.Result r = Trainer.train(c, train, test,
                Trainer.Settings.of(dir.resolve("syn")).withListener(new TrainingListener() {
                    @Override
                    public void onStep(Status p) {
                        steps.add(p);
                    }
                }));
        assertEquals(4, r.log().size());
        for (int e = 1; e < r.log().size(); e++) {
            assertTrue(r.log().get(e).trainLoss() < r.log().get(e - 1).trainLoss(), "loss falls: " + r.log());
        }
        assertTrue(r.log().get(3).trainLoss() < 0.5 * r.log().get(0).trainLoss(), r.log().toString());
        assertTrue(r.clean().accuracy() > 0.95, "clean accuracy " + r.clean().accuracy());
        assertNotNull(r.log().get(3).testAccuracy());
        assertEquals(4 * 25, steps.size(), "one progress call per step (800 / 32 = 25 steps per epoch)");
        TrainingListener.Status last = steps.get(steps.size() - 1);
        assertEquals(800, last.imagesDone());
        assertTrue(last.imagesPerSecond() > 0 && last.etaSeconds() == 0, last.toString());

        assertEquals(r.clean().accuracy(), r.card().cleanAccuracy());
        assertEquals("standard", r.card().recipe().get("recipe").asText());
        assertEquals(3L, r.card().seed());
        assertTrue(r.card().parameters() > 0);
        assertTrue(r.card().provenance().files().size() >= 0);
        try (NDManager m = NDManager.newBaseManager();
                Classifier reopened = Models.open(m, r.output().json().toString(), null)) {
            assertEquals(r.card().weightsSha256(), reopened.sha256());
            double acc = org.robustj.eval.CleanEvaluation.run(reopened, test, 250, null).accuracy();
            assertEquals(r.clean().accuracy(), acc, 1e-12);
        }
    }

    @Test
    void stepsLeakNoArrays() {
        Dataset train = Datasets.load("synthetic-multiclass", "train").first(400);
        TrainConfig c = TrainConfig.of(Architectures.options("recipe", "leak-probe", "architecture", "mlp",
                "architecture_options", Map.of("hidden", List.of(8)), "dataset", "synthetic-multiclass", "epochs", 2,
                "batch_size", 40, "optimizer", "adam", "lr", 0.01, "eval_size", 50));
        LeakProbeRecipe.COUNTS.clear();
        Trainer.train(c, train, train, Trainer.Settings.of(dir.resolve("probe")).withCheckpointSeconds(1e-9));
        List<Integer> counts = List.copyOf(LeakProbeRecipe.COUNTS);
        assertEquals(20, counts.size());
        for (int i = 1; i < counts.size(); i++) {
            assertEquals(counts.get(0), counts.get(i), "arrays held by the model's managers at each step: " + counts);
        }
    }
}
