package org.robustj.diagnose.ntk;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.robustj.attack.ensemble.EvaluationConfig;
import org.robustj.data.Dataset;
import org.robustj.diagnose.AbstractDiagnostic;
import org.robustj.diagnose.AdversarialInputs;
import org.robustj.diagnose.DiagnosticListener;
import org.robustj.diagnose.DiagnosticOptions;
import org.robustj.diagnose.DiagnosticRequest;
import org.robustj.diagnose.DiagnosticResult;
import org.robustj.diagnose.Series;
import org.robustj.errors.InvalidInputException;
import org.robustj.model.Classifier;
import org.robustj.model.ModelCapability;
import org.robustj.provenance.Seeds;
import org.robustj.threat.Epsilon;
import org.robustj.threat.Norm;

/**
 * {@code robustj diagnose ntk}: the empirical NTK of a model and what it says about robustness (Tsilivis &amp;
 * Kempe 2022, arXiv 2210.05577; DIAGNOSTICS.md §2). The request's points are split: the first n − {@code test}
 * are the kernel's points X, the last {@code test} are attacked. It reports the kernel's spectrum (eigenvalues,
 * top-20 mass), the ridge kernel predictor's accuracy, <b>training-free attacks</b> — FGSM and PGD (L∞, no
 * random start, the reference's 10 steps of 0.01 at 8/255, i.e. a step of 0.32·ε) on the kernel predictor —
 * and their <b>transfer</b> to the network, next to the network under its own attack (the request's, PGD by
 * default) and under random sign noise of the same L∞ norm; then, for the top eigen-features f_i, their
 * usefulness (accuracy of argmax f_i) and robustness (accuracy under FGSM against f_i alone), the cumulative
 * predictors Σ_{i≤k} f_i, and images of the features (the input gradient of f_i's loss at a test image,
 * min–max normalised), which the report shows.
 *
 * <p>Java: {@code Diagnostics.create("ntk").run(DiagnosticRequest.of(model, data).withAttack(cfg))}.
 */
public final class NtkDiagnostic extends AbstractDiagnostic {
    /** The reference's PGD step relative to ε: 0.01 at ε = 8/255. */
    public static final double REFERENCE_REL_STEP = 0.01 / (8.0 / 255);

    private static final Map<String, String> OPTIONS = optionTable();

    private static Map<String, String> optionTable() {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("kernel", "trace (N×N, default) or full (NK×NK, every class pair)");
        o.put("ridge", "ridge λ relative to tr Θ / rows (default 1e-6; 0 = pseudo-inverse)");
        o.put("test", "points held out and attacked, the last ones of --n (default min(100, n/4))");
        o.put("features", "top eigen-features measured (default 10)");
        o.put("pgd-steps", "PGD iterations on the kernel predictor (default 10, the reference's)");
        o.put("pgd-rel-step", "PGD step as a multiple of eps (default 0.319: 0.01 at 8/255, the reference's)");
        o.put("images", "eigen-features drawn as images in the report (default 8)");
        return o;
    }

    public NtkDiagnostic() {
        super("ntk", "empirical NTK: spectrum, kernel predictor, training-free attacks and their transfer, "
                + "eigen-features' usefulness and robustness", java.util.Set.of(ModelCapability.PARAMETER_GRADIENTS),
                true, OPTIONS);
    }

    /** The options as typed settings. */
    record Settings(NtkKernel kernel, double ridge, int test, int features, int pgdSteps, double relStep,
            int images) {
        static Settings of(DiagnosticOptions o, int n) {
            NtkKernel kernel = NtkKernel.parse(o.string("kernel", "trace"));
            double ridge = o.number("ridge", 1e-6, 0, 1e6);
            int test = o.integer("test", Math.max(1, Math.min(100, n / 4)), 1, Math.max(1, n - 2));
            int features = o.integer("features", 10, 1, 100_000);
            int steps = o.integer("pgd-steps", 10, 1, 10_000);
            double rel = o.number("pgd-rel-step", REFERENCE_REL_STEP, 1e-6, 10);
            int images = o.integer("images", 8, 0, 1000);
            return new Settings(kernel, ridge, test, features, steps, rel, images);
        }
    }

    @Override
    protected void validate(DiagnosticRequest request) {
        int n = request.points().size();
        if (n < 3) {
            throw new InvalidInputException("diagnose ntk needs at least 3 points (kernel points and test points), "
                    + "got --n " + n);
        }
        Settings.of(request.options(), n);
        if (request.attack().norm() != Norm.LINF) {
            throw new InvalidInputException("diagnose ntk's training-free attacks are FGSM/PGD in L∞, as the "
                    + "reference's; use --norm linf (got " + request.attack().norm().id() + ")");
        }
    }

