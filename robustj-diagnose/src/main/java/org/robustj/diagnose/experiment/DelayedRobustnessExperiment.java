package org.robustj.diagnose.experiment;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.robustj.data.Dataset;
import org.robustj.data.Datasets;
import org.robustj.diagnose.DiagnosticListener;
import org.robustj.diagnose.Series;
import org.robustj.model.Architectures;
import org.robustj.train.ProbePoint;
import org.robustj.train.TrainConfig;
import org.robustj.train.Trainer;

/**
 * Delayed robustness (Humayun, Balestriero, Baraniuk, ICML 2024, arXiv 2402.15555, §3.2 of DIAGNOSTICS.md at small
 * scale): an MLP trained on a small MNIST subset far past interpolation, with the local-complexity monitor
 * ({@code probes.complexity}) recording, every k steps, the mean local complexity around training, test and
 * random points and the clean and PGD accuracy. The training points are 1,000 images of the bundled MNIST test
 * set (indices 5,000–5,999) and the held-out points are its first 1,000, so the experiment needs no download.
 * Differences from the reference set-up: cross-entropy instead of MSE, Adam with L2 weight decay instead of
 * AdamW, float32, PyTorch's default initialisation (no ×8 scale), and fewer steps.
 */
public final class DelayedRobustnessExperiment implements Experiment {
    @Override
    public String name() {
        return "delayed-robustness";
    }

    @Override
    public String description() {
        return "local complexity and robust accuracy keep changing long after an MLP on 1,000 MNIST images "
                + "reaches 100% training accuracy";
    }

    @Override
    public String claim() {
        return "Humayun, Balestriero and Baraniuk (\"Deep networks always grok and here is why\", ICML 2024, "
                + "arXiv 2402.15555): long after a network interpolates its training set, its linear regions keep "
                + "moving (local complexity around the training points falls in a late phase) and its adversarial "
                + "robustness keeps rising (delayed robustness, a form of grokking).";
    }

    /** The run's sizes. */
    record Plan(int trainPoints, int testPoints, List<Integer> hidden, int epochs, int batch, int every, int lcPoints,
            double eps) {}

    static Plan plan(boolean quick) {
        return quick ? new Plan(500, 500, List.of(100, 100), 120, 100, 30, 100, 0.05)
                : new Plan(1000, 1000, List.of(200, 200, 200), 1500, 200, 150, 500, 0.05);
    }

