package org.robustj.diagnose.experiment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.math3.stat.correlation.KendallsCorrelation;
import org.robustj.data.Dataset;
import org.robustj.data.Datasets;
import org.robustj.diagnose.DiagnosticListener;
import org.robustj.diagnose.Series;
import org.robustj.diagnose.sharpness.Sharpness;
import org.robustj.diagnose.sharpness.SharpnessConfig;
import org.robustj.diagnose.sharpness.SharpnessResult;
import org.robustj.eval.CleanEvaluation;
import org.robustj.model.Architectures;
import org.robustj.model.Classifier;
import org.robustj.model.Models;
import org.robustj.provenance.Seeds;
import org.robustj.threat.Norm;
import org.robustj.train.TrainConfig;
import org.robustj.train.Trainer;

/**
 * Sharpness vs generalisation across a family of trained models (Andriushchenko et al., ICML 2023, arXiv
 * 2302.07011; DIAGNOSTICS.md §4.3 at small scale): MLPs trained on 1,000 MNIST images with different learning
 * rates, batch sizes and with or without SAM; for each, adaptive worst-case ℓ∞ sharpness (ρ = 0.002) and adaptive
 * average-case ℓ2 sharpness (ρ = 0.1) with m = 128 on training points, and the test error on held-out points;
 * then Kendall's τ of each sharpness with the test error and with the learning rate. As in the other experiments
 * the training points are bundled MNIST test images (5,000–5,999) and the held-out points its first 2,000.
 */
public final class SharpnessGeneralizationExperiment implements Experiment {
    @Override
    public String name() {
        return "sharpness-vs-generalization";
    }

    @Override
    public String description() {
        return "across a family of MLPs (lr, batch size, SAM), sharpness correlates only weakly with test error";
    }

    @Override
    public String claim() {
        return "Andriushchenko, Croce, Müller, Hein and Flammarion (\"A modern look at the relationship between "
                + "sharpness and generalization\", ICML 2023, arXiv 2302.07011): no sharpness definition, adaptive "
                + "or not, worst- or average-case, correlates reliably with generalisation across training settings; "
                + "sharpness tends to track training hyperparameters such as the learning rate instead.";
    }

    /** One member of the family. */
    record Member(String recipe, double lr, int batch) {}

    static List<Member> family(boolean quick) {
        List<Member> out = new ArrayList<>();
        double[] lrs = {0.01, 0.03, 0.1};
        int[] batches = quick ? new int[] {32, 128} : new int[] {32, 256};
        String[] recipes = quick ? new String[] {"standard"} : new String[] {"standard", "sam"};
        for (String r : recipes) for (double lr : lrs) for (int b : batches) out.add(new Member(r, lr, b));
        return out;
    }