    @Override
    protected DiagnosticResult measure(DiagnosticRequest request) {
        Classifier model = request.model();
        Dataset data = request.points();
        DiagnosticListener listener = request.listener();
        int n = data.size();
        Settings s = Settings.of(request.options(), n);
        int nTest = s.test();
        int nTrain = n - nTest;
        int[] trainIdx = range(0, nTrain);
        int[] testIdx = range(nTrain, n);
        int[] yTrain = labels(data, trainIdx);
        int[] yTest = labels(data, testIdx);
        EvaluationConfig attack = request.attack();
        DiagnosticResult.Builder out = DiagnosticResult.builder(this, request);
        out.note("kernel points: the first " + nTrain + " of the " + n + " points; attacked: the last " + nTest);
        try (NDManager scope = model.manager().newSubManager()) {
            NDArray xTrain = data.batch(scope, trainIdx);
            NDArray xTest = data.batch(scope, testIdx);
            listener.stageStarted("ntk jacobians", nTrain, "pt");
            try (EmpiricalNtk ntk = EmpiricalNtk.compute(model, xTrain, s.kernel())) {
                listener.stageFinished();
                listener.stageStarted("eigendecomposition", 1, "");
                EmpiricalNtk.Eigen eig = ntk.eigen();
                listener.stageFinished();
                int rows = eig.values().length;
                out.number("parameters", ntk.parameters());
                out.number("kernel_points", nTrain);
                out.number("test_points", nTest);
                out.number("eigenvalue.max", eig.values()[0]);
                out.number("eigenvalue.min", eig.values()[rows - 1]);
                out.number("top20_mass", eig.topMass(20));
                spectrum(out, eig);
                NetworkEval net = new NetworkEval(model);
                double netClean = net.accuracy(xTest, yTest);
                out.number("network.clean_accuracy", netClean);
                try (KernelPredictor f = KernelRegression.fit(ntk, yTrain, s.ridge())) {
                    out.number("kernel.train_accuracy", accuracy(KernelPredictor.argmax(f.trainingValues()), yTrain));
                    double kClean = accuracy(f.predict(xTest), yTest);
                    out.number("kernel.clean_accuracy", kClean);
                    out.number("agreement.kernel_network_clean", agreement(f.predict(xTest), net.predict(xTest)));
                    attacks(out, request, s, f, net, data, xTest, yTest, testIdx, kClean, netClean);
                }
                features(out, request, s, ntk, yTrain, xTest, yTest);
                out.detail("kernel", Map.of("kind", s.kernel().cliName(), "rows", rows, "ridge_relative", s.ridge(),
                        "ridge_absolute", KernelRegression.absoluteRidge(ntk, s.ridge()), "parameters",
                        ntk.parameters(), "pgd_steps", s.pgdSteps(), "pgd_rel_step", s.relStep()));
            }
        }
        out.note("network attack: " + (attack.version().equals("custom") ? String.join(",", attack.attacks())
                : "version " + attack.version()) + "; random noise: uniform signs times eps, clipped to [0, 1]");
        return out.build();
    }

    private static void spectrum(DiagnosticResult.Builder out, EmpiricalNtk.Eigen eig) {
        int m = Math.min(eig.values().length, 200);
        List<String> at = new ArrayList<>();
        double[] v = new double[m];
        for (int i = 0; i < m; i++) {
            at.add(Integer.toString(i + 1));
            v[i] = Math.max(eig.values()[i], Double.MIN_NORMAL);
        }
        out.series(Series.builder("eigenvalues", "NTK spectrum", "eigenvalues of Θ(X, X), largest first (first "
                + m + ")", "eigenvalue index", at).condition("eigenvalue", v).logScale(true).build());
    }

