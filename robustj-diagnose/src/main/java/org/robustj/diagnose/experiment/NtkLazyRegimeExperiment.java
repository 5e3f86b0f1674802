package org.robustj.diagnose.experiment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.robustj.attack.ensemble.EvaluationConfig;
import org.robustj.data.Dataset;
import org.robustj.data.Datasets;
import org.robustj.diagnose.AdversarialInputs;
import org.robustj.diagnose.DiagnosticListener;
import org.robustj.diagnose.Series;
import org.robustj.diagnose.ntk.EmpiricalNtk;
import org.robustj.diagnose.ntk.KernelAttacks;
import org.robustj.diagnose.ntk.KernelPredictor;
import org.robustj.diagnose.ntk.KernelRegression;
import org.robustj.diagnose.ntk.NtkDiagnostic;
import org.robustj.diagnose.ntk.NtkKernel;
import org.robustj.model.BlockClassifier;
import org.robustj.model.Classifier;
import org.robustj.model.Models;
import org.robustj.provenance.Seeds;
import org.robustj.threat.Epsilon;
import org.robustj.threat.Norm;
import org.robustj.train.TrainConfig;
import org.robustj.train.Trainer;

/**
 * Experiment (b), {@code ntk-robust-features} (Tsilivis &amp; Kempe 2022, arXiv 2210.05577; DIAGNOSTICS.md
 * §2.3): on binary MNIST (3 against 5, the first points of the bundled test split), the empirical NTK of a
 * <em>wide MLP at initialisation</em> gives a kernel predictor whose eigen-features are measured (usefulness and
 * FGSM robustness per feature, largest eigenvalue first, and the cumulative sums); training-free PGD crafted on
 * that kernel predictor is then applied to two networks trained with SGD on the kernel's points — the same wide
 * MLP from the same initialisation with a small learning rate (lazy regime: its weights barely move) and a
 * narrow MLP with a large one (feature learning) — next to each network's own PGD and random sign noise of the
 * same L∞ norm.
 */
public final class NtkLazyRegimeExperiment implements Experiment {
    private static final int DIGIT_A = 3;
    private static final int DIGIT_B = 5;

    /** The numbers of the current run, for its findings (an instance runs once: the registry makes one per run). */
    private final Map<String, Double> numbers = new LinkedHashMap<>();

    private void number(ExperimentResult.Builder out, String key, double value) {
        numbers.put(key, value);
        out.number(key, value);
    }

    @Override
    public String name() {
        return "ntk-robust-features";
    }

    @Override
    public String description() {
        return "NTK-robust features are the top eigenvectors, and training-free NTK attacks transfer to a wide "
                + "network trained in the lazy regime (binary MNIST, MLP)";
    }

    @Override
    public String claim() {
        return "Tsilivis & Kempe (NeurIPS 2022, arXiv 2210.05577): the NTK's eigen-features at the largest "
                + "eigenvalues are the robust ones, lower ones are useful but not robust; adversarial examples "
                + "crafted on the kernel predictor alone (no network) transfer to networks trained in the lazy "
                + "regime (wide, small learning rate).";
    }

    /** The sizes of a run. */
    record Plan(int kernelPoints, int testPoints, int wide, int narrow, int epochs, int features, List<Double> eps) {}

    private static Plan plan(boolean quick) {
        return quick ? new Plan(160, 60, 512, 32, 20, 12, List.of(0.1))
                : new Plan(240, 100, 1024, 32, 30, 16, List.of(0.1, 0.2));
    }

