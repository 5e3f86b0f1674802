package org.robustj.attack.gradient;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.robustj.attack.AbstractAttack;
import org.robustj.attack.Attack;
import org.robustj.attack.AttackProvider;
import org.robustj.attack.Capability;
import org.robustj.attack.Configs;
import org.robustj.attack.Inputs;
import org.robustj.attack.loss.Loss;
import org.robustj.attack.loss.Losses;
import org.robustj.errors.InvalidInputException;
import org.robustj.tensor.Gradients;
import org.robustj.threat.Norm;
import org.robustj.threat.ThreatModel;

/**
 * Auto-PGD (APGD), Croce &amp; Hein 2020 (arXiv 2003.01690), with the cross-entropy ({@code apgd-ce}) or
 * the scale-invariant DLR loss ({@code apgd-dlr}); threat models L∞, L2 and L1. Defaults are those of
 * AutoAttack's {@code APGDAttack} and its "standard" version (fra31/auto-attack autopgd_base.py,
 * autoattack.py): 100 iterations, 1 restart (5 for L1), ρ = 0.75, 1 EOT sample.
 *
 * <p>L∞/L2: start at x + ε·u/||u|| ({@link Norm#randomOnSphere}) clipped to the box; step size η = 2ε per
 * sample; each iteration z = P(x_k + η·dir(g_k)), x_{k+1} = P(x_k + α(z − x_k) + (1 − α)(x_k − x_{k−1}))
 * with α = 0.75 (1 at the first step) and P the exact projection onto the ε-ball ∩ box. At the
 * checkpoints of {@link #checkpoints} the step is halved, and the iterate and its gradient reset to the
 * best point so far, for every sample where (1) the loss increased in at most ρ·(window length) steps of
 * the last window, or (2) the step was not halved at the previous checkpoint and the best loss has not
 * improved since then. The returned point is the last misclassified iterate.
 *
 * <p>L1: the sparse APGD-L1 of Croce &amp; Hein 2021 (arXiv 2103.01208) as in AutoAttack: Gaussian start
 * projected onto the ball, η = ε, steps along the signs of the top-k gradient coordinates (k starts at 20%
 * of the features), no momentum, checks every max(⌊0.04·N⌋, 1) iterations that reset k to the sparsity of
 * the best point / 1.5 and either reset η to ε (when the best point became sparser) or divide it by 1.5
 * (within [ε/10, ε]); with {@code use_large_reps} (AutoAttack's L1 standard default) the budget runs as
 * 3ε, 2ε, ε over ⌈0.3N⌉, ⌈0.3N⌉ and the remaining iterations, each stage starting from the previous best.
 *
 * <p>As in AutoAttack's {@code check_oscillation}, the first window counts an increase at the first
 * iterate when its loss is above zero (the reference compares it with a row of its loss history that is
 * still zero, not with the start point's loss): for targeted DLR, negative on unbroken points, the first
 * checkpoint so halves the step one increase earlier. Differences from the reference, all documented:
 * projections are exact (AutoAttack rescales then clips for L2). Every run does all its iterations, as AutoAttack,
 * even once every point of the batch is misclassified: the last misclassified iterate of a point then does not
 * depend on which other points share its batch. A targeted context is supported:
 * the loss becomes −CE(z, t) or targeted DLR and success means reaching the target. Candidates returned
 * by {@code search} (and so by {@code perturb}): the last misclassified iterate for broken points, the
 * highest-loss point over the restarts for the others, the clean input for points misclassified to begin
 * with (they are not attacked, as in AutoAttack).
 */
