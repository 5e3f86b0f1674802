package org.robustj.attack.gradient;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.SplittableRandom;
import org.robustj.attack.AbstractAttack;
import org.robustj.attack.Attack;
import org.robustj.attack.AttackProvider;
import org.robustj.attack.Capability;
import org.robustj.attack.Configs;
import org.robustj.attack.loss.Loss;
import org.robustj.attack.loss.Losses;
import org.robustj.errors.InvalidInputException;
import org.robustj.model.RandomDraws;
import org.robustj.threat.ThreatModel;
import org.robustj.tensor.Scalars;

/**
 * The uncertainty attack of Feng, Rudner, Tsilivis &amp; Kempe, "Attacking Bayes" (TMLR 2024, arXiv 2404.19640):
 * perturbations that change the prediction <em>and</em> keep the predictive entropy low, so that a detector
 * flagging uncertain inputs (entropy above a threshold set on clean data) does not fire. It ascends, by projected
 * gradient steps, log p̄_t(x) − λ·H[p̄(x)] with p̄ the model's (posterior predictive) probabilities and t the most
 * likely wrong class at the clean point (the context's target when it is targeted): targeted PGD towards a wrong
 * class, which makes the prediction confident, plus an entropy penalty. On a randomized model every gradient is
 * averaged over {@code eot_iter} fresh draws (EOT; a deterministic model is differentiated once per step). The
 * candidate of a point is its lowest-entropy iterate among those the model misclassifies (else its last
 * iterate); the ensemble records the predictive entropy of every point it breaks.
 *
 * <p>Threat models L∞, L2, L1 (steepest-ascent steps of the norm, {@code Norm.normalizeGradient}); shapes:
 * x N×… in [0, 1]. Defaults (the paper's MNIST setting, DIAGNOSTICS.md §8): 40 steps of 0.01 at ε = 0.3
 * (rel_step_size 1/30), 10 EOT draws per step, λ = 1, start at the clean input.
 */
public final class LowEntropyAttack extends AbstractAttack {
    /**
     * Settings.
     *
     * @param steps gradient steps
     * @param relStepSize step size as a multiple of ε
     * @param eotIter gradients averaged per step (fresh draws of a randomized model)
     * @param entropyWeight λ, the weight of the predictive entropy in the loss
     * @param randomStart start uniformly in the ball instead of at the clean input
     */
    public record Config(int steps, double relStepSize, int eotIter, double entropyWeight, boolean randomStart) {
        public Config {
            if (steps < 1) throw new InvalidInputException("low-entropy steps must be >= 1, got " + steps);
            if (!(relStepSize > 0 && Double.isFinite(relStepSize))) {
                throw new InvalidInputException("low-entropy rel_step_size must be > 0, got " + relStepSize);
            }
            if (eotIter < 1) throw new InvalidInputException("low-entropy eot_iter must be >= 1, got " + eotIter);
            if (!(entropyWeight >= 0 && Double.isFinite(entropyWeight))) {
                throw new InvalidInputException("low-entropy entropy_weight must be >= 0, got " + entropyWeight);
            }
        }

        /** The paper's MNIST setting: 40 steps of ε/30 (0.01 at ε = 0.3), 10 EOT draws, λ = 1, clean start. */
        public static Config defaults() {
            return new Config(40, 1.0 / 30, 10, 1.0, false);
        }
    }

    private final Config config;

    public LowEntropyAttack(Config config) {
        super("low-entropy", config, EnumSet.of(Capability.TARGETED, Capability.STOCHASTIC, Capability.LOW_UNCERTAINTY));
        this.config = config;
    }