    @Override
    public ExperimentResult run(ExperimentContext ctx) {
        Plan p = plan(ctx.quick());
        DiagnosticListener listener = ctx.listener();
        ExperimentResult.Builder out = ExperimentResult.builder(this, ctx);
        out.config("digits", List.of(DIGIT_A, DIGIT_B)).config("kernel_points", p.kernelPoints())
                .config("test_points", p.testPoints()).config("wide_width", p.wide())
                .config("narrow_width", p.narrow()).config("epochs", p.epochs()).config("eps", p.eps())
                .config("kernel", "trace").config("ridge", 1e-6).config("features", p.features());
        Dataset all = Datasets.load("mnist", "test");
        Dataset binary = binary(all, p.kernelPoints() + p.testPoints());
        for (org.robustj.provenance.FileHash h : binary.files()) out.file(h);
        int[] trainIdx = range(0, p.kernelPoints());
        int[] testIdx = range(p.kernelPoints(), p.kernelPoints() + p.testPoints());
        Dataset train = binary.subset(trainIdx);
        Dataset test = binary.subset(testIdx);
        Path work;
        try {
            work = ctx.workDirOrTemp(name());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // wide: SGD, small lr (lazy); narrow: SGD, large lr (feature learning); same seed for the init
        TrainConfig wideCfg = config(p.wide(), 0.01, p.epochs(), ctx.seed());
        TrainConfig narrowCfg = config(p.narrow(), 0.5, p.epochs(), ctx.seed());
        listener.stageStarted("train wide mlp (lazy)", 1, "run");
        Trainer.Result wideRun = Trainer.train(wideCfg, train, test, Trainer.Settings.of(work.resolve("wide-mlp")));
        listener.stageFinished();
        listener.stageStarted("train narrow mlp", 1, "run");
        Trainer.Result narrowRun = Trainer.train(narrowCfg, train, test,
                Trainer.Settings.of(work.resolve("narrow-mlp")));
        listener.stageFinished();
        int[] yTrain = train.labels();
        int[] yTest = test.labels();
        try (NDManager base = NDManager.newBaseManager();
                BlockClassifier init = BlockClassifier.create(base, wideRun.card(), Seeds.derive(ctx.seed(), "init"));
                Classifier wide = Models.open(base, wideRun.output().json().toString(), binary.sampleShape());
                Classifier narrow = Models.open(base, narrowRun.output().json().toString(), binary.sampleShape())) {
            double moved = relativeChange(init, wide);
            number(out, "wide.relative_weight_change", moved);
            try (BlockClassifier narrowInit = BlockClassifier.create(base, narrowRun.card(),
                    Seeds.derive(ctx.seed(), "init"))) {
                number(out, "narrow.relative_weight_change", relativeChange(narrowInit, narrow));
            }
            NDArray xTrain = train.batch(base, train.allIndices());
            NDArray xTest = test.batch(base, test.allIndices());
            listener.stageStarted("ntk of the wide mlp at init", p.kernelPoints(), "pt");
            try (EmpiricalNtk ntk = EmpiricalNtk.compute(init, xTrain, NtkKernel.TRACE);
                    KernelPredictor f = KernelRegression.fit(ntk, yTrain, 1e-6)) {
                listener.stageFinished();
                number(out, "top20_mass", ntk.eigen().topMass(20));
                double kClean = NtkDiagnostic.accuracy(f.predict(xTest), yTest);
                number(out, "kernel.clean_accuracy", kClean);
                NtkDiagnostic.NetworkEval wideEval = new NtkDiagnostic.NetworkEval(wide);
                NtkDiagnostic.NetworkEval narrowEval = new NtkDiagnostic.NetworkEval(narrow);
                number(out, "wide.clean_accuracy", wideEval.accuracy(xTest, yTest));
                number(out, "narrow.clean_accuracy", narrowEval.accuracy(xTest, yTest));
                number(out, "agreement.kernel_wide", NtkDiagnostic.accuracy(f.predict(xTest), wideEval.predict(xTest)));
                number(out, "agreement.kernel_narrow",
                        NtkDiagnostic.accuracy(f.predict(xTest), narrowEval.predict(xTest)));
                transfer(out, ctx, p, f, wideEval, narrowEval, test, xTest, yTest, testIdx);
                features(out, ctx, p, ntk, yTrain, xTest, yTest);
            }
        }
        findings(out, p);
        out.note("data: MNIST test split (bundled), digits " + DIGIT_A + " (class 0) and " + DIGIT_B
                + " (class 1), first " + (p.kernelPoints() + p.testPoints()) + " such points: the first "
                + p.kernelPoints() + " train the networks and form the kernel, the rest are attacked");
        out.note("kernel: trace NTK of the wide MLP at its initialisation (the weights the lazy run starts from), "
                + "ridge 1e-6·tr Θ/N; attacks on it: FGSM and PGD (10 steps of 0.319·eps, no random start), "
                + "L∞; networks' own attack: robustj pgd, 10 steps, same step, no random start");
        return out.build();
    }

    private static TrainConfig config(int width, double lr, int epochs, long seed) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("recipe", "standard");
        o.put("architecture", "mlp");
        o.put("architecture_options", Map.of("hidden", List.of(width)));
        o.put("dataset", "mnist");
        o.put("epochs", epochs);
        o.put("batch_size", 32);
        o.put("optimizer", "sgd");
        o.put("lr", lr);
        o.put("momentum", 0.0);
        o.put("weight_decay", 0.0);
        o.put("schedule", "constant");
        o.put("augmentation", "none");
        o.put("seed", seed);
        o.put("eval_size", 0);
        return TrainConfig.of(o);
    }

