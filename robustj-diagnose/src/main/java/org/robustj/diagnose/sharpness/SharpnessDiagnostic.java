package org.robustj.diagnose.sharpness;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.robustj.diagnose.AbstractDiagnostic;
import org.robustj.diagnose.DiagnosticRequest;
import org.robustj.diagnose.DiagnosticResult;
import org.robustj.diagnose.Series;
import org.robustj.errors.InvalidInputException;
import org.robustj.model.Capabilities;
import org.robustj.model.ModelCapability;
import org.robustj.threat.Norm;

/**
 * {@code robustj diagnose sharpness}: {@link Sharpness} of the model's cross-entropy on the request's points, at
 * each ρ of a grid, for one algorithm (worst- or average-case, ℓ2 or ℓ∞, adaptive or not). The default grid is the
 * reference's for that algorithm ({@code sh/eval_sharpness_final.sh}). The reference measures on 1,024 training
 * points ({@code --split train --n 1024}).
 */
public final class SharpnessDiagnostic extends AbstractDiagnostic {
    public SharpnessDiagnostic() {
        super("sharpness", "worst-case (APGD in weight space) or average-case sharpness of the loss, l2 or linf, "
                + "adaptive or not, m-sharpness, over a grid of rho", Set.of(), false, optionTable());
    }

    private static Map<String, String> optionTable() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("kind", "worst or average (worst)");
        m.put("norm", "l2 or linf (linf)");
        m.put("adaptive", "perturbations relative to |w| (true)");
        m.put("rho", "comma-separated radii, each in (0, 10] (the reference's grid of the algorithm)");
        m.put("m", "batch size of m-sharpness (128)");
        m.put("iterations", "APGD iterations or noise draws per batch (20)");
        m.put("normalize_logits", "centre and l2-normalise the logits before the cross-entropy (false)");
        m.put("random_init", "start APGD at a random point of the set (false)");
        return m;
    }

    /** The reference's ρ grid for an algorithm ({@code sh/eval_sharpness_final.sh}, CIFAR-10 ResNet-18). */
    static List<Double> referenceGrid(SharpnessConfig.Kind kind, Norm norm, boolean adaptive) {
        if (kind == SharpnessConfig.Kind.AVERAGE) {
            return norm == Norm.L2 ? List.of(0.05, 0.1, 0.2, 0.4) : List.of(0.1, 0.2, 0.4, 0.8);
        }
        if (norm == Norm.L2) return List.of(0.25, 0.5, 1.0, 2.0);
        return adaptive ? List.of(0.001, 0.002, 0.004, 0.008) : List.of(0.0005, 0.001, 0.002, 0.004);
    }

    /** The base settings (ρ is the grid's first) and the grid. */
    static Map.Entry<SharpnessConfig, List<Double>> config(DiagnosticRequest r) {
        SharpnessConfig.Kind kind = SharpnessConfig.Kind.parse(r.options().choice("kind", "worst",
                List.of("worst", "average")));
        Norm norm = Norm.parse(r.options().choice("norm", "linf", List.of("l2", "linf")));
        boolean adaptive = r.options().bool("adaptive", true);
        List<Double> rhos = new ArrayList<>();
        if (r.options().has("rho")) {
            for (String s : r.options().list("rho", List.of())) {
                try {
                    rhos.add(Double.parseDouble(s));
                } catch (NumberFormatException e) {
                    throw new InvalidInputException("--option rho must be numbers, got '" + s + "'");
                }
            }
            if (rhos.isEmpty()) throw new InvalidInputException("--option rho needs at least one value");
        } else {
            rhos.addAll(referenceGrid(kind, norm, adaptive));
        }
        SharpnessConfig base = null;
        for (double rho : rhos) {
            base = new SharpnessConfig(kind, norm, rho, adaptive, r.options().integer("m", 128, 1, 1_000_000),
                    r.options().integer("iterations", 20, 1, 100_000), r.options().bool("normalize_logits", false),
                    r.options().bool("random_init", false), 1.0,
                    org.robustj.provenance.Seeds.derive(r.seed(), "sharpness"));
        }
        return Map.entry(base.with(kind, norm, rhos.get(0), adaptive), rhos);
    }

    @Override
    protected void validate(DiagnosticRequest r) {
        config(r);
        if (!ModelObjective.supports(r.model())) {
            Capabilities.require(r.model(), ModelCapability.LAYER_GRAPH, "diagnose sharpness (it perturbs the weights, "
                    + "which it reads from a robustj model or a layer graph)", "train a robustj architecture");
        }
    }

    @Override
    protected DiagnosticResult measure(DiagnosticRequest r) {
        DiagnosticResult.Builder b = DiagnosticResult.builder(this, r);
        Map.Entry<SharpnessConfig, List<Double>> c = config(r);
        SharpnessConfig base = c.getKey();
        List<Double> rhos = c.getValue();
        int n = r.points().size();
        float[] x = r.points().values(r.points().allIndices());
        int[] y = r.points().labels();
        List<String> at = new ArrayList<>();
        double[] loss = new double[rhos.size()];
        double[] err = new double[rhos.size()];
        List<SharpnessResult> all = new ArrayList<>();
        String key = base.algorithm() + (base.adaptive() ? ".adaptive" : "");
        try (ModelObjective f = ModelObjective.of(r.model(), x, y, base.batchSize(), base.normalizeLogits())) {
            for (int i = 0; i < rhos.size(); i++) {
                SharpnessConfig cfg = base.with(base.kind(), base.norm(), rhos.get(i), base.adaptive());
                r.listener().stageStarted(key + " rho " + rhos.get(i), f.batches(), "batch");
                SharpnessResult s = Sharpness.measure(f, cfg, done -> r.listener().progress(done));
                r.listener().stageFinished();
                all.add(s);
                String rk = new java.math.BigDecimal(Double.toString(rhos.get(i))).stripTrailingZeros().toPlainString();
                at.add(rk);
                loss[i] = s.sharpness();
                err[i] = s.errorIncrease();
                b.number("sharpness." + key + "." + rk, s.sharpness());
                b.number("error_increase." + key + "." + rk, s.errorIncrease());
            }
            b.number("loss", all.get(0).loss());
            b.number("error", all.get(0).error());
            b.detail("parameters", f.dimension());
            b.detail("parameter_tensors", f.parameterNames());
            b.detail("batches", f.batches());
        }
        b.series(Series.builder("sharpness", "Sharpness (" + key + ")", "mean over batches of m of L(w+δ) − L(w)",
                "rho", at).condition("loss_increase", loss).build());
        b.series(Series.builder("error_increase", "Error increase (" + key + ")", "mean over batches of the "
                + "classification error at w+δ minus at w", "rho", at).condition("error_increase", err).build());
        b.detail("results", all);
        if (!"train".equals(r.points().split())) {
            b.note("measured on " + r.points().split() + " points; the reference measures sharpness on 1,024 "
                    + "training points (--split train --n 1024)");
        }
        if (n % base.batchSize() != 0) {
            b.note(n + " points are not a multiple of m = " + base.batchSize() + ": the last batch has "
                    + n % base.batchSize() + " points (the reference requires a multiple)");
        }
        return b.build();
    }
}
