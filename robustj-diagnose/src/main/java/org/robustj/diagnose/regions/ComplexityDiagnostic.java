package org.robustj.diagnose.regions;

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
import org.robustj.model.ModelCapability;

/**
 * {@code robustj diagnose complexity}: {@link LocalComplexity} around the request's points and around as many
 * uniform random points of [0, 1]^d (the reference's "random" curve), at every radius, per layer; with an attack
 * configuration ({@code --attacks/--norm/--eps}, optional here) also around the adversarial inputs of those points
 * (condition {@code adversarial}, or {@code adversarial_eps=E} for several ε), with the same frame, so clean and
 * adversarial neighbourhoods compare directly (DIAGNOSTICS.md §3.2: linear regions migrate towards the decision
 * boundary, where the attack's points lie). Options: {@code radii}, {@code directions}, {@code random_points},
 * {@code include_logits}, {@code include_centre}.
 */
public final class ComplexityDiagnostic extends AbstractDiagnostic {
    /** The reference's MNIST radii ({@code configs.py}, {@code hull_r}). */
    static final String DEFAULT_RADII = "0.05,0.1,0.5,1,5";

    public ComplexityDiagnostic() {
        super("complexity", "local complexity: how many neurons cut a small neighbourhood of each point (the "
                + "density of linear regions), per layer and radius, at the data and at random points",
                Set.of(ModelCapability.LAYER_GRAPH), AttackUse.OPTIONAL, optionTable());
    }

