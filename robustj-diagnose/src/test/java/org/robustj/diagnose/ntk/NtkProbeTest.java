package org.robustj.diagnose.ntk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
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
import org.robustj.model.Classifier;
import org.robustj.model.Models;
import org.robustj.train.EpochLog;
import org.robustj.train.ProbePoint;
import org.robustj.train.TrainConfig;
import org.robustj.train.Trainer;
import org.robustj.train.TrainingListener;

/**
 * NTK dynamics during training against ground truth: a linear model's kernel (the Gram matrix of its inputs)
 * never moves however far the weights go, a ReLU network's does; the similarity is 1 for a kernel and any
 * positive multiple of it; the last measurement is the saved model's kernel; a resumed run measures the same.
 */
class NtkProbeTest {
    @TempDir
    Path dir;

    private static TrainConfig config(List<Integer> hidden, Map<String, Object> probe, String recipe) {
        Map<String, Object> o = new java.util.LinkedHashMap<>(Map.of("architecture", "mlp", "architecture_options",
                Map.of("hidden", hidden), "dataset", "synthetic-multiclass", "epochs", 2, "batch_size", 50,
                "optimizer", "adam", "lr", 0.05, "seed", 4, "eval_size", 0, "probes", Map.of("ntk", probe)));
        if (recipe != null) {
            o.put("recipe", recipe);
            o.put("recipe_options", Map.of("eps", 0.1, "steps", 3));
        }
        return TrainConfig.of(o);
    }

    private List<ProbePoint> train(TrainConfig c, String name) {
        Dataset train = Datasets.load("synthetic-multiclass", "train").first(200);
        List<ProbePoint> seen = new ArrayList<>();
        Trainer.train(c, train, train, Trainer.Settings.of(dir.resolve(name)).withListener(new TrainingListener() {
            @Override
            public void onProbe(ProbePoint point, String summary) {
                seen.add(point);
            }
        }));
        return seen;
    }

    @Test
    void aLinearModelsKernelNeverMovesWhileAReluNetworksDoes() {
        Map<String, Object> probe = Map.of("every", 2, "points", 12);
        List<ProbePoint> linear = train(config(List.of(), probe, null), "linear");
        assertEquals(List.of(0L, 2L, 4L, 6L, 8L), linear.stream().map(ProbePoint::step).toList());
        Dataset pts = Datasets.load("synthetic-multiclass", "train").first(12);
        float[] x = pts.values(pts.allIndices());
        int d = 20;
        for (ProbePoint p : linear) {
            assertEquals(0.0, p.values().get("distance_to_init").asDouble(), 1e-12, "step " + p.step());
            assertEquals(0.0, p.values().get("relative_change").asDouble(), 1e-6, "step " + p.step());
            // trace kernel of f(x) = Wx + b: K classes times (x·x' + 1)
            double[] k = KernelDynamics.kernelOf(p);
            for (int i = 0; i < 12; i++) {
                for (int j = 0; j < 12; j++) {
                    double dot = 1;
                    for (int t = 0; t < d; t++) dot += (double) x[i * d + t] * x[j * d + t];
                    assertEquals(5 * dot, k[i * 12 + j], 1e-4 * 5 * dot, "K(" + i + "," + j + ")");
                }
            }
        }
        List<ProbePoint> relu = train(config(List.of(32), probe, null), "relu");
        double last = relu.get(relu.size() - 1).values().get("distance_to_init").asDouble();
        assertTrue(last > 1e-4, "a trained ReLU network's kernel moves: " + last);
        assertTrue(relu.get(1).values().get("distance_to_previous").asDouble() > 0);
        double[][] dm = KernelDynamics.distanceMatrix(relu);
        assertEquals(last, dm[0][relu.size() - 1], 1e-12, "the heat map's first row is the distance to init");
        for (int i = 0; i < dm.length; i++) assertEquals(0.0, dm[i][i]);
    }

