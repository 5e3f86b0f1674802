package org.robustj.attack.universal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.robustj.data.Dataset;
import org.robustj.errors.InvalidInputException;
import org.robustj.errors.UnknownNameException;
import org.robustj.model.Capabilities;
import org.robustj.model.Classifier;
import org.robustj.model.graph.BatchNorm;
import org.robustj.model.graph.Conv2d;
import org.robustj.model.graph.LayerGraph;
import org.robustj.model.graph.Linear;
import org.robustj.model.graph.Node;
import org.robustj.model.graph.Relu;
import org.robustj.provenance.Seeds;
import org.robustj.tensor.Gradients;
import org.robustj.threat.Norm;
import org.robustj.threat.ThreatModel;
import org.robustj.tensor.Scalars;

/**
 * GD-UAP, the generalisable data-free universal perturbation of Mopuri, Ganeshan &amp; Babu (TPAMI 2018, arXiv
 * 1801.08092; reference {@code val-iisc/GD-UAP:classification/train.py}, {@code utils/losses.py} {@code l2_all}).
 * It fools the network without looking at labels or, by default, at any data: it maximises
 * Σ_ℓ log(½‖a_ℓ(x + δ)‖²) over the chosen layers ℓ (activations summed over the batch), so δ excites every layer
 * as much as it can. A free variable w starts uniform in [−ε, ε]; δ = clip(w, −ε, ε) (the projection onto the L∞
 * ball; w outside it gets no gradient); Adam ascends. The reference's schedule: the saturation is the fraction of
 * coordinates with |w| ≥ ε; when it is above 0.5 and changed by less than 1e-5 in one step, w is halved. The
 * fooling rate is validated on the fitting points just before a halving when 200 iterations have passed since the
 * last validation, and otherwise every 400 iterations; the best δ validated is kept, and the fit stops after
 * {@code patience} validations without a better one or {@code maxIterations} steps. One deviation: the reference
 * counts both intervals from the last halving <em>or</em> validation, so when halvings come faster than every 200
 * iterations it never validates (and never saves a perturbation). That happens on small inputs: on a 784-pixel MNIST
 * image a saturation change below 1e-5 means that no coordinate crossed ±ε in a step, which is common; robustj
 * counts from the last validation only.
 *
 * <p>The layers come from the model's typed layer graph ({@code Classifier.graph()}), as the collapse diagnostic
 * picks them; an opaque model (TorchScript) is refused. x + δ is clipped to the box (the reference's ImageNet
 * inputs on the 0–255 scale are never clipped); the data-free input is the box centre (mid-grey), the analogue
 * of the reference's zero input after mean subtraction, and one copy of it stands for the reference's batch of
 * 25 identical ones (the same gradient). The data prior draws consecutive fitting points without the
 * reference's augmentations. L∞ only.
 */
public final class GdUapAttack implements UniversalAttack {
    /** Registry name. */
    public static final String NAME = "gd-uap";

    /** Saturation change below which the reference halves w ({@code check}). */
    static final double SATURATION_CHANGE = 1e-5;
    /** Saturation above which the reference considers halving ({@code sat_min}). */
    static final double SATURATION_MIN = 0.5;
    /** Iterations after a halving before a validation ({@code check_dif > 200}). */
    static final int AFTER_RESCALE = 200;
    /** Iterations between validations otherwise ({@code check_dif == 400}). */
    static final int VALIDATION_EVERY = 400;

    private final GdUapConfig config;

    public GdUapAttack(GdUapConfig config) {
        this.config = config;
    }