    @Override
    protected NDArray search(Search s) {
        ThreatModel threat = s.threat();
        NDArray x0 = s.batch().x();
        Shape shape = x0.getShape();
        int n = (int) shape.get(0);
        int d = (int) (shape.size() / Math.max(1, n));
        int[] labels = s.batch().labels();
        int[] targets = s.ctx().targeted() ? s.ctx().targets() : mostLikelyWrong(s, x0, labels);
        float[] xs = x0.toFloatArray();
        float[] last = xs.clone();
        float[] best = xs.clone();
        float[] bestEntropy = new float[n];
        Arrays.fill(bestEntropy, Float.POSITIVE_INFINITY);
        double step = config.relStepSize * threat.eps();
        double lambda = config.entropyWeight;
        NDArray t = Rows.longs(s.scope(), targets);
        Loss loss = (z, tt) -> Losses.ce(z, tt).neg().sub(Scalars.mul(RandomDraws.entropy(z), lambda));
        float[] cur;
        if (config.randomStart) {
            SplittableRandom[] rng = s.ctx().rngs(n, "start");
            float[] u = threat.norm().randomInBall(shape, threat.eps(), k -> rng[k]);
            try (NDManager m = s.scope().newSubManager()) {
                NDArray start = threat.project(x0, m.create(u, shape).add(x0));
                cur = start.toFloatArray();
            }
        } else {
            cur = xs.clone();
        }
        // EOT only where draws differ: on a deterministic model every draw is the same gradient
        int eot = org.robustj.model.Capabilities.has(s.model(), org.robustj.model.ModelCapability.RANDOMIZED)
                ? config.eotIter : 1;
        s.ctx().progress().expect(config.steps);
        for (int i = 0; i <= config.steps; i++) {
            try (NDManager m = s.scope().newSubManager()) {
                NDArray x = m.create(cur, shape);
                NDArray logits;
                NDArray grad = null;
                if (i < config.steps) {
                    s.ctx().progress().tick();
                    ApgdAttack.Eval e = ApgdAttack.evaluate(s, x, t, loss, eot);
                    logits = e.logits();
                    grad = e.grad();
                } else {
                    logits = s.logits(x);
                }
                int[] pred = org.robustj.attack.Inputs.argmaxChecked(logits, s.model().source());
                float[] h = RandomDraws.entropy(logits).toFloatArray();
                for (int k = 0; k < n; k++) {
                    boolean fooled = s.ctx().targeted() ? pred[k] == targets[k] : pred[k] != labels[k];
                    if (fooled && h[k] < bestEntropy[k]) {
                        bestEntropy[k] = h[k];
                        System.arraycopy(cur, k * d, best, k * d, d);
                    }
                }
                last = cur;
                if (grad != null) {
                    NDArray next = threat.project(x0, x.add(threat.norm().normalizeGradient(grad).mul(step)));
                    cur = next.toFloatArray();
                }
            }
        }
        float[] out = last.clone();
        for (int k = 0; k < n; k++) {
            if (Float.isFinite(bestEntropy[k])) System.arraycopy(best, k * d, out, k * d, d);
        }
        return s.scope().create(out, shape);
    }

    /** Per point, the class other than its label with the largest logit at the clean input. */
    private static int[] mostLikelyWrong(Search s, NDArray x0, int[] labels) {
        float[] z = s.logits(x0).toFloatArray();
        int n = labels.length;
        int k = z.length / Math.max(1, n);
        int[] t = new int[n];
        for (int i = 0; i < n; i++) {
            int arg = -1;
            for (int c = 0; c < k; c++) {
                if (c != labels[i] && (arg < 0 || z[i * k + c] > z[i * k + arg])) arg = c;
            }
            t[i] = arg;
        }
        return t;
    }

    /** Registers {@code low-entropy}. */
    public static final class Provider implements AttackProvider {
        @Override
        public String name() {
            return "low-entropy";
        }

        @Override
        public java.util.List<String> aliases() {
            return java.util.List.of("uncertainty");
        }

        @Override
        public String description() {
            return "Low-entropy attack: flip the prediction while keeping the predictive entropy low, so an "
                    + "uncertainty detector does not fire (Feng et al. 2024, attacking Bayes)";
        }

        @Override
        public Config defaults() {
            return Config.defaults();
        }

        @Override
        public Attack create(Map<String, Object> options) {
            return new LowEntropyAttack(Configs.merge(name(), defaults(), options));
        }
    }
}