    private void transfer(ExperimentResult.Builder out, ExperimentContext ctx, Plan p, KernelPredictor f,
            NtkDiagnostic.NetworkEval wide, NtkDiagnostic.NetworkEval narrow, Dataset test, NDArray xTest,
            int[] yTest, int[] testIdx) {
        List<String> at = new ArrayList<>();
        Map<String, double[]> cond = new LinkedHashMap<>();
        for (String c : List.of("kernel_under_kernel_pgd", "wide_under_kernel_pgd", "wide_under_own_pgd",
                "wide_under_random_noise", "narrow_under_kernel_pgd", "narrow_under_own_pgd",
                "narrow_under_random_noise")) {
            cond.put(c, new double[p.eps().size()]);
        }
        double rel = NtkDiagnostic.REFERENCE_REL_STEP;
        Map<String, Map<String, Object>> pgd = Map.of("pgd", Map.of("steps", 10, "rel_step_size", rel,
                "random_start", false));
        EvaluationConfig own = new EvaluationConfig(null, List.of("pgd"), pgd, Norm.LINF, p.eps(), ctx.seed(), 100);
        List<AdversarialInputs.AtEps> wideOwn = AdversarialInputs.generate(wide.model(), test, own, ctx.listener());
        List<AdversarialInputs.AtEps> narrowOwn = AdversarialInputs.generate(narrow.model(), test, own,
                ctx.listener());
        for (int e = 0; e < p.eps().size(); e++) {
            double eps = p.eps().get(e);
            String tag = Epsilon.format(eps);
            at.add(tag);
            ctx.listener().stageStarted("kernel pgd eps " + tag, 1, "run");
            try (NDManager s = xTest.getManager().newSubManager()) {
                NDArray adv = KernelAttacks.pgd(f, xTest, yTest, eps, rel * eps, 10);
                adv.attach(s);
                NDArray noise = NtkDiagnostic.noise(s, xTest, testIdx, eps, ctx.seed());
                cond.get("kernel_under_kernel_pgd")[e] = NtkDiagnostic.accuracy(f.predict(adv), yTest);
                cond.get("wide_under_kernel_pgd")[e] = wide.accuracy(adv, yTest);
                cond.get("wide_under_own_pgd")[e] = 1 - wideOwn.get(e).brokenFraction();
                cond.get("wide_under_random_noise")[e] = wide.accuracy(noise, yTest);
                cond.get("narrow_under_kernel_pgd")[e] = narrow.accuracy(adv, yTest);
                cond.get("narrow_under_own_pgd")[e] = 1 - narrowOwn.get(e).brokenFraction();
                cond.get("narrow_under_random_noise")[e] = narrow.accuracy(noise, yTest);
            }
            ctx.listener().stageFinished();
            for (Map.Entry<String, double[]> c : cond.entrySet()) {
                number(out, c.getKey().replace("_under_", ".") + "." + tag, c.getValue()[e]);
            }
        }
        Series.Builder b = Series.builder("transfer", "Training-free NTK attacks against trained networks",
                "test accuracy under PGD crafted on the kernel predictor (wide MLP's NTK at init), under each "
                        + "network's own PGD and under random sign noise of the same L∞ norm", "eps", at);
        cond.forEach(b::condition);
        out.series(b.build());
    }

