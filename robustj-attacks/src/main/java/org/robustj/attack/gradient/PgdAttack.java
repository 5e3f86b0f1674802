package org.robustj.attack.gradient;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
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
import org.robustj.threat.Norm;
import org.robustj.threat.ThreatModel;

/**
 * Projected Gradient Descent, Madry et al. 2018 (arXiv 1706.06083): from a random point of the ε-ball,
 * repeat x ← P(x + α·dir(∇loss)) with P the exact projection onto the ε-ball ∩ box. Threat models L∞
 * (dir = sign g), L2 (g/||g||₂) and L1 (a sparse step: the signs of the top {@code l1_top_fraction} of the
 * |g| coordinates that can still move inside the box, divided by their count, in the spirit of SLIDE,
 * Tramèr &amp; Boneh 2019, arXiv 1904.13000; a dense g/||g||₁ step is far weaker for L1).
 *
 * <p>Defaults: 40 steps (Madry's MNIST configuration), step α = 2.5·ε/steps (the rule of MadryLab's
 * robustness library), 1 restart, cross-entropy loss ({@code margin} is Carlini–Wagner's margin, {@code
 * dlr} is also accepted), uniform random start in the ball ({@link Norm#randomInBall}), 1 EOT sample.
 * Every iterate is checked: a point counts as broken as soon as any iterate of any restart is
 * misclassified. The first restart attacks every point, even those the model already gets wrong, and runs
 * all steps (as Madry et al.; {@code early_stop} trades that for speed in evaluations); later restarts
 * attack only the points not broken yet. Candidates: for a broken point the highest-loss iterate if it is
 * misclassified, else the last misclassified one; for the others the highest-loss iterate over all
 * restarts, which is what {@code perturb} hands to adversarial training. A targeted context descends the
 * cross-entropy to the target (or ascends the targeted margin / targeted DLR).
 */
public final class PgdAttack extends AbstractAttack {
    /**
     * PGD settings.
     *
     * @param steps gradient steps per restart
     * @param relStepSize step size as a multiple of ε; null for 2.5/steps
     * @param restarts random restarts (any successful restart counts)
     * @param loss {@code ce}, {@code margin} or {@code dlr}
     * @param eotIter gradients averaged per step (Expectation over Transformation, randomized models)
     * @param randomStart start uniformly in the ball (true) or at the clean point
     * @param l1TopFraction share of coordinates moved per L1 step (at least one)
     * @param earlyStop stop a restart once every point is misclassified (faster evaluation; off by default so
     *     that {@code perturb} gives adversarial training the full-length iterates). With it on, which iterate a
     *     broken point keeps depends on the other points of its batch: the only setting of robustj's attacks
     *     whose per-point results depend on the batching
     * @param stepSize absolute step size (torchattacks' {@code alpha}); null for {@code relStepSize}·ε. Left
     *     out of the JSON when null, so records and state fingerprints of runs without it are unchanged
     */
    public record Config(int steps, Double relStepSize, int restarts, String loss, int eotIter, boolean randomStart,
            double l1TopFraction, boolean earlyStop,
            @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
            Double stepSize) {
        public Config {
            if (stepSize != null && relStepSize != null) {
                throw new InvalidInputException("pgd: give step_size or rel_step_size, not both");
            }
            if (stepSize != null && !(stepSize > 0 && Double.isFinite(stepSize))) {
                throw new InvalidInputException("pgd step_size must be > 0, got " + stepSize);
            }
            if (steps < 1) throw new InvalidInputException("pgd steps must be >= 1, got " + steps);
            if (relStepSize != null && !(relStepSize > 0 && Double.isFinite(relStepSize))) {
                throw new InvalidInputException("pgd rel_step_size must be > 0, got " + relStepSize);
            }
            if (restarts < 1) throw new InvalidInputException("pgd restarts must be >= 1, got " + restarts);
            Losses.byName(loss);
            if (eotIter < 1) throw new InvalidInputException("pgd eot_iter must be >= 1, got " + eotIter);
            if (!(l1TopFraction > 0 && l1TopFraction <= 1)) {
                throw new InvalidInputException("pgd l1_top_fraction must be in (0, 1], got " + l1TopFraction);
            }
        }

        /** Madry et al.'s 40 steps with random start, step 2.5·ε/steps (MadryLab robustness), CE, top 1% for L1. */
        public static Config defaults() {
            return new Config(40, null, 1, "ce", 1, true, 0.01, false, null);
        }

        /** The step size as a multiple of ε (when no absolute {@code stepSize} is given). */
        public double stepFactor() {
            return relStepSize != null ? relStepSize : 2.5 / steps;
        }

        /** The step size at a budget ε. */
        public double stepAt(double eps) {
            return stepSize != null ? stepSize : stepFactor() * eps;
        }
    }

