package org.robustj.diagnose.experiment;

import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.robustj.attack.ensemble.EvaluationConfig;
import org.robustj.data.Dataset;
import org.robustj.data.Datasets;
import org.robustj.diagnose.DiagnosticRequest;
import org.robustj.diagnose.DiagnosticResult;
import org.robustj.diagnose.Series;
import org.robustj.diagnose.collapse.CollapseDiagnostic;
import org.robustj.model.Classifier;
import org.robustj.model.Models;
import org.robustj.provenance.FileHash;
import org.robustj.threat.Norm;

/**
 * Experiment (a) of issue 11, after Su, Zhang, Tsilivis &amp; Kempe, "On the Robustness of Neural Collapse and the
 * Neural Collapse of Robustness" (TMLR 2024, arXiv 2311.07444): neural collapse at every layer of the bundled
 * standard MNIST CNN ({@code zoo:mnist-cnn}) and the PGD-trained one ({@code zoo:mnist-cnn-pgd-at}), on clean
 * test points and on PGD-10 perturbations (L∞ ε = 0.3, step ε/3, random start, as the reference's MNIST
 * setting). Quick: 500 points; full: 2,000. The paper measures on the training set after the terminal phase;
 * here the bundled models and test points are used, so the pattern, not the paper's numbers, is what carries.
 */
public final class CollapseUnderAttackExperiment implements Experiment {
    static final String STANDARD = "zoo:mnist-cnn";
    static final String ROBUST = "zoo:mnist-cnn-pgd-at";
    static final double EPS = 0.3;

    @Override
    public String name() {
        return "collapse-under-attack";
    }

    @Override
    public String description() {
        return "neural collapse vanishes under attack for a standard CNN, survives with aligned simplices for a "
                + "PGD-trained one; earlier layers keep more of it (Su et al. 2024)";
    }

    @Override
    public String claim() {
        return "Su, Zhang, Tsilivis & Kempe (TMLR 2024, arXiv 2311.07444): the simplex of class means of a standardly "
                + "trained network disappears under small adversarial perturbations: perturbed features have no "
                + "variability collapse and leap to the vertex of another class; adversarially trained networks show "
                + "collapse on clean and perturbed data with aligned simplices, and their nearest-clean-centre "
                + "classifier is robust; earlier layers keep reliable simplices on perturbed data, later layers do not.";
    }

    @Override
    public ExperimentResult run(ExperimentContext ctx) {
        int n = ctx.quick() ? 500 : 2000;
        ExperimentResult.Builder b = ExperimentResult.builder(this, ctx);
        EvaluationConfig attack = new EvaluationConfig(null, List.of("pgd"),
                Map.of("pgd", Map.of("steps", 10, "rel_step_size", 1.0 / 3)), Norm.LINF, List.of(EPS), ctx.seed(), 250);
        b.config("models", List.of(STANDARD, ROBUST)).config("n", n).config("dataset", "mnist test, first " + n)
                .config("attack", DiagnosticResult.attackConfig(attack));
        Dataset data = Datasets.load("mnist", "test").first(n);
        data.files().forEach(b::file);
        DiagnosticResult std;
        DiagnosticResult at;
        try (NDManager manager = NDManager.newBaseManager()) {
            std = diagnose(manager, STANDARD, data, attack, ctx, b);
            at = diagnose(manager, ROBUST, data, attack, ctx, b);
        }
        // the two architectures differ (the PGD-trained CNN has strided convolutions instead of pooling): the
        // charts show the layers both have, in order; each model's every layer is in its record
        List<String> layers = new java.util.ArrayList<>(std.series("nc1").at());
        layers.retainAll(at.series("nc1").at());
        b.config("layers_compared", layers);
        for (String s : List.of("nc1", "nc2_etf_distance", "nc4", "ncc_accuracy")) {
            Series a = std.series(s);
            Series r = at.series(s);
            b.series(Series.builder(s, a.title(), a.description(), "layer", layers).logScale(a.logScale())
                    .condition("standard clean", on(a, "clean", layers))
                    .condition("standard adversarial", on(a, "adversarial", layers))
                    .condition("pgd-at clean", on(r, "clean", layers))
                    .condition("pgd-at adversarial", on(r, "adversarial", layers)).build());
        }
        for (String s : List.of("leap", "simplex_angle", "simplex_distance")) {
            Series a = std.series(s);
            b.series(Series.builder(s, a.title(), a.description(), "layer", layers).logScale(a.logScale())
                    .condition("standard", on(a, "adversarial", layers))
                    .condition("pgd-at", on(at.series(s), "adversarial", layers)).build());
        }
        std.summary().forEach((k, v) -> b.number("standard." + k, v == null ? Double.NaN : v));
        at.summary().forEach((k, v) -> b.number("pgd_at." + k, v == null ? Double.NaN : v));
        findings(b, std, at, layers);
        Map<String, Object> records = new LinkedHashMap<>();
        records.put("standard", std);
        records.put("pgd_at", at);
        b.detail("diagnostic_records", records);
        b.note("Each model's full diagnose collapse record is under details.diagnostic_records; the same numbers come "
                + "from: robustj diagnose collapse --model " + STANDARD + " --n " + n + " --eps 0.3 --seed "
                + ctx.seed() + " --batch-size 250 (and --model " + ROBUST + ").");
        b.note("Measured on MNIST test points with the bundled models (the paper: training points of networks trained "
                + "to the terminal phase), so absolute NC1 values are larger than the paper's; the comparison between "
                + "the two models and across layers is the finding.");
        return b.build();
    }