    @Override
    public ExperimentResult run(ExperimentContext ctx) {
        Plan p = plan(ctx.quick());
        ExperimentResult.Builder b = ExperimentResult.builder(this, ctx);
        Dataset all = Datasets.load("mnist", "test");
        int[] trainIdx = new int[p.trainPoints()];
        for (int i = 0; i < trainIdx.length; i++) trainIdx[i] = 5000 + i;
        Dataset train = all.subset(trainIdx);
        Dataset test = all.first(p.testPoints());
        Map<String, Object> probe = new LinkedHashMap<>();
        probe.put("every", p.every());
        probe.put("radii", List.of(0.05, 0.5));
        probe.put("directions", 25);
        probe.put("train_points", p.lcPoints());
        probe.put("test_points", p.lcPoints());
        probe.put("random_points", p.lcPoints());
        probe.put("eps", p.eps());
        TrainConfig cfg = TrainConfig.of(Architectures.options("architecture", "mlp", "architecture_options",
                Map.of("hidden", p.hidden()), "dataset", "mnist", "epochs", p.epochs(), "batch_size", p.batch(),
                "optimizer", "adam", "lr", 1e-3, "weight_decay", 0.01, "schedule", "constant", "seed", ctx.seed(),
                "eval_size", 0, "probes", Map.of("complexity", probe)));
        long steps = (long) p.epochs() * ((p.trainPoints() + p.batch() - 1) / p.batch());
        DiagnosticListener l = ctx.listener();
        ProbeRecorder recorder = new ProbeRecorder(l, null);
        List<ProbePoint> points = recorder.points();
        Trainer.Result result;
        try {
            java.nio.file.Path dir = ctx.workDirOrTemp(name());
            java.nio.file.Files.deleteIfExists(dir.resolve("mlp.checkpoint"));
            l.stageStarted("training " + steps + " steps", steps, "step");
            result = Trainer.train(cfg, train, test, Trainer.Settings.of(dir.resolve("mlp"))
                    .withListener(recorder));
            l.stageFinished();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        b.config("plan", p).config("train", "mnist test images 5000.." + (5000 + p.trainPoints() - 1))
                .config("held_out", "mnist test images 0.." + (p.testPoints() - 1)).config("recipe", cfg.toJson());
        List<String> at = new ArrayList<>();
        int n = points.size();
        double[] trainAcc = new double[n];
        double[] testAcc = new double[n];
        double[] pgd = new double[n];
        double[][] lc = new double[6][n];
        String[] keys = {"0.05/train", "0.05/test", "0.05/random", "0.5/train", "0.5/test", "0.5/random"};
        for (int i = 0; i < n; i++) {
            ObjectNode v = points.get(i).values();
            at.add(Long.toString(points.get(i).step()));
            trainAcc[i] = v.path("train_accuracy").asDouble();
            testAcc[i] = v.path("test_accuracy").asDouble();
            pgd[i] = v.path("test_pgd_accuracy").asDouble();
            for (int k = 0; k < keys.length; k++) {
                String[] rs = keys[k].split("/");
                lc[k][i] = v.path("lc").path(rs[0]).path(rs[1]).asDouble();
            }
        }
        b.series(Series.builder("accuracy", "Accuracy during training", "clean accuracy on the monitored training "
                + "and held-out points, PGD-10 l-inf accuracy at eps " + p.eps() + " on the held-out points", "step", at)
                .condition("train", trainAcc).condition("test", testAcc).condition("test_pgd", pgd).build());
        for (String r : new String[] {"0.05", "0.5"}) {
            int o = r.equals("0.05") ? 0 : 3;
            b.series(Series.builder("lc_r" + r, "Local complexity, r = " + r, "mean over points of the number of "
                    + "ReLU neurons cutting the neighbourhood (P = 25)", "step", at).condition("train", lc[o])
                    .condition("test", lc[o + 1]).condition("random", lc[o + 2]).build());
        }
        // when the run interpolates, and what changes afterwards
        int t100 = -1;
        for (int i = 0; i < n; i++) {
            if (trainAcc[i] >= 1.0) {
                t100 = i;
                break;
            }
        }
        b.number("steps", steps);
        b.number("final.train_accuracy", trainAcc[n - 1]);
        b.number("final.test_accuracy", testAcc[n - 1]);
        b.number("final.test_pgd_accuracy", pgd[n - 1]);
        b.number("final.lc_train_r0.05", lc[0][n - 1]);
        b.number("final.lc_train_r0.5", lc[3][n - 1]);
        if (t100 < 0) {
            b.finding("the network reaches 100% training accuracy", false, String.format(Locale.ROOT,
                    "final training accuracy on the monitored points %.1f%%", 100 * trainAcc[n - 1]));
        } else {
            long s100 = points.get(t100).step();
            b.number("interpolation_step", s100);
            b.finding("the network reaches 100% training accuracy", true, "at step " + s100 + " of " + steps);
            boolean late = n - 1 - t100 >= 2;
            double lcAt = lc[0][t100];
            double lcEnd = lc[0][n - 1];
            double rel = lcAt == 0 ? 0 : (lcEnd - lcAt) / lcAt;
            b.number("lc_train_r0.05.change_after_interpolation", rel);
            b.finding("local complexity around the training points keeps changing after interpolation (by more "
                    + "than 10%)", late && Math.abs(rel) > 0.10, String.format(Locale.ROOT,
                            "LC(train, r=0.05) %.2f at step %d, %.2f at step %d (%+.0f%%)", lcAt, s100, lcEnd,
                            points.get(n - 1).step(), 100 * rel));
            double pgdAt = pgd[t100];
            double pgdMax = pgdAt;
            int argMax = t100;
            for (int i = t100; i < n; i++) {
                if (pgd[i] > pgdMax) {
                    pgdMax = pgd[i];
                    argMax = i;
                }
            }
            b.number("test_pgd_accuracy.at_interpolation", pgdAt);
            b.number("test_pgd_accuracy.best_after_interpolation", pgdMax);
            b.finding("robust accuracy rises after interpolation (by at least 2 points)", pgdMax - pgdAt >= 0.02,
                    String.format(Locale.ROOT, "PGD accuracy %.1f%% at step %d, best afterwards %.1f%% at step %d, "
                            + "final %.1f%%", 100 * pgdAt, s100, 100 * pgdMax, points.get(argMax).step(),
                            100 * pgd[n - 1]));
            double testAt = testAcc[t100];
            b.finding("clean test accuracy has nearly settled by then (changes by less than 2 points afterwards)",
                    Math.abs(testAcc[n - 1] - testAt) < 0.02, String.format(Locale.ROOT,
                            "test accuracy %.1f%% at interpolation, %.1f%% at the end", 100 * testAt,
                            100 * testAcc[n - 1]));
        }
        b.detail("points", points);
        b.detail("model_card", result.card().name());
        b.note("training points are MNIST test images 5000-" + (5000 + p.trainPoints() - 1) + " (the training set is "
                + "not bundled); held-out points are test images 0-" + (p.testPoints() - 1) + ", disjoint from them");
        b.note("differences from the reference: cross-entropy (not MSE), Adam with L2 weight decay (not AdamW), "
                + "float32, default initialisation (no x8 scale), " + steps + " steps (not 1e5-1e6)");
        return b.build();
    }
}