public final class ApgdAttack extends AbstractAttack {
    /**
     * APGD settings. {@code restarts} and {@code useLargeReps} may be null, meaning AutoAttack's standard
     * choice for the norm: 1 restart and no ε schedule for L∞/L2, 5 restarts with the 3ε/2ε/ε schedule for
     * L1.
     *
     * @param loss {@code ce} or {@code dlr}
     * @param steps iterations per restart (AutoAttack n_iter = 100)
     * @param restarts random restarts, each on the points not yet broken (n_restarts)
     * @param rho oscillation threshold of the step-size rule (0.75)
     * @param eotIter gradients averaged per iterate, for randomized models (eot_iter = 1; 20 in "rand")
     * @param useLargeReps the L1 ε schedule (use_largereps); L1 only
     */
    public record Config(String loss, int steps, Integer restarts, double rho, int eotIter, Boolean useLargeReps) {
        public Config {
            if (!"ce".equals(loss) && !"dlr".equals(loss)) {
                throw new InvalidInputException("apgd loss must be ce or dlr, got " + loss);
            }
            if (steps < 1) throw new InvalidInputException("apgd steps must be >= 1, got " + steps);
            if (restarts != null && restarts < 1) {
                throw new InvalidInputException("apgd restarts must be >= 1, got " + restarts);
            }
            if (!(rho > 0 && rho <= 1)) throw new InvalidInputException("apgd rho must be in (0, 1], got " + rho);
            if (eotIter < 1) throw new InvalidInputException("apgd eot_iter must be >= 1, got " + eotIter);
        }

        /** AutoAttack's APGD-CE defaults (autopgd_base.py, standard version). */
        public static Config defaults() {
            return defaults("ce");
        }

        /** AutoAttack's defaults with the given loss: 100 steps, ρ = 0.75, EOT 1, per-norm restarts. */
        public static Config defaults(String loss) {
            return new Config(loss, 100, null, 0.75, 1, null);
        }

        /** Restarts used for a norm. */
        public int restartsFor(Norm norm) {
            return restarts != null ? restarts : norm == Norm.L1 ? 5 : 1;
        }

        /** Whether the 3ε/2ε/ε schedule is used for a norm. */
        public boolean largeRepsFor(Norm norm) {
            return useLargeReps != null ? useLargeReps : norm == Norm.L1;
        }
    }

    /** One APGD run's fixed parameters (package-private: shared with {@link ApgdTargetedAttack}). */
    record Settings(Norm norm, double eps, double lower, double upper, int steps, double rho, int eotIter,
            boolean largeReps) {}

    /** Result of one run on a sub-batch: success flags, adversarial iterates, highest-loss points and losses. */
    record Outcome(boolean[] fooled, float[] adversarial, float[] best, float[] bestLoss) {}

    private final Config config;

    public ApgdAttack(Config config) {
        super("apgd-" + config.loss(), config, EnumSet.of(Capability.TARGETED, Capability.STOCHASTIC));
        this.config = config;
    }

    /** The DLR loss needs 3 classes; cross-entropy 2. */
    @Override
    public int minClasses() {
        return "dlr".equals(config.loss()) ? 3 : 2;
    }