    /** With the reference's defaults (data-free). */
    public GdUapAttack() {
        this(GdUapConfig.defaults());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public GdUapConfig config() {
        return config;
    }

    @Override
    public Set<Norm> norms() {
        return Set.of(Norm.LINF);
    }

    @Override
    public void check(Classifier model, ThreatModel threat) {
        UniversalAttacks.checkNorm(this, threat);
        layers(model);
    }

    /**
     * The layers maximised: the configured ones (each checked against the model's layers), else the default of
     * {@link GdUapConfig#layers()}.
     *
     * @throws org.robustj.errors.MissingCapabilityException for a model without a readable layer graph
     * @throws UnknownNameException for a layer the model does not have, listing its layers
     */
    public List<String> layers(Classifier model) {
        LayerGraph g = Capabilities.graph(model, "attack-universal " + NAME + " (it maximises activations at chosen "
                + "layers)", "use --method uap, which needs only input gradients");
        if (config.layers() != null) {
            List<String> all = model.layers();
            for (String l : config.layers()) {
                if (!all.contains(l)) throw new UnknownNameException("layer", l, all);
            }
            return config.layers();
        }
        List<String> out = defaultLayers(g);
        if (out.isEmpty()) {
            throw new InvalidInputException("gd-uap found no convolution or hidden linear layer in " + model.source()
                    + "; name the layers to maximise with --layers (layers: " + String.join(", ", model.layers()) + ")");
        }
        return out;
    }

    /**
     * Every convolution's output (after the ReLU that follows it, through a BatchNorm if there is one), else every
     * hidden linear layer's; never the logits.
     */
    static List<String> defaultLayers(LayerGraph g) {
        Map<String, List<Node>> readers = new HashMap<>();
        for (Node n : g.nodes()) {
            for (String in : n.inputs()) readers.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
        }
        List<String> out = new ArrayList<>();
        for (Node n : g.nodes()) {
            if (n.op() instanceof Conv2d) out.add(activated(n, readers));
        }
        if (out.isEmpty()) {
            for (Node n : g.nodes()) {
                if (n.op() instanceof Linear && !n.name().equals(g.output().name())) {
                    String a = activated(n, readers);
                    if (!a.equals(g.output().name())) out.add(a);
                }
            }
        }
        return out;
    }

    private static String activated(Node n, Map<String, List<Node>> readers) {
        Node cur = n;
        while (true) {
            List<Node> r = readers.getOrDefault(cur.name(), List.of());
            if (r.size() != 1) return n.name();
            Node next = r.get(0);
            if (next.op() instanceof Relu) return next.name();
            if (!(next.op() instanceof BatchNorm)) return n.name();
            cur = next;
        }
    }

    @Override
    public UniversalFit fit(Classifier model, Dataset fit, ThreatModel threat, long seed, Consumer<String> log) {
        check(model, threat);
        List<String> layers = layers(model);
        Shape sample = fit.sampleShape();
        int d = (int) sample.size();
        double eps = threat.eps();
        double lr = config.learningRate() * eps;
        float[] xs = fit.values(fit.allIndices());
        int[] clean = Perturbations.predict(model, xs, sample);
        long calls = fit.size();
        SplittableRandom init = Seeds.rng(seed, "gd-uap/init");
        double[] w = new double[d];
        for (int i = 0; i < d; i++) w[i] = (2 * init.nextDouble() - 1) * eps;
        Adam adam = new Adam(d, lr);
        Prior prior = new Prior(config, fit, xs, threat, seed);
        List<UniversalFit.Checkpoint> trace = new ArrayList<>();
        double sat = 0;
        int lastValidation = 0;
        int stale = 0;
        double best = -1;
        float[] bestDelta = null;
        String stop = null;
        int it;
        for (it = 0; it < config.maxIterations(); it++) {
            float[] delta = clip(w, eps);
            float[] base = prior.next();
            double[] g = objectiveGradient(model, base, delta, layers, threat);
            calls += base.length / d;
            for (int i = 0; i < d; i++) if (Math.abs(w[i]) > eps) g[i] = 0; // clip_by_value passes no gradient outside
            adam.ascend(w, g);
            double satPrev = sat;
            sat = saturation(w, eps);
            boolean saturated = Math.abs(sat - satPrev) < SATURATION_CHANGE && sat > SATURATION_MIN;
            int since = it - lastValidation;
            // validate just before a halving once 200 iterations have passed, else every 400 iterations
            if ((saturated && since > AFTER_RESCALE) || since >= VALIDATION_EVERY) {
                lastValidation = it;
                float[] now = clip(w, eps);
                double rate = Perturbations.changed(clean, Perturbations.predict(model,
                        Perturbations.apply(xs, now, threat), sample));
                calls += fit.size();
                trace.add(new UniversalFit.Checkpoint(it, rate, Perturbations.norm(now, Norm.LINF), null, sat));
                log.accept(String.format(Locale.ROOT, "gd-uap iteration %d: fooling rate %.2f%% on %d validation "
                        + "points, saturation %.3f", it, 100 * rate, fit.size(), sat));
                if (rate > best) {
                    best = rate;
                    bestDelta = now;
                    stale = 0;
                } else {
                    stale++;
                }
                if (stale == config.patience()) {
                    stop = config.patience() + " validations without a better fooling rate (iteration " + it + ")";
                    break;
                }
            }
            if (saturated) {
                for (int i = 0; i < d; i++) w[i] /= 2;
            }
        }
        if (stop == null) {
            stop = "iteration limit " + config.maxIterations() + " reached";
        }
        float[] last = clip(w, eps);
        if (bestDelta == null) {
            // fewer iterations than one validation interval: validate the last iterate
            double rate = Perturbations.changed(clean, Perturbations.predict(model,
                    Perturbations.apply(xs, last, threat), sample));
            calls += fit.size();
            trace.add(new UniversalFit.Checkpoint(it, rate, Perturbations.norm(last, Norm.LINF), null,
                    saturation(w, eps)));
            best = rate;
            bestDelta = last;
        }
        return new UniversalFit(bestDelta, best, trace, stop, calls);
    }

    /**
     * The objective Σ_ℓ log(½‖a_ℓ‖²) at inputs clip(base_b + δ) (the activations of the whole batch together) and
     * its gradient with respect to δ.
     *
     * @param base B inputs, flattened (B×d values)
     */
    static double[] objectiveGradient(Classifier model, float[] base, float[] delta, List<String> layers,
            ThreatModel box) {
        Shape sample = model.inputShape();
        int d = delta.length;
        try (NDManager scope = model.manager().newSubManager()) {
            NDArray b = scope.create(base, Perturbations.batchShape(base.length / d, sample));
            NDArray v = scope.create(delta, Perturbations.batchShape(1, sample));
            try (Gradients.ValueAndGradient vg = Gradients.of(v, leaf -> {
                NDArray x = b.add(leaf).clip(box.lower(), box.upper());
                Map<String, NDArray> acts = model.activations(x, layers);
                NDArray total = null;
                for (String l : layers) {
                    NDArray a = acts.get(l);
                    // log(½‖a‖²); the tiny floor keeps a layer that is all zero from giving log 0 (NaN gradients)
                    NDArray term = Scalars.mul(a.square().sum(), 0.5).add(1e-30f).log();
                    total = total == null ? term : total.add(term);
                }
                return new NDList(total.reshape(1));
            })) {
                float[] g = vg.gradient().toFloatArray();
                double[] out = new double[d];
                for (int i = 0; i < d; i++) out[i] = g[i];
                return out;
            }
        }
    }

    /** The objective's value at clip(base + δ) (for tests and the record). */
    static double objective(Classifier model, float[] base, float[] delta, List<String> layers, ThreatModel box) {
        Shape sample = model.inputShape();
        int d = delta.length;
        try (NDManager scope = model.manager().newSubManager()) {
            NDArray x = scope.create(Perturbations.apply(base, delta, box), Perturbations.batchShape(base.length / d,
                    sample));
            Map<String, NDArray> acts = model.activations(x, layers);
            double total = 0;
            for (String l : layers) {
                NDArray a = acts.get(l);
                total += Math.log(0.5 * a.square().sum().getFloat() + 1e-30);
            }
            return total;
        }
    }

    static float[] clip(double[] w, double eps) {
        float[] out = new float[w.length];
        for (int i = 0; i < w.length; i++) out[i] = (float) Math.max(-eps, Math.min(eps, w[i]));
        return out;
    }

    /** The fraction of coordinates at the ball's surface, |w| ≥ ε (the reference's |clip(w)| = ε). */
    static double saturation(double[] w, double eps) {
        int c = 0;
        for (double x : w) if (Math.abs(x) >= eps) c++;
        return c / (double) w.length;
    }

    /** Adam (Kingma &amp; Ba; TensorFlow's defaults β₁ 0.9, β₂ 0.999, ε̂ 1e-8, as the reference), ascending. */
    static final class Adam {
        private final double[] m;
        private final double[] s;
        private final double lr;
        private int t;

        Adam(int d, double lr) {
            this.m = new double[d];
            this.s = new double[d];
            this.lr = lr;
        }

        /** One step of w towards a larger objective, whose gradient is {@code g}. */
        void ascend(double[] w, double[] g) {
            t++;
            double lrT = lr * Math.sqrt(1 - Math.pow(0.999, t)) / (1 - Math.pow(0.9, t));
            for (int i = 0; i < w.length; i++) {
                double c = -g[i]; // the reference minimises the negative objective
                m[i] = 0.9 * m[i] + 0.1 * c;
                s[i] = 0.999 * s[i] + 0.001 * c * c;
                w[i] -= lrT * m[i] / (Math.sqrt(s[i]) + 1e-8);
            }
        }
    }

    /** The inputs δ is added to at each step, by prior. */
    private static final class Prior {
        private final GdUapConfig cfg;
        private final float[] xs;
        private final int n;
        private final int d;
        private final double centre;
        private final double spread;
        private final double lo;
        private final double hi;
        private final SplittableRandom rng;

        Prior(GdUapConfig cfg, Dataset fit, float[] xs, ThreatModel box, long seed) {
            this.cfg = cfg;
            this.xs = xs;
            this.n = fit.size();
            this.d = (int) fit.sampleShape().size();
            this.lo = box.lower();
            this.hi = box.upper();
            this.centre = (lo + hi) / 2;
            this.spread = (hi - lo) / 5;
            this.rng = Seeds.rng(seed, "gd-uap/prior/" + cfg.prior());
        }

        float[] next() {
            switch (cfg.prior()) {
                case "data": {
                    int b = Math.min(cfg.batchSize(), n);
                    int start = n > b ? rng.nextInt(n - b) : 0;
                    float[] out = new float[b * d];
                    System.arraycopy(xs, start * d, out, 0, b * d);
                    return out;
                }
                case "range": {
                    float[] out = new float[cfg.batchSize() * d];
                    for (int i = 0; i < out.length; i++) {
                        out[i] = (float) Math.max(lo, Math.min(hi, centre + spread * Norm.gaussian(rng)));
                    }
                    return out;
                }
                default: {
                    float[] out = new float[d];
                    java.util.Arrays.fill(out, (float) centre);
                    return out;
                }
            }
        }
    }
}