    private void features(ExperimentResult.Builder out, ExperimentContext ctx, Plan p, EmpiricalNtk ntk,
            int[] yTrain, NDArray xTest, int[] yTest) {
        double eps = p.eps().get(p.eps().size() > 1 ? 1 : 0);
        String tag = Epsilon.format(eps);
        int k = Math.min(p.features(), ntk.eigen().values().length);
        List<String> at = new ArrayList<>();
        double[] useful = new double[k];
        double[] robust = new double[k];
        ctx.listener().stageStarted("eigen-features", k, "feature");
        for (int i = 0; i < k; i++) {
            at.add(Integer.toString(i + 1));
            try (KernelPredictor fi = KernelRegression.feature(ntk, yTrain, 1e-6, i);
                    NDManager s = xTest.getManager().newSubManager()) {
                useful[i] = NtkDiagnostic.accuracy(fi.predict(xTest), yTest);
                NDArray adv = KernelAttacks.fgsm(fi, xTest, yTest, eps);
                adv.attach(s);
                robust[i] = NtkDiagnostic.accuracy(fi.predict(adv), yTest);
            }
            ctx.listener().progress(i + 1);
        }
        ctx.listener().stageFinished();
        out.series(Series.builder("features", "Eigen-features of the NTK: usefulness and robustness",
                "accuracy of argmax f_i and under FGSM eps " + tag + " against f_i alone; largest eigenvalue first",
                "eigen-feature", at).condition("usefulness", useful).condition("robustness", robust).build());
        int top = 3;
        number(out, "features.top3.mean_robustness", mean(robust, 0, top));
        number(out, "features.top3.mean_usefulness", mean(useful, 0, top));
        number(out, "features.rest.mean_robustness", mean(robust, top, k));
        number(out, "features.rest.mean_usefulness", mean(useful, top, k));
        // usefulness-weighted: among the features that are useful (accuracy > 0.6), the share that stays robust
        out.detail("features_eps", eps);
        int rows = ntk.eigen().values().length;
        List<Integer> ks = new ArrayList<>();
        for (int c = 1; c < rows; c *= 4) ks.add(c);
        ks.add(rows);
        List<String> kat = new ArrayList<>();
        double[] acc = new double[ks.size()];
        double[] rob = new double[ks.size()];
        for (int j = 0; j < ks.size(); j++) {
            kat.add(Integer.toString(ks.get(j)));
            try (KernelPredictor f = KernelRegression.sumOfFeatures(ntk, yTrain, 1e-6, 0, ks.get(j));
                    NDManager s = xTest.getManager().newSubManager()) {
                acc[j] = NtkDiagnostic.accuracy(f.predict(xTest), yTest);
                NDArray adv = KernelAttacks.fgsm(f, xTest, yTest, eps);
                adv.attach(s);
                rob[j] = NtkDiagnostic.accuracy(f.predict(adv), yTest);
            }
        }
        out.series(Series.builder("cumulative_features", "Sum of the top-k eigen-features",
                "accuracy of Σ_{i≤k} f_i, clean and under FGSM eps " + tag + " against it", "k", kat)
                .condition("clean", acc).condition("fgsm", rob).build());
        number(out, "cumulative.first.fgsm", rob[0]);
        number(out, "cumulative.all.fgsm", rob[rob.length - 1]);
        number(out, "cumulative.first.clean", acc[0]);
        number(out, "cumulative.all.clean", acc[acc.length - 1]);
    }

