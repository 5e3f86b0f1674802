package org.robustj.attack.universal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.robustj.data.Dataset;
import org.robustj.model.Capabilities;
import org.robustj.model.Classifier;
import org.robustj.model.ModelCapability;
import org.robustj.provenance.Seeds;
import org.robustj.threat.Norm;
import org.robustj.threat.ThreatModel;

/**
 * The universal adversarial perturbation of Moosavi-Dezfooli, Fawzi, Fawzi &amp; Frossard (CVPR 2017, arXiv
 * 1610.08401; reference {@code LTS4/universal:python/universal_pert.py}). Passes over the fitting points, each
 * in a fresh seeded order: for every point x whose prediction clip(x + v) still equals its clean prediction, a
 * {@link DeepFool} step Δv from clip(x + v); when DeepFool converged, v ← P(v + Δv), the projection onto the
 * ε-ball of the norm (L∞, L2, L1; {@link Perturbations#project}). After each pass the fooling rate on the fitting
 * points is measured, and the passes stop once it reaches 1 − δ or after {@link UapConfig#maxPasses()}.
 *
 * <p>As in the reference, the inner step is L2 DeepFool whatever the norm of the ball. Unlike it (ImageNet
 * inputs on the 0–255 scale, never clipped) x + v is clipped to the box wherever the model sees it. Needs input
 * gradients.
 */
public final class UapAttack implements UniversalAttack {
    /** Registry name. */
    public static final String NAME = "uap";

    private final UapConfig config;

    public UapAttack(UapConfig config) {
        this.config = config;
    }

    /** With the reference's defaults. */
    public UapAttack() {
        this(UapConfig.defaults());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public UapConfig config() {
        return config;
    }

    @Override
    public Set<Norm> norms() {
        return Norm.LP;
    }

    @Override
    public void check(Classifier model, ThreatModel threat) {
        UniversalAttacks.checkNorm(this, threat);
        Capabilities.require(model, ModelCapability.INPUT_GRADIENTS, "attack-universal " + NAME, null);
    }

    @Override
    public UniversalFit fit(Classifier model, Dataset fit, ThreatModel threat, long seed, Consumer<String> log) {
        check(model, threat);
        int n = fit.size();
        int d = (int) fit.sampleShape().size();
        float[] xs = fit.values(fit.allIndices());
        int[] clean = Perturbations.predict(model, xs, fit.sampleShape());
        long calls = n;
        float[] v = new float[d];
        List<UniversalFit.Checkpoint> trace = new ArrayList<>();
        SplittableRandom shuffle = Seeds.rng(seed, "uap/shuffle");
        double rate = 0;
        String stop = null;
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        for (int pass = 1; pass <= config.maxPasses(); pass++) {
            for (int i = n - 1; i > 0; i--) {
                int j = shuffle.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            int updates = 0;
            float[] x = new float[d];
            for (int k : order) {
                System.arraycopy(xs, k * d, x, 0, d);
                float[] xv = Perturbations.apply(x, v, threat);
                int now = Perturbations.predict(model, xv, fit.sampleShape())[0];
                calls++;
                if (now != clean[k]) {
                    continue; // already fooled
                }
                DeepFool.Step s = DeepFool.run(model, xv, threat, config.candidates(), config.overshoot(),
                        config.deepfoolIterations());
                calls += s.modelCalls();
                if (s.iterations() < config.deepfoolIterations() - 1) {
                    float[] sum = new float[d];
                    for (int i = 0; i < d; i++) sum[i] = v[i] + s.perturbation()[i];
                    v = Perturbations.project(sum, threat.norm(), threat.eps());
                    updates++;
                }
            }
            int[] pred = Perturbations.predict(model, Perturbations.apply(xs, v, threat), fit.sampleShape());
            calls += n;
            rate = Perturbations.changed(clean, pred);
            double nv = Perturbations.norm(v, threat.norm());
            trace.add(new UniversalFit.Checkpoint(pass, rate, nv, updates, null));
            log.accept(String.format(Locale.ROOT, "uap pass %d: fooling rate %.2f%% on %d fitting points, %d updates, "
                    + "%s norm %.4f", pass, 100 * rate, n, updates, threat.norm().id(), nv));
            if (rate >= 1 - config.delta()) {
                stop = String.format(Locale.ROOT, "fooling rate %.4f >= 1 - delta = %.4f after %d pass(es)", rate,
                        1 - config.delta(), pass);
                break;
            }
        }
        if (stop == null) {
            stop = String.format(Locale.ROOT, "pass limit %d reached (fooling rate %.4f < %.4f)", config.maxPasses(),
                    rate, 1 - config.delta());
        }
        return new UniversalFit(v, rate, trace, stop, calls);
    }
}