    @Test
    void theSimilarityIsOneForAKernelAndItsPositiveMultiples() {
        double[] k = {2, 1, 0.5, 1, 3, -1, 0.5, -1, 4};
        double[] scaled = new double[k.length];
        for (int i = 0; i < k.length; i++) scaled[i] = 7.5 * k[i];
        assertEquals(1.0, KernelDynamics.similarity(k, k), 1e-15);
        assertEquals(1.0, KernelDynamics.similarity(k, scaled), 1e-15);
        assertEquals(0.0, KernelDynamics.distance(k, scaled), 1e-15);
        assertEquals(6.5, KernelDynamics.relativeChange(k, scaled), 1e-12);
        double[] eye = {1, 0, 0, 0, 1, 0, 0, 0, 1};
        // tr(K I) / (||K|| ||I||) = 9 / (sqrt(33.5) sqrt(3))
        assertEquals(9 / Math.sqrt(33.5 * 3), KernelDynamics.similarity(k, eye), 1e-12);
        assertArrayEquals(k, KernelDynamics.fromUpperTriangle(KernelDynamics.upperTriangle(k, 3)));
    }

    @Test
    void theLastMeasurementIsTheSavedModelsKernelAndAResumedRunMeasuresTheSame() {
        Dataset train = Datasets.load("synthetic-multiclass", "train").first(200);
        TrainConfig c = config(List.of(16), Map.of("every", 3, "points", 10, "top", 3), "pgd-at");
        Trainer.Result straight = Trainer.train(c, train, train, Trainer.Settings.of(dir.resolve("a/run")));
        JsonNode a = straight.card().results().path("probes").path("ntk").path("points");
        assertEquals(3, a.size(), "steps 0, 3, 6");
        Trainer.Settings killed = Trainer.Settings.of(dir.resolve("b/run")).withListener(new TrainingListener() {
            @Override
            public void onEpoch(EpochLog log, int epochs) {
                throw new IllegalStateException("killed");
            }
        });
        assertThrows(IllegalStateException.class, () -> Trainer.train(c, train, train, killed));
        Trainer.Result resumed = Trainer.resume(train, train, Trainer.Settings.of(dir.resolve("b/run")));
        JsonNode b = resumed.card().results().path("probes").path("ntk").path("points");
        assertEquals(a, b, "the resumed run's distances to the first and previous kernel equal the uninterrupted run's");
        // the run ends at step 8; step 6 was measured on the weights of step 6, so measure the saved model anew
        try (NDManager m = NDManager.newBaseManager();
                Classifier saved = Models.open(m, straight.output().json().toString(), null)) {
            NtkProbe p = new NtkProbe(NtkProbe.parse(c.probes().get("ntk")), train);
            JsonNode v = p.measure(saved, 8);
            Dataset pts = train.first(10);
            NDArray x = pts.batch(m, pts.allIndices());
            try (EmpiricalNtk ntk = EmpiricalNtk.compute(saved, x, NtkKernel.TRACE)) {
                double[] want = KernelDynamics.upperTriangle(ntk.gram().getData(), 10);
                for (int i = 0; i < want.length; i++) assertEquals(want[i], v.get("kernel").get(i).asDouble(), 1e-9);
                assertEquals(ntk.eigen().topMass(3), v.get("top_mass").asDouble(), 1e-9);
            }
        }
    }

    @Test
    void badOptionsAreOneLineErrors() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> config(List.of(8), Map.of("points", 10), null));
        assertTrue(e.getMessage().contains("every=K"), e.getMessage());
        assertThrows(InvalidInputException.class, () -> config(List.of(8), Map.of("every", 1, "kernel", "diag"), null));
        assertThrows(InvalidInputException.class, () -> config(List.of(8), Map.of("every", 1, "points", 1), null));
        Dataset train = Datasets.load("synthetic-multiclass", "train").first(300);
        TrainConfig big = config(List.of(8), Map.of("every", 1, "points", 250, "kernel", "full"), null);
        InvalidInputException rows = assertThrows(InvalidInputException.class,
                () -> Trainer.train(big, train, train, Trainer.Settings.of(dir.resolve("big"))));
        assertTrue(rows.getMessage().contains("1250 rows") && rows.getMessage().contains("at most"), rows.getMessage());
    }
}
