package org.robustj.diagnose.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustj.data.Dataset;
import org.robustj.data.Datasets;
import org.robustj.errors.InvalidInputException;
import org.robustj.eval.CleanEvaluation;
import org.robustj.model.Architectures;
import org.robustj.model.Classifier;
import org.robustj.model.Models;
import org.robustj.threat.Norm;
import org.robustj.train.ProbePoint;
import org.robustj.train.TrainConfig;
import org.robustj.train.Trainer;
import org.robustj.train.TrainingListener;

/** The accuracy monitor of a tiny run: when it measures, what, and that its last point is the saved model's. */
class AccuracyProbeTest {
    @TempDir
    Path dir;

    private static TrainConfig config(Map<String, Object> probe) {
        return TrainConfig.of(Architectures.options("architecture", "mlp", "architecture_options",
                Map.of("hidden", List.of(16)), "dataset", "synthetic-multiclass", "epochs", 2, "batch_size", 50,
                "optimizer", "adam", "lr", 0.01, "seed", 3, "eval_size", 0, "probes", Map.of("accuracy", probe)));
    }

    @Test
    void itMeasuresCleanFgsmAndPgdAccuracyEveryKStepsOnHeldOutPoints() {
        Dataset train = Datasets.load("synthetic-multiclass", "train").first(200);
        Dataset test = Datasets.load("synthetic-multiclass", "test").first(120);
        TrainConfig c = config(Map.of("every", 3, "test_points", 60, "train_points", 40, "eps", 0.1, "pgd_steps", 3,
                "fgsm", true));
        List<ProbePoint> seen = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        Trainer.Result r = Trainer.train(c, train, test, Trainer.Settings.of(dir.resolve("run"))
                .withListener(new TrainingListener() {
                    @Override
                    public void onProbe(ProbePoint point, String summary) {
                        seen.add(point);
                        lines.add(summary);
                    }
                }));
        // 4 steps per epoch, 8 steps: step 0 (before training), 3 and 6
        assertEquals(List.of(0L, 3L, 6L), seen.stream().map(ProbePoint::step).toList());
        assertTrue(lines.get(2).startsWith("test clean ") && lines.get(2).contains("FGSM") && lines.get(2)
                .contains("PGD") && lines.get(2).contains("; train clean"), lines.get(2));
        for (ProbePoint p : seen) {
            JsonNode v = p.values();
            for (String set : new String[] {"test", "train"}) {
                double clean = v.get(set + "_accuracy").asDouble();
                assertTrue(v.get(set + "_pgd_accuracy").asDouble() <= clean + 1e-12, "PGD ≤ clean at " + p.step());
                assertTrue(v.get(set + "_fgsm_accuracy").asDouble() <= clean + 1e-12, "FGSM ≤ clean");
            }
        }
        JsonNode card = r.card().results().path("probes").path("accuracy").path("points");
        assertEquals(3, card.size());
        // what it measures is a plain evaluation: the clean accuracy of step 6 on a second copy of those weights
        // (step 8 is the end; re-measure the saved model with the probe's own code instead)
        try (NDManager m = NDManager.newBaseManager();
                Classifier saved = Models.open(m, r.output().json().toString(), null)) {
            AccuracyProbe probe = new AccuracyProbe(AccuracyProbe.parse(c.probes().get("accuracy"), c.seed()), train,
                    test);
            JsonNode again = probe.measure(saved, 8);
            assertEquals(CleanEvaluation.run(saved, test.first(60), 500, null).accuracy(),
                    again.get("test_accuracy").asDouble(), 1e-12);
            assertEquals(RobustAccuracy.fgsm(saved, test.first(60), Norm.LINF, 0.1),
                    again.get("test_fgsm_accuracy").asDouble(), 1e-12);
            assertEquals(again, probe.measure(saved, 8), "seeded by the step: the same measurement twice");
        }
    }

    @Test
    void badOptionsAreOneLineErrorsBeforeTraining() {
        InvalidInputException noEvery = assertThrows(InvalidInputException.class,
                () -> config(Map.of("eps", 0.1)));
        assertTrue(noEvery.getMessage().contains("every=K"), noEvery.getMessage());
        InvalidInputException unknown = assertThrows(InvalidInputException.class,
                () -> config(Map.of("every", 5, "epsilon", 0.1)));
        assertTrue(unknown.getMessage().contains("epsilon") && unknown.getMessage().contains("eps"),
                unknown.getMessage());
        assertThrows(InvalidInputException.class, () -> config(Map.of("every", 5, "eps", -0.1)));
        assertThrows(InvalidInputException.class, () -> config(Map.of("every", 5, "fgsm", true)));
        assertThrows(InvalidInputException.class, () -> config(Map.of("every", 5, "test_points", 0)));
        assertThrows(InvalidInputException.class, () -> config(Map.of("every", 0)));
    }
}