    private final Config config;

    public PgdAttack(Config config) {
        super("pgd", config, EnumSet.of(Capability.TARGETED, Capability.STOCHASTIC));
        this.config = config;
    }

    @Override
    protected NDArray search(Search s) {
        ThreatModel threat = s.threat();
        int classes = s.model().numClasses();
        boolean targeted = s.ctx().targeted();
        if (config.loss.equals("dlr") && classes < (targeted ? 4 : 3)) {
            throw new InvalidInputException("pgd: " + (targeted ? "targeted DLR needs at least 4" : "DLR needs at least 3")
                    + " classes; this model has " + classes);
        }
        NDArray x = s.batch().x();
        Shape shape = x.getShape();
        int n = (int) shape.get(0);
        int d = (int) (shape.size() / n);
        float[] xs = x.toFloatArray();
        int[] labels = s.batch().labels();
        int[] targets = s.ctx().targets();
        // Madry's PGD attacks every point (adversarial training needs them all); later restarts only the unbroken
        boolean[] done = new boolean[n];
        float[] adv = xs.clone();
        float[] advLoss = new float[n];
        Arrays.fill(advLoss, Float.NEGATIVE_INFINITY);
        s.ctx().progress().expect((long) config.restarts * config.steps);
        for (int r = 0; r < config.restarts; r++) {
            int[] idx = Rows.where(done, false);
            if (idx.length == 0) break;
            try (NDManager m = s.scope().newSubManager()) {
                NDArray x0 = m.create(Rows.select(xs, d, idx), ApgdAttack.subShape(shape, idx.length));
                NDArray y = Rows.longs(m, Rows.select(labels, idx));
                NDArray t = targeted ? Rows.longs(m, Rows.select(targets, idx)) : y;
                ApgdAttack.Outcome o = run(s, threat, x0, y, t, targeted, lossFor(targeted, t),
                        s.ctx().rngs(idx, "restart/" + r));
                boolean[] higher = new boolean[idx.length];
                for (int k = 0; k < idx.length; k++) {
                    higher[k] = !o.fooled()[k] && o.bestLoss()[k] > advLoss[idx[k]];
                    if (higher[k]) advLoss[idx[k]] = o.bestLoss()[k];
                    done[idx[k]] |= o.fooled()[k];
                }
                Rows.scatter(adv, d, idx, o.adversarial(), o.fooled());
                Rows.scatter(adv, d, idx, o.best(), higher);
            }
        }
        return s.scope().create(adv, shape);
    }

    private Loss lossFor(boolean targeted, NDArray t) {
        switch (config.loss) {
            case "ce":
                return targeted ? (z, y) -> Losses.ce(z, t).neg() : Losses::ce;
            case "margin":
                return targeted ? (z, y) -> Losses.marginTargeted(z, t) : Losses::margin;
            default:
                return targeted ? Losses.dlrTargeted(t) : Losses::dlr;
        }
    }