    private static DiagnosticResult diagnose(NDManager manager, String ref, Dataset data, EvaluationConfig attack,
            ExperimentContext ctx, ExperimentResult.Builder b) {
        ctx.listener().log("diagnose collapse " + ref + " on " + data.size() + " points");
        try (Classifier m = Models.open(manager, ref, null)) {
            b.file(new FileHash(ref, m.sha256()));
            DiagnosticRequest req = new DiagnosticRequest(m, data, "first " + data.size(), ctx.seed(), attack, null,
                    ctx.listener(), null, Map.of("dataset", "mnist", "split", "test"));
            return new CollapseDiagnostic().run(req);
        }
    }

    private static void findings(ExperimentResult.Builder b, DiagnosticResult std, DiagnosticResult at,
            List<String> layers) {
        String pen = "penultimate";
        double sClean = std.number("nc1.clean." + pen);
        double sAdv = std.number("nc1.adversarial." + pen);
        double aClean = at.number("nc1.clean." + pen);
        double aAdv = at.number("nc1.adversarial." + pen);
        double sRatio = sAdv / sClean;
        double aRatio = aAdv / aClean;
        b.number("standard.nc1_ratio_adversarial_to_clean.penultimate", sRatio);
        b.number("pgd_at.nc1_ratio_adversarial_to_clean.penultimate", aRatio);
        b.finding("Under attack the standard CNN's penultimate features lose their variability collapse: adversarial "
                + "NC1 is several times the clean NC1", sRatio > 3,
                fmt("NC1 clean %.3f, adversarial %.3f (×%.1f)", sClean, sAdv, sRatio));
        double leap = std.number("leap.adversarial." + pen);
        b.finding("The standard CNN's perturbed features leap to the clean centre of the class the network now "
                + "predicts", leap > 0.8, fmt("%.1f%% of misclassified perturbed points land nearest their adversarial "
                + "class's clean centre", 100 * leap));
        b.finding("The PGD-trained CNN keeps its collapse under attack: its adversarial-to-clean NC1 ratio is far below "
                + "the standard CNN's", aRatio < sRatio / 2,
                fmt("×%.2f for pgd-at vs ×%.1f for standard", aRatio, sRatio));
        double sAngle = std.series("simplex_angle").value("adversarial", penName(std));
        double aAngle = at.series("simplex_angle").value("adversarial", penName(at));
        b.finding("The PGD-trained CNN's clean and perturbed simplices are aligned (a small angle between class "
                + "means), the standard CNN's are not", aAngle < 30 && aAngle < sAngle / 2,
                fmt("mean angle %.1f° for pgd-at, %.1f° for standard, at %s", aAngle, sAngle, penName(std)));
        double nccRobust = at.number("ncc_accuracy.adversarial." + pen);
        double netRobust = at.number("accuracy.adversarial");
        b.finding("The PGD-trained CNN's nearest-clean-centre classifier is about as robust as the network",
                Math.abs(nccRobust - netRobust) < 0.1,
                fmt("nearest-centre robust accuracy %.1f%%, network %.1f%% (PGD-10)", 100 * nccRobust, 100 * netRobust));
        Series ncc = std.series("ncc_accuracy");
        double first = ncc.value("adversarial", layers.get(0));
        double penAcc = ncc.value("adversarial", penName(std));
        Series angle = std.series("simplex_angle");
        double firstAngle = angle.value("adversarial", layers.get(0));
        b.finding("Earlier layers of the standard CNN keep more of the simplex: the nearest-clean-centre classifier on "
                + "perturbed features is more accurate, and the clean and perturbed means closer, at the first layer "
                + "than at the penultimate one", first > penAcc + 0.2 && firstAngle < sAngle,
                fmt("robust nearest-centre accuracy %.1f%% at %s vs %.1f%% at %s; angle %.1f° vs %.1f°", 100 * first,
                        layers.get(0), 100 * penAcc, penName(std), firstAngle, sAngle));
    }

    /** A series' values under a condition at the given layers. */
    private static List<Double> on(Series s, String condition, List<String> layers) {
        List<Double> v = new java.util.ArrayList<>();
        for (String l : layers) {
            double x = s.value(condition, l);
            v.add(Double.isNaN(x) ? null : x);
        }
        return v;
    }

    private static String penName(DiagnosticResult r) {
        return r.details().path("collapse").path("penultimate").asText();
    }

    private static String fmt(String f, Object... a) {
        return String.format(Locale.ROOT, f, a);
    }

}