    private void findings(ExperimentResult.Builder out, Plan p) {
        double topR = numbers.get("features.top3.mean_robustness");
        double restR = numbers.get("features.rest.mean_robustness");
        out.finding("the top eigen-features are more robust than the lower ones", topR > restR,
                String.format(Locale.ROOT, "mean FGSM accuracy of features 1-3: %.3f; of features 4-%d: %.3f",
                        topR, p.features(), restR));
        double firstR = numbers.get("cumulative.first.fgsm");
        double allR = numbers.get("cumulative.all.fgsm");
        double firstC = numbers.get("cumulative.first.clean");
        double allC = numbers.get("cumulative.all.clean");
        out.finding("adding lower eigen-features raises accuracy and lowers robustness", allC >= firstC && allR < firstR,
                String.format(Locale.ROOT, "top feature alone: clean %.3f, FGSM %.3f; all features: clean %.3f, "
                        + "FGSM %.3f", firstC, firstR, allC, allR));
        String tag = Epsilon.format(p.eps().get(p.eps().size() > 1 ? 1 : 0));
        double wideT = numbers.get("wide.kernel_pgd." + tag);
        double wideN = numbers.get("wide.random_noise." + tag);
        double narrowT = numbers.get("narrow.kernel_pgd." + tag);
        double wideC = numbers.get("wide.clean_accuracy");
        double narrowC = numbers.get("narrow.clean_accuracy");
        out.finding("training-free NTK attacks transfer to the wide, lazily trained network (far below random "
                + "noise of the same norm)", wideT < wideN - 0.2, String.format(Locale.ROOT,
                        "wide MLP at eps %s: clean %.3f, under kernel PGD %.3f, under random noise %.3f", tag, wideC,
                        wideT, wideN));
        out.finding("they transfer more to the lazy wide network than to the narrow one trained with a large "
                + "learning rate", wideC - wideT > narrowC - narrowT, String.format(Locale.ROOT,
                        "accuracy drop under kernel PGD at eps %s: wide %.3f, narrow %.3f", tag, wideC - wideT,
                        narrowC - narrowT));
    }

    private static double relativeChange(Classifier a, Classifier b) {
        List<NDArray> wa = a.weights();
        List<NDArray> wb = b.weights();
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < wa.size(); i++) {
            float[] x = wa.get(i).toFloatArray();
            float[] y = wb.get(i).toFloatArray();
            for (int j = 0; j < x.length; j++) {
                diff += (x[j] - y[j]) * (double) (x[j] - y[j]);
                norm += x[j] * (double) x[j];
            }
        }
        return Math.sqrt(diff / norm);
    }

    private static double mean(double[] v, int from, int to) {
        if (to <= from) return Double.NaN;
        double s = 0;
        for (int i = from; i < to; i++) s += v[i];
        return s / (to - from);
    }

    /** The first {@code n} test points showing digit A or B, relabelled 0 and 1. */
    private static Dataset binary(Dataset all, int n) {
        int d = (int) all.sampleShape().size();
        List<Integer> keep = new ArrayList<>();
        for (int i = 0; i < all.size() && keep.size() < n; i++) {
            int y = all.label(i);
            if (y == DIGIT_A || y == DIGIT_B) keep.add(i);
        }
        int[] idx = keep.stream().mapToInt(Integer::intValue).toArray();
        float[] v = all.values(idx);
        int[] labels = new int[idx.length];
        for (int i = 0; i < idx.length; i++) labels[i] = all.label(idx[i]) == DIGIT_A ? 0 : 1;
        return Dataset.ofFloats("mnist", "test", new Shape(all.sampleShape().getShape()), v, labels,
                List.of(Integer.toString(DIGIT_A), Integer.toString(DIGIT_B)), all.files());
    }

    private static int[] range(int from, int to) {
        int[] r = new int[to - from];
        for (int i = 0; i < r.length; i++) r[i] = from + i;
        return r;
    }
}
