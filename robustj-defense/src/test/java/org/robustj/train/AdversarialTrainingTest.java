package org.robustj.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustj.attack.Attack;
import org.robustj.attack.AttackContext;
import org.robustj.attack.AttackRegistry;
import org.robustj.attack.LabeledBatch;
import org.robustj.data.Dataset;
import org.robustj.data.Synthetic;
import org.robustj.model.Architectures;
import org.robustj.model.Classifier;
import org.robustj.model.Models;
import org.robustj.threat.Norm;
import org.robustj.threat.ThreatModel;

/**
 * On linearly separable Gaussian classes with a known L2 margin (every point at least {@code MARGIN} from the
 * nearest-mean boundary, {@link Synthetic}), extended by noise-free but non-robust label features (which keep the
 * problem separable with the same margin), a linear model trained by PGD-AT at ε below the margin reaches a much
 * higher PGD accuracy at that ε than standard training, which leans on the non-robust features; in a few
 * seconds. TRADES and FGSM-RS do too.
 */
class AdversarialTrainingTest {
    static final double MARGIN = 0.15;
    static final double EPS = 0.1;

    @TempDir
    Path dir;

    static double pgdAccuracy(Classifier model, Dataset data, double eps) {
        Attack pgd = AttackRegistry.create("pgd", Map.of("steps", 20, "restarts", 1));
        ThreatModel threat = new ThreatModel(Norm.L2, eps, 0, 1);
        try (NDManager scope = model.manager().newSubManager()) {
            NDArray x = data.batch(scope, data.allIndices());
            int[] y = new int[data.size()];
            for (int i = 0; i < y.length; i++) y[i] = data.label(i);
            NDArray adv = pgd.run(model, new LabeledBatch(x, y), threat, AttackContext.seeded(1)).adversarial();
            long[] pred = model.logits(adv).argMax(1).toLongArray();
            int ok = 0;
            for (int i = 0; i < y.length; i++) if (pred[i] == y[i]) ok++;
            return ok / (double) y.length;
        }
    }

    private double train(String recipe, Map<String, Object> options, Dataset train, Dataset test, String name) {
        TrainConfig c = TrainConfig.of(Architectures.options("recipe", recipe, "recipe_options", options,
                "architecture", "mlp", "architecture_options", Map.of("hidden", List.of(), "mean", 0.5, "std", 0.1),
                "dataset", "synthetic-multiclass", "epochs", 10, "batch_size", 50, "optimizer", "adam", "lr", 0.03,
                "weight_decay", 0.0, "seed", 1, "eval_size", 0));
        Trainer.Result r = Trainer.train(c, train, test, Trainer.Settings.of(dir.resolve(name)));
        try (NDManager m = NDManager.newBaseManager(); Classifier model = Models.open(m, r.output().json().toString(), null)) {
            double clean = r.clean().accuracy();
            double robust = pgdAccuracy(model, test, EPS);
            System.out.printf("%s: clean %.3f, PGD-L2 %.2f accuracy %.3f (%.1f s)%n", recipe, clean, EPS, robust,
                r.trainingSeconds());
            return robust;
        }
    }

    /**
     * Synthetic Gaussian classes (robust features, margin ≥ MARGIN) plus {@code extra} noise-free "non-robust"
     * coordinates 0.5 + h·[class == j]: predictive but movable by a perturbation of L2 size h·√2.
     */
    static Dataset withSpuriousFeatures(Synthetic.Separable s, int classes, double h) {
        Dataset d = s.data();
        int dim = (int) d.sampleShape().get(0);
        float[] base = d.values(d.allIndices());
        int n = d.size();
        float[] out = new float[n * (dim + classes)];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(base, i * dim, out, i * (dim + classes), dim);
            y[i] = d.label(i);
            for (int j = 0; j < classes; j++) {
                out[i * (dim + classes) + dim + j] = (float) (0.5 + (y[i] == j ? h : 0));
            }
        }
        return Dataset.ofFloats("synthetic-spurious", "all", new ai.djl.ndarray.types.Shape(dim + classes), out, y,
                d.classNames(), List.of());
    }

    @Test
    void adversarialTrainingBeatsStandardTrainingBelowTheMargin() {
        Synthetic.Separable s = Synthetic.gaussianClasses(3, 20, 600, 0.3, 0.05, MARGIN, 21);
        Dataset all = withSpuriousFeatures(s, 3, 0.03);
        int[] order = all.shuffledIndices(3);
        Dataset train = all.subset(Arrays.copyOfRange(order, 0, 300));
        Dataset test = all.subset(Arrays.copyOfRange(order, 300, 600));
        long t0 = System.nanoTime();
        double standard = train("standard", Map.of(), train, test, "std");
        double pgdAt = train("pgd-at", Map.of("norm", "l2", "eps", EPS, "steps", 7, "rel_step_size", 0.3), train,
                test, "pgd-at");
        double seconds = (System.nanoTime() - t0) / 1e9;
        double trades = train("trades", Map.of("norm", "l2", "eps", EPS, "steps", 5, "rel_step_size", 0.3, "beta", 6.0),
                train, test, "trades");
        double fgsm = train("fgsm-rs", Map.of("norm", "l2", "eps", EPS), train, test, "fgsm-rs");
        assertTrue(standard < 0.93, "standard training leans on the non-robust features: " + standard);
        assertTrue(pgdAt > 0.95 && pgdAt > standard + 0.05, "PGD-AT " + pgdAt + " vs standard " + standard);
        assertTrue(seconds < 30, "standard + PGD-AT took " + seconds + " s");
        assertTrue(trades > standard + 0.05, "TRADES " + trades + " vs standard " + standard);
        assertTrue(fgsm > standard + 0.05, "FGSM-RS " + fgsm + " vs standard " + standard);
    }
}