    @Override
    public ExperimentResult run(ExperimentContext ctx) {
        boolean quick = ctx.quick();
        ExperimentResult.Builder b = ExperimentResult.builder(this, ctx);
        List<Member> fam = family(quick);
        int epochs = quick ? 6 : 20;
        int sharpPoints = quick ? 256 : 1024;
        int iterations = quick ? 10 : 20;
        Dataset all = Datasets.load("mnist", "test");
        int[] trainIdx = new int[1000];
        for (int i = 0; i < trainIdx.length; i++) trainIdx[i] = 5000 + i;
        Dataset train = all.subset(trainIdx);
        Dataset test = all.first(2000);
        Dataset sharpSet = train.first(Math.min(sharpPoints, train.size()));
        float[] sx = sharpSet.values(sharpSet.allIndices());
        int[] sy = sharpSet.labels();
        SharpnessConfig worst = new SharpnessConfig(SharpnessConfig.Kind.WORST, Norm.LINF, 0.002, true, 128,
                iterations, false, false, 1.0, Seeds.derive(ctx.seed(), "sharpness"));
        SharpnessConfig average = new SharpnessConfig(SharpnessConfig.Kind.AVERAGE, Norm.L2, 0.1, true, 128,
                iterations, false, false, 1.0, Seeds.derive(ctx.seed(), "sharpness"));
        DiagnosticListener l = ctx.listener();
        int k = fam.size();
        double[] lr = new double[k];
        double[] testErr = new double[k];
        double[] trainErr = new double[k];
        double[] sWorst = new double[k];
        double[] sAvg = new double[k];
        List<String> names = new ArrayList<>();
        List<Map<String, Object>> rows = new ArrayList<>();
        Path dir;
        try {
            dir = ctx.workDirOrTemp(name());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        l.stageStarted("training and measuring " + k + " models", k, "model");
        for (int i = 0; i < k; i++) {
            Member m = fam.get(i);
            String id = String.format(Locale.ROOT, "%s-lr%s-b%d", m.recipe(), m.lr(), m.batch());
            names.add(id);
            TrainConfig cfg = TrainConfig.of(Architectures.options("recipe", m.recipe(), "architecture", "mlp",
                    "architecture_options", Map.of("hidden", List.of(100)), "dataset", "mnist", "epochs", epochs,
                    "batch_size", m.batch(), "optimizer", "sgd", "lr", m.lr(), "momentum", 0.9, "weight_decay", 0.0,
                    "schedule", "constant", "seed", Seeds.derive(ctx.seed(), "member/" + i) & 0xFFFF, "eval_size", 0));
            try {
                Files.deleteIfExists(dir.resolve(id + ".checkpoint"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Trainer.Result r = Trainer.train(cfg, train, test, Trainer.Settings.of(dir.resolve(id)));
            try (ai.djl.ndarray.NDManager manager = ai.djl.ndarray.NDManager.newBaseManager();
                    Classifier model = Models.open(manager, r.output().json().toString(), null)) {
                lr[i] = m.lr();
                testErr[i] = 1 - r.clean().accuracy();
                trainErr[i] = 1 - CleanEvaluation.run(model, train, 500, null).accuracy();
                SharpnessResult w = Sharpness.measure(model, sx, sy, worst, null);
                SharpnessResult a = Sharpness.measure(model, sx, sy, average, null);
                sWorst[i] = w.sharpness();
                sAvg[i] = a.sharpness();
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("model", id);
            row.put("recipe", m.recipe());
            row.put("lr", m.lr());
            row.put("batch_size", m.batch());
            row.put("train_error", trainErr[i]);
            row.put("test_error", testErr[i]);
            row.put("worst_linf_adaptive_0.002", sWorst[i]);
            row.put("average_l2_adaptive_0.1", sAvg[i]);
            rows.add(row);
            l.progress(i + 1);
            l.log(String.format(Locale.ROOT, "%s: train error %.2f%%, test error %.2f%%, worst-case sharpness %.4f, "
                    + "average-case %.4f", id, 100 * trainErr[i], 100 * testErr[i], sWorst[i], sAvg[i]));
        }
        l.stageFinished();
        KendallsCorrelation kc = new KendallsCorrelation();
        double tauWorstErr = kc.correlation(sWorst, testErr);
        double tauAvgErr = kc.correlation(sAvg, testErr);
        double tauWorstLr = kc.correlation(sWorst, lr);
        double tauAvgLr = kc.correlation(sAvg, lr);
        b.config("family", fam).config("epochs", epochs).config("sharpness_points", sharpPoints)
                .config("worst", worst).config("average", average);
        b.series(Series.builder("test_error", "Test error per model", "error on 2,000 held-out MNIST images", "model",
                names).condition("test_error", testErr).condition("train_error", trainErr).build());
        b.series(Series.builder("sharpness", "Sharpness per model", "adaptive worst-case linf (rho 0.002) and "
                + "adaptive average-case l2 (rho 0.1) sharpness, m = 128", "model", names)
                .condition("worst_linf_adaptive", sWorst).condition("average_l2_adaptive", sAvg).logScale(true).build());
        b.number("tau.worst_vs_test_error", tauWorstErr);
        b.number("tau.average_vs_test_error", tauAvgErr);
        b.number("tau.worst_vs_lr", tauWorstLr);
        b.number("tau.average_vs_lr", tauAvgLr);
        b.finding("worst-case adaptive sharpness correlates only weakly with test error (|τ| < 0.5)",
                Math.abs(tauWorstErr) < 0.5, String.format(Locale.ROOT, "Kendall τ = %.2f over %d models",
                        tauWorstErr, k));
        b.finding("average-case adaptive sharpness correlates only weakly with test error (|τ| < 0.5)",
                Math.abs(tauAvgErr) < 0.5, String.format(Locale.ROOT, "Kendall τ = %.2f over %d models", tauAvgErr, k));
        b.finding("sharpness tracks the learning rate more closely than the test error (worst-case)",
                Math.abs(tauWorstLr) > Math.abs(tauWorstErr), String.format(Locale.ROOT,
                        "|τ(sharpness, lr)| = %.2f vs |τ(sharpness, test error)| = %.2f", Math.abs(tauWorstLr),
                        Math.abs(tauWorstErr)));
        b.detail("models", rows);
        b.note("training points are MNIST test images 5000-5999 (the training set is not bundled); test error is on "
                + "test images 0-1999, disjoint from them; sharpness is on the first " + sharpPoints
                + " training points");
        if (quick) b.note("quick run: " + k + " models, " + epochs + " epochs, " + iterations
                + " iterations; Kendall τ over so few models is coarse (steps of " + String.format(Locale.ROOT, "%.2f",
                        2.0 / (k * (k - 1.0) / 2)) + ")");
        return b.build();
    }
}