    /**
     * The iterations (1-based) after which the L∞/L2 step-size rule is checked, for {@code steps}
     * iterations: the first window is max(⌊0.22N⌋, 1), each next window shrinks by max(⌊0.03N⌋, 1) down to
     * max(⌊0.06N⌋, 1). N = 100 gives 22, 41, 57, 70, 80, 87, 93, 99.
     */
    public static int[] checkpoints(int steps) {
        int window = Math.max((int) (0.22 * steps), 1);
        int decrement = Math.max((int) (0.03 * steps), 1);
        int minimum = Math.max((int) (0.06 * steps), 1);
        List<Integer> at = new ArrayList<>();
        int i = 0;
        while (i + window <= steps) {
            i += window;
            at.add(i);
            window = Math.max(window - decrement, minimum);
        }
        return at.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The iterations (1-based) after which APGD-L1 checks its sparsity and step: every max(⌊0.04N⌋, 1). */
    public static int[] l1Checkpoints(int steps) {
        int window = Math.max((int) (0.04 * steps), 1);
        int[] r = new int[steps / window];
        for (int j = 0; j < r.length; j++) r[j] = (j + 1) * window;
        return r;
    }

    /** Iterations per stage of the L1 3ε/2ε/ε schedule: ⌈0.3N⌉, ⌈0.3N⌉, the rest (30, 30, 40 for N = 100). */
    public static int[] largeRepsIterations(int steps) {
        int a = (int) Math.ceil(0.3 * steps);
        int b = (int) Math.ceil(0.3 * steps);
        return new int[] {a, b, steps - a - b};
    }

    @Override
    protected NDArray search(Search s) {
        ThreatModel threat = s.threat();
        Norm norm = threat.norm();
        int classes = s.model().numClasses();
        boolean targeted = s.ctx().targeted();
        if (config.loss.equals("dlr")) {
            if (classes < 3) {
                throw new InvalidInputException(name() + ": DLR needs at least 3 classes; this model has " + classes);
            }
            if (targeted && classes < 4) {
                throw new InvalidInputException(name() + ": targeted DLR needs at least 4 classes; this model has "
                        + classes);
            }
        }
        if (Boolean.TRUE.equals(config.useLargeReps) && norm != Norm.L1) {
            throw new InvalidInputException(name() + ": use_large_reps applies to the l1 norm only, not "
                    + norm.id());
        }
        Settings st = new Settings(norm, threat.eps(), threat.lower(), threat.upper(), config.steps, config.rho,
                config.eotIter, config.largeRepsFor(norm));
        NDArray x = s.batch().x();
        Shape shape = x.getShape();
        int n = (int) shape.get(0);
        int d = (int) (shape.size() / n);
        float[] xs = x.toFloatArray();
        int[] labels = s.batch().labels();
        int[] targets = s.ctx().targets();
        boolean[] done = initiallyDone(s, x, labels, targets);
        float[] adv = xs.clone();
        float[] advLoss = new float[n];
        Arrays.fill(advLoss, Float.NEGATIVE_INFINITY);
        s.ctx().progress().expect((long) config.restartsFor(norm) * config.steps);
        for (int r = 0; r < config.restartsFor(norm); r++) {
            int[] idx = Rows.where(done, false);
            if (idx.length == 0) break;
            try (NDManager m = s.scope().newSubManager()) {
                NDArray x0 = m.create(Rows.select(xs, d, idx), subShape(shape, idx.length));
                NDArray y = Rows.longs(m, Rows.select(labels, idx));
                NDArray t = targeted ? Rows.longs(m, Rows.select(targets, idx)) : y;
                Loss loss = lossFor(config.loss, targeted, t);
                Outcome o = run(s, x0, y, t, targeted, loss, st, s.ctx().rngs(idx, "restart/" + r));
                // unbroken points keep their highest-loss point over the restarts (what perturb returns)
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

    private static Loss lossFor(String name, boolean targeted, NDArray t) {
        if (name.equals("ce")) {
            return targeted ? (z, y) -> Losses.ce(z, t).neg() : Losses::ce;
        }
        return targeted ? Losses.dlrTargeted(t) : Losses::dlr;
    }

    /** Points already misclassified (or already at their target) before any step: nothing to attack. */
    static boolean[] initiallyDone(Search s, NDArray x, int[] labels, int[] targets) {
        int[] pred;
        try (NDArray z = s.logits(x)) {
            pred = Inputs.argmaxChecked(z, s.model().source());
        }
        boolean[] done = new boolean[pred.length];
        for (int i = 0; i < pred.length; i++) done[i] = targets != null ? pred[i] == targets[i] : pred[i] != labels[i];
        return done;
    }

    static Shape subShape(Shape full, int n) {
        long[] dims = full.getShape().clone();
        dims[0] = n;
        return new Shape(dims);
    }

    /**
     * APGD on one sub-batch: a single run, or the L1 3ε/2ε/ε schedule. Success means misclassification
     * ({@code pred != y}), or {@code pred == cmp} when {@code targeted}. {@code x0}, {@code y}, {@code cmp}
     * and any arrays {@code loss} holds must live in one manager that outlives the call.
     */
    static Outcome run(Search s, NDArray x0, NDArray y, NDArray cmp, boolean targeted, Loss loss, Settings st,
            SplittableRandom[] rng) {
        if (!st.largeReps()) {
            return singleRun(s, x0, y, cmp, targeted, loss, st, st.eps(), st.steps(), null, rng);
        }
        double[] epss = {3 * st.eps(), 2 * st.eps(), st.eps()};
        int[] iters = largeRepsIterations(st.steps());
        float[] init;
        try (NDManager m = x0.getManager().newSubManager()) {
            NDArray noisy = x0.add(m.create(gaussian(x0.getShape(), rng), x0.getShape()));
            noisy.attach(m);
            init = project(st, x0, noisy, epss[0]).toFloatArray();
        }
        Outcome o = null;
        for (int j = 0; j < epss.length; j++) {
            if (iters[j] < 1) continue;
            try (NDManager m = x0.getManager().newSubManager()) {
                NDArray start = m.create(init, x0.getShape());
                init = project(st, x0, start, epss[j]).toFloatArray();
            }
            o = singleRun(s, x0, y, cmp, targeted, loss, st, epss[j], iters[j], init, rng);
            init = o.best();
        }
        return o;
    }

    private static NDArray project(Settings st, NDArray x0, NDArray x, double eps) {
        return st.norm().project(x0, x, eps, st.lower(), st.upper());
    }

    /** Standard normal noise shaped {@code shape}, row {@code i} drawn from {@code rng[i]}. */
    private static float[] gaussian(Shape shape, SplittableRandom[] rng) {
        float[] g = new float[(int) shape.size()];
        int d = g.length / Math.max(1, rng.length);
        for (int i = 0; i < g.length; i++) g[i] = (float) Norm.gaussian(rng[i / d]);
        return g;
    }

    /** Loss, its (EOT-averaged) input gradient and the logits of the last pass, all in x's manager. */
    record Eval(NDArray loss, NDArray grad, NDArray logits) {}

    static Eval evaluate(Search s, NDArray x, NDArray y, Loss loss, int eot) {
        Gradients.ValueAndGradient g = s.lossAndGradient(x, y, loss);
        NDArray sum = g.gradient();
        for (int e = 1; e < eot; e++) {
            g = s.lossAndGradient(x, y, loss);
            sum = sum.add(g.gradient());
        }
        NDArray grad = eot == 1 ? sum : sum.div(eot);
        return new Eval(g.value(), grad, g.aux().get(0));
    }

    /** The mutable state of one run; every array lives in the current generation's manager. */
    private static final class State {
        NDArray xAdv;
        NDArray xPrev;
        NDArray grad;
        NDArray xBest;
        NDArray gradBest;
        NDArray lossBest;
        NDArray lossPrev;
        NDArray xBestAdv;
        NDArray fooled;
        NDArray increases;
        NDArray eta;
        NDArray position;

        void attachAll(NDManager m) {
            for (NDArray a : new NDArray[] {xAdv, xPrev, grad, xBest, gradBest, lossBest, lossPrev, xBestAdv, fooled,
                increases, eta, position}) {
                if (a != null) a.attach(m);
            }
        }
    }

    /**
     * One APGD run of {@code steps} iterations at radius {@code eps}, from {@code init} (clipped to the box)
     * or from AutoAttack's random start. Arrays of one iteration live in a generation manager: survivors
     * move to the next generation, the rest is freed with the old one; {@code x0}, {@code y}, {@code cmp}
     * are borrowed into each generation so temporaries made from them die with it too.
     */
    private static Outcome singleRun(Search s, NDArray x0, NDArray y, NDArray cmp, boolean targeted, Loss loss,
            Settings st, double eps, int steps, float[] init, SplittableRandom[] rng) {
        Norm norm = st.norm();
        Shape shape = x0.getShape();
        int n = (int) shape.get(0);
        int features = (int) (shape.size() / n);
        boolean l1 = norm == Norm.L1;
        NDArray[] borrowed = distinct(x0, y, cmp);
        boolean[] isCheck = new boolean[steps + 1];
        for (int c : l1 ? l1Checkpoints(steps) : checkpoints(steps)) isCheck[c] = true;
        try (NDManager run = x0.getManager().newSubManager()) {
            NDManager gen = run.newSubManager();
            gen.tempAttachAll(borrowed);
            try {
                State z = new State();
                // start point
                if (init != null) {
                    z.xAdv = gen.create(init, shape).clip(st.lower(), st.upper());
                } else if (l1) {
                    NDArray noisy = gen.create(gaussian(shape, rng), shape).add(x0);
                    z.xAdv = norm.project(x0, noisy, eps, st.lower(), st.upper());
                } else {
                    NDArray u = gen.create(norm.randomOnSphere(shape, eps, k -> rng[k]), shape);
                    z.xAdv = u.add(x0).clip(st.lower(), st.upper());
                }
                Eval e = evaluate(s, z.xAdv, y, loss, st.eotIter());
                z.grad = e.grad();
                z.gradBest = e.grad();
                z.xBest = z.xAdv;
                z.xBestAdv = z.xAdv;
                z.xPrev = z.xAdv;
                z.lossBest = e.loss();
                z.lossPrev = e.loss();
                z.fooled = fooledBy(e.logits(), y, cmp, targeted);
                z.increases = gen.zeros(new Shape(n));
                double alpha = l1 ? 1.0 : 2.0;
                double[] eta = new double[n];
                Arrays.fill(eta, alpha * eps);
                z.eta = Rows.perSample(gen, eta, shape);
                // checkpoint book-keeping (Java side)
                float[] lossBestLastCheck = e.loss().toFloatArray();
                boolean[] reducedLastCheck = new boolean[n];
                Arrays.fill(reducedLastCheck, true);
                int lastCheck = 0;
                double[] topk = new double[n];
                double[] sparsityOld = new double[n];
                if (l1) {
                    if (init == null) {
                        Arrays.fill(topk, 0.2);
                        Arrays.fill(sparsityOld, features);
                    } else {
                        int[] l0 = sparsity(z.xAdv, x0);
                        for (int i = 0; i < n; i++) {
                            topk[i] = l0[i] / (double) features / 1.5;
                            sparsityOld[i] = l0[i];
                        }
                    }
                    z.position = positions(gen, topk, features);
                }
                z.attachAll(gen);

                for (int i = 0; i < steps; i++) {
                    s.ctx().progress().tick();
                    NDArray xNew;
                    if (l1) {
                        NDArray dir = L1Steps.sparseSign(z.grad, z.position);
                        xNew = norm.project(x0, z.xAdv.add(dir.mul(z.eta)), eps, st.lower(), st.upper());
                    } else {
                        double a = i > 0 ? 0.75 : 1.0;
                        NDArray dir = norm.normalizeGradient(z.grad);
                        NDArray zz = norm.project(x0, z.xAdv.add(dir.mul(z.eta)), eps, st.lower(), st.upper());
                        NDArray momentum = z.xAdv.sub(z.xPrev);
                        NDArray cand = z.xAdv.add(zz.sub(z.xAdv).mul(a)).add(momentum.mul(1 - a));
                        xNew = norm.project(x0, cand, eps, st.lower(), st.upper());
                    }
                    e = evaluate(s, xNew, y, loss, st.eotIter());
                    NDArray foolNow = fooledBy(e.logits(), y, cmp, targeted);
                    z.fooled = z.fooled.logicalOr(foolNow);
                    z.xBestAdv = Rows.choose(foolNow, xNew, z.xBestAdv);
                    NDArray improved = e.loss().gt(z.lossBest);
                    z.xBest = Rows.choose(improved, xNew, z.xBest);
                    z.gradBest = Rows.choose(improved, e.grad(), z.gradBest);
                    z.lossBest = NDArrays.where(improved, e.loss(), z.lossBest);
                    if (!l1) {
                        // AutoAttack's check_oscillation compares the first iterate's loss with loss_steps[-1],
                        // a row still at zero: a loss increase at i = 0 means loss > 0, not loss > start loss
                        NDArray before = i == 0 ? e.loss().zerosLike() : z.lossPrev;
                        z.increases = z.increases.add(e.loss().gt(before).toType(DataType.FLOAT32, false));
                    }
                    z.lossPrev = e.loss();
                    z.xPrev = z.xAdv;
                    z.xAdv = xNew;
                    z.grad = e.grad();

                    if (isCheck[i + 1]) {
                        boolean[] reset = new boolean[n];
                        boolean any = false;
                        if (!l1) {
                            int window = i + 1 - lastCheck;
                            float[] inc = z.increases.toFloatArray();
                            float[] lb = z.lossBest.toFloatArray();
                            for (int j = 0; j < n; j++) {
                                boolean oscillating = inc[j] <= window * st.rho();
                                boolean stalled = !reducedLastCheck[j] && lossBestLastCheck[j] >= lb[j];
                                reset[j] = oscillating || stalled;
                                if (reset[j]) eta[j] /= 2;
                                any |= reset[j];
                            }
                            reducedLastCheck = reset;
                            lossBestLastCheck = lb;
                            z.increases = gen.zeros(new Shape(n));
                        } else {
                            int[] l0 = sparsity(z.xBest, x0);
                            for (int j = 0; j < n; j++) {
                                reset[j] = l0[j] / sparsityOld[j] < 0.95;
                                topk[j] = l0[j] / (double) features / 1.5;
                                eta[j] = reset[j] ? alpha * eps : eta[j] / 1.5;
                                eta[j] = Math.min(Math.max(eta[j], alpha * eps / 10), alpha * eps);
                                sparsityOld[j] = l0[j];
                                any |= reset[j];
                            }
                            z.position = positions(gen, topk, features);
                        }
                        lastCheck = i + 1;
                        z.eta = Rows.perSample(gen, eta, shape);
                        if (any) {
                            NDArray mask = gen.create(reset);
                            z.xAdv = Rows.choose(mask, z.xBest, z.xAdv);
                            z.grad = Rows.choose(mask, z.gradBest, z.grad);
                        }
                    }
                    // next generation: keep the state, free everything else made in this iteration
                    NDManager next = run.newSubManager();
                    z.attachAll(next);
                    gen.close();
                    gen = next;
                    gen.tempAttachAll(borrowed);
                }
                boolean[] fooled = z.fooled.toBooleanArray();
                float[] adversarial = z.xBestAdv.toFloatArray();
                return new Outcome(fooled, adversarial, z.xBest.toFloatArray(), z.lossBest.toFloatArray());
            } finally {
                gen.close();
            }
        }
    }

    private static NDArray[] distinct(NDArray... arrays) {
        Map<NDArray, Boolean> seen = new IdentityHashMap<>();
        List<NDArray> r = new ArrayList<>();
        for (NDArray a : arrays) {
            if (seen.put(a, Boolean.TRUE) == null) r.add(a);
        }
        return r.toArray(new NDArray[0]);
    }

    static NDArray fooledBy(NDArray logits, NDArray y, NDArray cmp, boolean targeted) {
        NDArray pred = logits.argMax(1);
        return targeted ? pred.eq(cmp) : pred.neq(y);
    }

    static boolean allTrue(NDArray flags) {
        try (NDArray a = flags.all()) {
            return a.getBoolean();
        }
    }

    private static int[] sparsity(NDArray x, NDArray x0) {
        try (NDArray delta = x.sub(x0)) {
            return Rows.nonZeroPerRow(delta);
        }
    }

    private static NDArray positions(NDManager m, double[] topk, int features) {
        long[] p = new long[topk.length];
        for (int i = 0; i < p.length; i++) p[i] = L1Steps.position(topk[i], features);
        return m.create(p, new Shape(p.length, 1));
    }

    /** Registers {@code apgd-ce}. */
    public static final class CeProvider implements AttackProvider {
        @Override
        public String name() {
            return "apgd-ce";
        }

        @Override
        public String description() {
            return "APGD with cross-entropy: step-size-free PGD with momentum (Croce & Hein 2020)";
        }

        @Override
        public Config defaults() {
            return Config.defaults("ce");
        }

        @Override
        public Attack create(Map<String, Object> options) {
            return new ApgdAttack(Configs.merge(name(), defaults(), options));
        }
    }

    /** Registers {@code apgd-dlr}. */
    public static final class DlrProvider implements AttackProvider {
        @Override
        public String name() {
            return "apgd-dlr";
        }

        @Override
        public String description() {
            return "APGD with the scale-invariant DLR loss (Croce & Hein 2020); needs at least 3 classes";
        }

        @Override
        public Config defaults() {
            return Config.defaults("dlr");
        }

        @Override
        public Attack create(Map<String, Object> options) {
            return new ApgdAttack(Configs.merge(name(), defaults(), options));
        }
    }
}
