package org.robustj.diagnose.regions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustj.data.Dataset;
import org.robustj.data.Datasets;
import org.robustj.errors.InvalidInputException;
import org.robustj.errors.UnknownNameException;
import org.robustj.model.Architectures;
import org.robustj.model.Classifier;
import org.robustj.model.Models;
import org.robustj.train.EpochLog;
import org.robustj.train.ProbePoint;
import org.robustj.train.TrainConfig;
import org.robustj.train.Trainer;
import org.robustj.train.TrainingListener;

/** The local-complexity monitor of a tiny training run: log, card, progress, and agreement with the diagnostic. */
class ComplexityProbeTest {
    @TempDir
    Path dir;

    private static TrainConfig config(Map<String, Object> probe) {
        return TrainConfig.of(Architectures.options("architecture", "mlp", "architecture_options",
                Map.of("hidden", List.of(16, 16)), "dataset", "synthetic-multiclass", "epochs", 2, "batch_size", 40,
                "optimizer", "adam", "lr", 0.01, "seed", 5, "eval_size", 0, "probes", Map.of("complexity", probe)));
    }

    @Test
    void aTinyRunRecordsComplexityEveryKStepsInTheLogTheCardAndTheProgress() throws Exception {
        Dataset train = Datasets.load("synthetic-multiclass", "train").first(200);
        Dataset test = Datasets.load("synthetic-multiclass", "test").first(100);
        TrainConfig c = config(Map.of("every", 2, "radii", List.of(0.05, 0.5), "directions", 5, "train_points", 30,
                "test_points", 20, "random_points", 10, "eps", 0.05, "pgd_steps", 3));
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
        // 200 / 40 = 5 steps per epoch, 10 steps: measured at 0, 2, 4, 6, 8, 10
        assertEquals(List.of(0L, 2L, 4L, 6L, 8L, 10L), seen.stream().map(ProbePoint::step).toList());
        assertTrue(lines.get(0).startsWith("LC r=0.05: train ") && lines.get(0).contains("PGD acc"), lines.get(0));
        ProbePoint last = seen.get(seen.size() - 1);
        for (String k : new String[] {"train_accuracy", "test_accuracy", "test_pgd_accuracy"}) {
            double a = last.values().get(k).asDouble();
            assertTrue(a >= 0 && a <= 1, k + " " + a);
        }
        assertTrue(last.values().get("test_pgd_accuracy").asDouble() <= last.values().get("test_accuracy")
                .asDouble(), "PGD accuracy ≤ clean accuracy");
        assertEquals(List.of("fc1", "fc2"), List.of(last.values().get("layers").get(0).asText(),
                last.values().get("layers").get(1).asText()));
        // the JSON training log: epoch 1 holds steps 0, 2, 4; epoch 2 holds 6, 8, 10
        List<String> log = Files.readAllLines(r.output().log());
        assertEquals(2, log.size());
        JsonNode e2 = org.robustj.io.Json.mapper().readTree(log.get(1));
        assertEquals(3, e2.get("probes").size());
        assertEquals(10, e2.get("probes").get(2).get("step").asLong());
        List<EpochLog> history = r.log();
        assertEquals(3, history.get(0).probes().size());
        // the model card
        JsonNode card = r.card().results().path("probes").path("complexity");
        assertEquals(6, card.path("points").size());
        assertEquals(2, card.path("every_steps").asInt());
        assertEquals(2, card.path("settings").path("every").asInt());
        // the last measurement is the diagnostic on the saved model, with the same frame and points
        try (NDManager m = NDManager.newBaseManager();
                Classifier saved = Models.open(m, r.output().json().toString(), null)) {
            ComplexityProbe.Settings s = ComplexityProbe.parse(c.probes().get("complexity"), c.seed());
            Dataset sub = train.first(30);
            ComplexityCounts counts = LocalComplexity.of(saved, s.lc()).count(sub.values(sub.allIndices()), 30, m,
                    null);
            assertEquals(counts.meanTotal(0), last.values().path("lc").path("0.05").path("train").asDouble(), 1e-12);
            assertEquals(counts.meanTotal(1), last.values().path("lc").path("0.5").path("train").asDouble(), 1e-12);
        }
    }

    @Test
    void badMonitorOptionsAreOneLineErrorsBeforeTraining() {
        InvalidInputException noEvery = assertThrows(InvalidInputException.class,
                () -> config(Map.of("radii", List.of(0.1))));
        assertTrue(noEvery.getMessage().contains("every=K"), noEvery.getMessage());
        assertThrows(InvalidInputException.class, () -> config(Map.of("every", 10, "radii", List.of(-1.0))));
        InvalidInputException unknown = assertThrows(InvalidInputException.class,
                () -> config(Map.of("every", 10, "radius", 0.1)));
        assertTrue(unknown.getMessage().contains("radii"), unknown.getMessage());
        assertThrows(UnknownNameException.class, () -> TrainConfig.of(Map.of("probes", Map.of("nope", Map.of()))));
        // a radius beyond the input domain's diameter, checked against the data when the run starts
        Dataset train = Datasets.load("synthetic-multiclass", "train").first(40);
        TrainConfig big = config(Map.of("every", 1, "radii", List.of(100.0), "directions", 5));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> Trainer.train(big, train, train, Trainer.Settings.of(dir.resolve("big"))));
        assertTrue(e.getMessage().contains("out of range"), e.getMessage());
        assertNotNull(e.getMessage());
    }

    /** Thrown by a listener to simulate a killed process. */
    static final class Kill extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    @Test
    void aResumedRunKeepsItsCurveAndMeasuresTheSameAsAnUninterruptedOne() {
        Dataset train = Datasets.load("synthetic-multiclass", "train").first(200);
        Dataset test = Datasets.load("synthetic-multiclass", "test").first(100);
        TrainConfig c = config(Map.of("every", 3, "radii", List.of(0.1), "directions", 4, "train_points", 20,
                "test_points", 20, "random_points", 10, "eps", 0.05, "pgd_steps", 2));
        Trainer.Result straight = Trainer.train(c, train, test, Trainer.Settings.of(dir.resolve("a/run")));
        Trainer.Settings killed = Trainer.Settings.of(dir.resolve("b/run")).withListener(new TrainingListener() {
            @Override
            public void onEpoch(EpochLog log, int epochs) {
                throw new Kill();
            }
        });
        assertThrows(Kill.class, () -> Trainer.train(c, train, test, killed));
        Trainer.Result resumed = Trainer.resume(train, test, Trainer.Settings.of(dir.resolve("b/run")));
        JsonNode a = straight.card().results().path("probes").path("complexity").path("points");
        JsonNode b = resumed.card().results().path("probes").path("complexity").path("points");
        assertEquals(4, a.size(), "steps 0, 3, 6, 9");
        assertEquals(a, b, "the resumed run's curve equals the uninterrupted one's");
    }
}