    /**
     * One restart on a sub-batch. For broken points the candidate is the highest-loss iterate if it is itself
     * misclassified (else the last misclassified iterate); for the others it is the highest-loss iterate, with
     * its loss. Each step's arrays live in a generation manager that is freed once the next iterate exists.
     */
    private ApgdAttack.Outcome run(Search s, ThreatModel threat, NDArray x0, NDArray y, NDArray t, boolean targeted,
            Loss loss, SplittableRandom[] rng) {
        Norm norm = threat.norm();
        Shape shape = x0.getShape();
        int n = (int) shape.get(0);
        int features = (int) (shape.size() / n);
        double step = config.stepAt(threat.eps());
        NDArray[] borrowed = t == y ? new NDArray[] {x0, y} : new NDArray[] {x0, y, t};
        try (NDManager run = x0.getManager().newSubManager()) {
            NDManager gen = run.newSubManager();
            gen.tempAttachAll(borrowed);
            try {
                NDArray xAdv;
                if (config.randomStart) {
                    NDArray u = gen.create(norm.randomInBall(shape, threat.eps(), k -> rng[k]), shape);
                    xAdv = threat.project(x0, u.add(x0));
                } else {
                    xAdv = x0.duplicate();
                    xAdv.attach(gen);
                }
                NDArray position = norm == Norm.L1
                        ? gen.create(new long[] {L1Steps.position(config.l1TopFraction, features)}, new Shape(1, 1))
                                .repeat(0, n)
                        : null;
                NDArray anyFooled = gen.zeros(new Shape(n), DataType.BOOLEAN);
                NDArray lastAdv = xAdv;
                NDArray best = xAdv;
                NDArray bestLoss = gen.full(new Shape(n), Float.NEGATIVE_INFINITY);
                NDArray bestFooled = anyFooled;
                for (int i = 0; i <= config.steps; i++) {
                    if (i < config.steps) s.ctx().progress().tick();
                    NDArray logits;
                    NDArray value;
                    NDArray grad = null;
                    if (i < config.steps) {
                        ApgdAttack.Eval e = ApgdAttack.evaluate(s, xAdv, y, loss, config.eotIter);
                        logits = e.logits();
                        value = e.loss();
                        grad = e.grad();
                    } else {
                        logits = s.logits(xAdv);
                        value = loss.apply(logits, y);
                    }
                    NDArray foolNow = ApgdAttack.fooledBy(logits, y, t, targeted);
                    anyFooled = anyFooled.logicalOr(foolNow);
                    lastAdv = Rows.choose(foolNow, xAdv, lastAdv);
                    NDArray improved = value.gt(bestLoss);
                    best = Rows.choose(improved, xAdv, best);
                    bestLoss = NDArrays.where(improved, value, bestLoss);
                    bestFooled = NDArrays.where(improved, foolNow, bestFooled);
                    boolean stop = grad == null || (config.earlyStop && ApgdAttack.allTrue(anyFooled));
                    if (!stop) {
                        NDArray dir = direction(norm, threat, xAdv, grad, position);
                        xAdv = threat.project(x0, xAdv.add(dir.mul(step)));
                    }
                    NDManager next = run.newSubManager();
                    for (NDArray a : new NDArray[] {xAdv, anyFooled, lastAdv, best, bestLoss, bestFooled, position}) {
                        if (a != null) a.attach(next);
                    }
                    gen.close();
                    gen = next;
                    gen.tempAttachAll(borrowed);
                    if (stop) break;
                }
                NDArray found = Rows.choose(bestFooled, best, lastAdv);
                return new ApgdAttack.Outcome(anyFooled.toBooleanArray(), found.toFloatArray(), best.toFloatArray(),
                        bestLoss.toFloatArray());
            } finally {
                gen.close();
            }
        }
    }

    /** Steepest-ascent direction of unit norm; for L1 sparse and blind to coordinates the box blocks. */
    private static NDArray direction(Norm norm, ThreatModel threat, NDArray x, NDArray g, NDArray position) {
        if (norm != Norm.L1) {
            return norm.normalizeGradient(g);
        }
        NDArray blocked = x.lte(threat.lower()).logicalAnd(g.lt(0))
                .logicalOr(x.gte(threat.upper()).logicalAnd(g.gt(0)));
        NDArray free = g.mul(blocked.logicalNot().toType(g.getDataType(), false));
        return L1Steps.sparseSign(free, position);
    }

    /** Registers {@code pgd}. */
    public static final class Provider implements AttackProvider {
        @Override
        public String name() {
            return "pgd";
        }

        @Override
        public String description() {
            return "PGD: projected gradient steps from a random start (Madry et al. 2018)";
        }

        @Override
        public Config defaults() {
            return Config.defaults();
        }

        @Override
        public Attack create(Map<String, Object> options) {
            return new PgdAttack(Configs.merge(name(), defaults(), options));
        }
    }
}