    private static Map<String, String> optionTable() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("radii", "neighbourhood radii r, comma-separated, each in (0, sqrt(d)] (" + DEFAULT_RADII + ")");
        m.put("directions", "P, orthonormal directions of the neighbourhood, 2P vertices x ± r·v_p (25)");
        m.put("random_points", "uniform random points of [0,1]^d measured besides the data (as many as --n)");
        m.put("include_logits", "also count the output layer, as the reference's MLP code does (false)");
        m.put("include_centre", "use the point itself as a vertex too (false)");
        return m;
    }

    /** The measurement settings the request's options and seed stand for. */
    static ComplexityConfig config(DiagnosticRequest r) {
        List<Double> radii = new ArrayList<>();
        for (String s : r.options().list("radii", List.of(DEFAULT_RADII.split(",")))) {
            try {
                radii.add(Double.parseDouble(s));
            } catch (NumberFormatException e) {
                throw new InvalidInputException("--option radii must be numbers, got '" + s + "'");
            }
        }
        int d = (int) r.model().inputShape().size();
        return new ComplexityConfig(r.options().integer("directions", 25, 1, d), radii,
                r.options().bool("include_centre", false), r.options().bool("include_logits", false), 40,
                org.robustj.provenance.Seeds.derive(r.seed(), "complexity"));
    }

    @Override
    protected void validate(DiagnosticRequest r) {
        config(r).checkFor((int) r.model().inputShape().size());
        r.options().integer("random_points", r.points().size(), 0, 1_000_000);
    }

    @Override
    protected DiagnosticResult measure(DiagnosticRequest r) {
        DiagnosticResult.Builder b = DiagnosticResult.builder(this, r);
        ComplexityConfig cfg = config(r);
        LocalComplexity lc = LocalComplexity.of(r.model(), cfg);
        int n = r.points().size();
        int nr = r.options().integer("random_points", n, 0, 1_000_000);
        int d = lc.dims();
        String set = r.points().split();
        ComplexityCounts data = count(r, lc, r.points().values(r.points().allIndices()), n, set);
        List<String> advNames = new ArrayList<>();
        List<ComplexityCounts> adv = new ArrayList<>();
        List<org.robustj.diagnose.AdversarialInputs.AtEps> advInputs = r.attack() == null ? List.of()
                : org.robustj.diagnose.AdversarialInputs.generate(r.model(), r.points(), r.attack(), r.listener());
        for (org.robustj.diagnose.AdversarialInputs.AtEps a : advInputs) {
            String c = advInputs.size() == 1 ? "adversarial"
                    : "adversarial_eps=" + org.robustj.threat.Epsilon.format(a.eps());
            advNames.add(c);
            adv.add(count(r, lc, a.inputs(), n, c));
            b.number("attack_success.eps=" + org.robustj.threat.Epsilon.format(a.eps()), a.brokenFraction());
        }
        ComplexityCounts random = nr == 0 ? null : count(r, lc,
                LocalComplexity.uniformPoints(nr, d, org.robustj.provenance.Seeds.derive(r.seed(), "complexity/random")),
                nr, "random");
        List<String> radii = new ArrayList<>();
        for (double x : cfg.radii()) radii.add(ComplexityProbe.radiusKey(x));
        List<String> layers = data.layers();
        Series.Builder total = Series.builder("lc", "Local complexity (mean over points)", "mean over points of the "
                + "number of neurons whose pre-activation changes sign over the neighbourhood's 2P vertices", "radius",
                radii).logScale(true);
        total.condition(set, means(data));
        for (int a = 0; a < adv.size(); a++) total.condition(advNames.get(a), means(adv.get(a)));
        if (random != null) total.condition("random", means(random));
        b.series(total.build());
        for (int ri = 0; ri < radii.size(); ri++) {
            String rk = radii.get(ri);
            b.number("lc." + set + "." + rk, data.meanTotal(ri));
            for (int a = 0; a < adv.size(); a++) b.number("lc." + advNames.get(a) + "." + rk, adv.get(a).meanTotal(ri));
            if (random != null) b.number("lc.random." + rk, random.meanTotal(ri));
            if (layers.isEmpty()) continue;
            Series.Builder per = Series.builder("lc_layers_r" + rk, "Local complexity per layer, r = " + rk,
                    "mean over points of LC_l, the intersecting neurons of layer l", "layer", layers);
            per.condition(set, perLayer(data, ri));
            for (int a = 0; a < adv.size(); a++) per.condition(advNames.get(a), perLayer(adv.get(a), ri));
            if (random != null) per.condition("random", perLayer(random, ri));
            b.series(per.build());
            for (int l = 0; l < layers.size(); l++) {
                b.number("lc." + set + "." + rk + "." + layers.get(l), data.meanLayer(ri, l));
                for (int a = 0; a < adv.size(); a++) {
                    b.number("lc." + advNames.get(a) + "." + rk + "." + layers.get(l), adv.get(a).meanLayer(ri, l));
                }
            }
        }
        if (layers.isEmpty()) {
            b.note("the model has no ReLU: it is one linear region, and its local complexity is 0 everywhere");
        }
        List<Map<String, Object>> ls = new ArrayList<>();
        for (LocalComplexity.Layer l : lc.layers()) ls.add(Map.of("name", l.name(), "units", l.units()));
        b.detail("layers", ls);
        b.detail("directions", cfg.directions());
        b.detail("vertices", cfg.vertices());
        b.detail("radii", cfg.radii());
        b.detail("frame_seed", cfg.seed());
        Map<String, Object> perPoint = new LinkedHashMap<>();
        for (int ri = 0; ri < radii.size(); ri++) perPoint.put(radii.get(ri), data.totals(ri));
        b.detail("lc_per_point_" + set, perPoint);
        for (int a = 0; a < adv.size(); a++) {
            Map<String, Object> pp = new LinkedHashMap<>();
            for (int ri = 0; ri < radii.size(); ri++) pp.put(radii.get(ri), adv.get(a).totals(ri));
            b.detail("lc_per_point_" + advNames.get(a), pp);
            b.detail("broken_" + advNames.get(a), advInputs.get(a).broken());
        }
        b.detail("random_points", nr);
        return b.build();
    }

    private static ComplexityCounts count(DiagnosticRequest r, LocalComplexity lc, float[] x, int n, String what) {
        r.listener().stageStarted("local complexity, " + what + " points", (long) n * lc.config().radii().size(),
                "pt");
        try (ai.djl.ndarray.NDManager scope = r.model().manager().newSubManager()) {
            return lc.count(x, n, scope, done -> r.listener().progress(done));
        } finally {
            r.listener().stageFinished();
        }
    }

    private static double[] means(ComplexityCounts c) {
        double[] v = new double[c.radii().size()];
        for (int i = 0; i < v.length; i++) v[i] = c.meanTotal(i);
        return v;
    }

    private static double[] perLayer(ComplexityCounts c, int r) {
        double[] v = new double[c.layers().size()];
        for (int l = 0; l < v.length; l++) v[l] = c.meanLayer(r, l);
        return v;
    }
}