    private void attacks(DiagnosticResult.Builder out, DiagnosticRequest request, Settings s, KernelPredictor f,
            NetworkEval net, Dataset data, NDArray xTest, int[] yTest, int[] testIdx, double kClean,
            double netClean) {
        List<Double> eps = request.attack().epsilons();
        List<String> at = new ArrayList<>();
        Map<String, double[]> cond = new LinkedHashMap<>();
        for (String c : List.of("kernel_clean", "kernel_under_kernel_fgsm", "kernel_under_kernel_pgd",
                "network_clean", "network_under_kernel_fgsm", "network_under_kernel_pgd", "network_under_own_attack",
                "network_under_random_noise")) {
            cond.put(c, new double[eps.size()]);
        }
        Dataset testData = data.subset(testIdx);
        List<AdversarialInputs.AtEps> own = AdversarialInputs.generate(net.model, testData, request.attack(),
                request.listener());
        for (int e = 0; e < eps.size(); e++) {
            double ep = eps.get(e);
            String tag = Epsilon.format(ep);
            at.add(tag);
            request.listener().stageStarted("kernel fgsm+pgd eps " + tag, 1 + s.pgdSteps(), "step");
            try (NDManager sc = xTest.getManager().newSubManager()) {
                NDArray fgsm = KernelAttacks.fgsm(f, xTest, yTest, ep);
                fgsm.attach(sc);
                request.listener().progress(1);
                NDArray pgd = KernelAttacks.pgd(f, xTest, yTest, ep, s.relStep() * ep, s.pgdSteps());
                pgd.attach(sc);
                request.listener().progress(1 + s.pgdSteps());
                NDArray noise = noise(sc, xTest, testIdx, ep, request.seed());
                put(cond, "kernel_clean", e, kClean);
                put(cond, "kernel_under_kernel_fgsm", e, accuracy(f.predict(fgsm), yTest));
                put(cond, "kernel_under_kernel_pgd", e, accuracy(f.predict(pgd), yTest));
                put(cond, "network_clean", e, netClean);
                put(cond, "network_under_kernel_fgsm", e, net.accuracy(fgsm, yTest));
                put(cond, "network_under_kernel_pgd", e, net.accuracy(pgd, yTest));
                put(cond, "network_under_own_attack", e, 1 - own.get(e).brokenFraction());
                put(cond, "network_under_random_noise", e, net.accuracy(noise, yTest));
            }
            request.listener().stageFinished();
            for (Map.Entry<String, double[]> c : cond.entrySet()) {
                if (!c.getKey().endsWith("_clean")) out.number(c.getKey().replace("_under_", ".") + "." + tag,
                        c.getValue()[e]);
            }
        }
        Series.Builder b = Series.builder("accuracy", "Training-free attacks and their transfer",
                "accuracy on the test points: the kernel predictor and the network, clean, under FGSM/PGD crafted on "
                        + "the kernel predictor, under the network's own attack and under random noise of the same "
                        + "L∞ norm", "eps", at);
        cond.forEach(b::condition);
        out.series(b.build());
    }

    private void features(DiagnosticResult.Builder out, DiagnosticRequest request, Settings s, EmpiricalNtk ntk,
            int[] yTrain, NDArray xTest, int[] yTest) {
        EmpiricalNtk.Eigen eig = ntk.eigen();
        int rows = eig.values().length;
        int k = Math.min(s.features(), rows);
        double ep = request.attack().epsilons().get(0);
        String tag = Epsilon.format(ep);
        List<String> at = new ArrayList<>();
        double[] useful = new double[k];
        double[] robust = new double[k];
        double[] lam = new double[k];
        List<Map<String, Object>> images = new ArrayList<>();
        NDArray probe = xTest.get("0:1");
        int[] probeLabel = {yTest[0]};
        request.listener().stageStarted("eigen-features", k, "feature");
        for (int i = 0; i < k; i++) {
            at.add(Integer.toString(i + 1));
            lam[i] = eig.values()[i];
            try (KernelPredictor fi = KernelRegression.feature(ntk, yTrain, s.ridge(), i);
                    NDManager sc = xTest.getManager().newSubManager()) {
                useful[i] = accuracy(fi.predict(xTest), yTest);
                NDArray adv = KernelAttacks.fgsm(fi, xTest, yTest, ep);
                adv.attach(sc);
                robust[i] = accuracy(fi.predict(adv), yTest);
                if (i < s.images() && probe.getShape().dimension() == 4) { // images of C×H×W inputs only
                    NDArray g = fi.lossGradient(probe, probeLabel, null);
                    g.attach(sc);
                    images.add(image("feature " + (i + 1), String.format(Locale.ROOT,
                            "λ = %.4g, usefulness %.2f, robustness %.2f", lam[i], useful[i], robust[i]),
                            minMax(g.toFloatArray()), probe.getShape().slice(1).getShape()));
                }
            }
            request.listener().progress(i + 1);
        }
        request.listener().stageFinished();
        if (!images.isEmpty()) {
            images.add(0, image("test image", "label " + probeLabel[0] + "; the features' loss gradients at it follow",
                    probe.toFloatArray(), probe.getShape().slice(1).getShape()));
            out.detail("images", images);
        }
        out.series(Series.builder("features", "Eigen-features: usefulness and robustness",
                "accuracy of argmax f_i (usefulness) and under FGSM eps " + tag + " against f_i alone (robustness), "
                        + "f_i(x) = Θ(x,X) v_i v_iᵀ Y / (λ_i + λ), largest eigenvalue first", "eigen-feature", at)
                .condition("usefulness", useful).condition("robustness", robust).build());
        out.series(Series.builder("feature_eigenvalues", "Eigenvalues of the measured features",
                "λ_i of the features above", "eigen-feature", at).condition("eigenvalue", lam).logScale(true).build());
        double sumUseful = 0;
        double sumRobust = 0;
        int top = Math.min(3, k);
        for (int i = 0; i < top; i++) {
            sumUseful += useful[i];
            sumRobust += robust[i];
        }
        out.number("features.top3.mean_usefulness", sumUseful / top);
        out.number("features.top3.mean_robustness." + tag, sumRobust / top);
        cumulative(out, request, s, ntk, yTrain, xTest, yTest, ep, tag);
    }

    /** Accuracy and FGSM robustness of Σ_{i≤k} f_i as k grows: the paper's accuracy-up / robustness-down curve. */
    private void cumulative(DiagnosticResult.Builder out, DiagnosticRequest request, Settings s, EmpiricalNtk ntk,
            int[] yTrain, NDArray xTest, int[] yTest, double ep, String tag) {
        int rows = ntk.eigen().values().length;
        List<Integer> ks = new ArrayList<>();
        for (int k = 1; k < rows; k *= 4) ks.add(k);
        ks.add(rows);
        List<String> at = new ArrayList<>();
        double[] acc = new double[ks.size()];
        double[] rob = new double[ks.size()];
        request.listener().stageStarted("cumulative features", ks.size(), "k");
        for (int j = 0; j < ks.size(); j++) {
            at.add(Integer.toString(ks.get(j)));
            try (KernelPredictor f = KernelRegression.sumOfFeatures(ntk, yTrain, s.ridge(), 0, ks.get(j));
                    NDManager sc = xTest.getManager().newSubManager()) {
                acc[j] = accuracy(f.predict(xTest), yTest);
                NDArray adv = KernelAttacks.fgsm(f, xTest, yTest, ep);
                adv.attach(sc);
                rob[j] = accuracy(f.predict(adv), yTest);
            }
            request.listener().progress(j + 1);
        }
        request.listener().stageFinished();
        out.series(Series.builder("cumulative_features", "Sum of the top-k eigen-features",
                "accuracy of Σ_{i≤k} f_i, clean and under FGSM eps " + tag + " against it", "k", at)
                .condition("clean", acc).condition("fgsm", rob).build());
    }

    private static Map<String, Object> image(String title, String caption, float[] pixels, long[] shape) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("title", title);
        m.put("caption", caption);
        m.put("shape", shape);
        m.put("pixels", pixels);
        return m;
    }

    private static float[] minMax(float[] v) {
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        for (float x : v) {
            lo = Math.min(lo, x);
            hi = Math.max(hi, x);
        }
        float[] o = new float[v.length];
        for (int i = 0; i < v.length; i++) o[i] = hi > lo ? (v[i] - lo) / (hi - lo) : 0.5f;
        return o;
    }

    /** x + ε·(random signs), clipped to [0, 1]; the signs of a point drawn from its own index. */
    public static NDArray noise(NDManager m, NDArray x, int[] index, double eps, long seed) {
        float[] v = x.toFloatArray();
        int d = v.length / index.length;
        for (int i = 0; i < index.length; i++) {
            SplittableRandom r = Seeds.rng(seed, "ntk/noise/" + eps + "/" + index[i]);
            for (int j = 0; j < d; j++) {
                float t = v[i * d + j] + (float) (r.nextBoolean() ? eps : -eps);
                v[i * d + j] = Math.max(0f, Math.min(1f, t));
            }
        }
        return m.create(v, x.getShape());
    }

    private static void put(Map<String, double[]> c, String key, int e, double v) {
        c.get(key)[e] = v;
    }

    private static int[] range(int from, int to) {
        int[] r = new int[to - from];
        for (int i = 0; i < r.length; i++) r[i] = from + i;
        return r;
    }

    private static int[] labels(Dataset d, int[] idx) {
        int[] y = new int[idx.length];
        for (int i = 0; i < idx.length; i++) y[i] = d.label(idx[i]);
        return y;
    }

    /** The fraction of predictions equal to the labels. */
    public static double accuracy(int[] pred, int[] y) {
        int ok = 0;
        for (int i = 0; i < y.length; i++) if (pred[i] == y[i]) ok++;
        return ok / (double) y.length;
    }

    private static double agreement(int[] a, int[] b) {
        return accuracy(a, b);
    }

    /** The finite network's predictions (argmax of its logits) and accuracy. */
    public record NetworkEval(Classifier model) {
        /** argmax of the logits per point. */
        public int[] predict(NDArray x) {
            try (NDManager s = x.getManager().newSubManager()) {
                NDArray l = model.logits(x);
                l.attach(s);
                long[] am = l.argMax(1).toLongArray();
                int[] p = new int[am.length];
                for (int i = 0; i < am.length; i++) p[i] = (int) am[i];
                return p;
            }
        }

        /** Accuracy at the labels. */
        public double accuracy(NDArray x, int[] y) {
            return NtkDiagnostic.accuracy(predict(x), y);
        }
    }
}
