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
import org.robustj.tensor.Gradients;
import org.robustj.threat.Norm;
import org.robustj.threat.ThreatModel;

/**
 * Fast Adaptive Boundary attack, Croce &amp; Hein 2020, "Minimally distorted adversarial examples with a fast
 * adaptive boundary attack" (arXiv 1907.02044): a minimal-norm attack for L∞, L2 and L1. Untargeted
 * ({@code fab}) and targeted ({@code fab-t}, as in AutoAttack) differ only in {@link Config#targeted()}.
 *
 * <p>Each iteration linearises the classifier at the iterate x: untargeted FAB linearises every
 * f_j = z_j − z_y (one backward pass per class) and keeps the class with the smallest |f_j| / ||∇f_j||_q
 * (q the dual norm), FAB-T linearises f = z_t − z_y for its target t. It then projects both x and the clean
 * input x₀ onto the linearised boundary within the box ({@link FabProjections}), giving d₁ and d₂, and moves
 * to x ← clip((x + η d₁)(1 − α) + (x₀ + η d₂) α) with α = min(||d₁|| / (||d₁|| + ||d₂||), α_max). When x is
 * misclassified its norm is recorded if it is the smallest so far and x steps back towards x₀:
 * x ← x₀ + β (x − x₀).
 *
 * <p>Only correctly classified points are attacked. Restart r &gt; 0 starts at x₀ + ½ ε u/||u|| clipped to the
 * box (u uniform in [−1, 1] for L∞, Gaussian for L2 and L1). FAB runs its restarts, and FAB-T runs its
 * restarts for each target rank 2..n+1 of the clean logits (n = min(n_target_classes, K − 1)), only on the
 * points not yet broken, a point being broken once an adversarial example of norm ≤ ε was found
 * (AutoAttack's {@code perturb}). {@code search} returns the smallest-norm adversarial point found (possibly
 * beyond ε; {@link org.robustj.attack.AttackResult#minimalNorms()} reports its norm) or the clean input.
 *
 * <p>Shapes: any N×…, K ≥ 2 classes. Cost per iteration and point: FAB K forward and backward passes plus
 * one forward pass, FAB-T one of each (which is why AutoAttack uses FAB-T for many classes).
 *
 * <p>Defaults (fra31/auto-attack {@code fab_base.py}, AutoAttack standard version): n_iter = 100,
 * n_restarts = 1, α_max = 0.1, η = 1.05, β = 0.9, n_target_classes = 9. The restart radius is the threat
 * model's ε, the value AutoAttack passes to FAB ({@code restart_eps} overrides it; FABAttack's stand-alone
 * per-norm values are {@link #referenceRestartEps}).
 */
public final class FabAttack extends AbstractAttack {
    /**
     * FAB settings.
     *
     * @param nIter iterations per run
     * @param nRestarts runs per target (FAB-T) or in total (FAB); runs after the first start at random
     * @param alphaMax cap on the weight of the step taken from the clean input
     * @param eta overshoot of the projection step
     * @param beta backward step towards the clean input after an adversarial iterate
     * @param nTargetClasses FAB-T: number of targets, capped at K − 1
     * @param restartEps radius of the random restarts, null for the threat model's ε
     * @param targeted FAB-T ({@code fab-t}) rather than FAB ({@code fab})
     */
    public record Config(int nIter, int nRestarts, double alphaMax, double eta, double beta, int nTargetClasses,
            Double restartEps, boolean targeted) {
        public Config {
            check(nIter >= 1, "n_iter", nIter, ">= 1");
            check(nRestarts >= 1, "n_restarts", nRestarts, ">= 1");
            check(alphaMax >= 0 && alphaMax <= 1, "alpha_max", alphaMax, "in [0, 1]");
            check(eta > 0 && Double.isFinite(eta), "eta", eta, "> 0");
            check(beta > 0 && beta <= 1, "beta", beta, "in (0, 1]");
            check(nTargetClasses >= 1, "n_target_classes", nTargetClasses, ">= 1");
            check(restartEps == null || (restartEps > 0 && Double.isFinite(restartEps)), "restart_eps",
                    restartEps, "null or > 0");
        }

        /**
         * Untargeted FAB with the reference defaults (fab_base.py: n_iter=100, alpha_max=0.1, eta=1.05,
         * beta=0.9; AutoAttack standard: n_restarts=1, n_target_classes=9).
         */
        public static Config defaults() {
            return new Config(100, 1, 0.1, 1.05, 0.9, 9, null, false);
        }

        /** FAB-T with the reference defaults. */
        public static Config targetedDefaults() {
            return defaults().withTargeted(true);
        }

        /** This config, untargeted or targeted. */
        public Config withTargeted(boolean t) {
            return new Config(nIter, nRestarts, alphaMax, eta, beta, nTargetClasses, restartEps, t);
        }

        /** This config with another iteration count. */
        public Config withNIter(int n) {
            return new Config(n, nRestarts, alphaMax, eta, beta, nTargetClasses, restartEps, targeted);
        }

        /** This config with another number of targets. */
        public Config withNTargetClasses(int n) {
            return new Config(nIter, nRestarts, alphaMax, eta, beta, n, restartEps, targeted);
        }

        private static void check(boolean ok, String field, Object value, String rule) {
            if (!ok) {
                throw new InvalidInputException("fab: " + field + " must be " + rule + ", got " + value);
            }
        }
    }

    private final Config config;

    /** Largest share of stepped-back points at which the check is fused into the next linearisation. */
    private static final double FUSE_BELOW = 0.2;

    public FabAttack(Config config) {
        super(config.targeted() ? "fab-t" : "fab", config, config.nRestarts() > 1
                ? EnumSet.of(Capability.MINIMAL_NORM, Capability.STOCHASTIC) : EnumSet.of(Capability.MINIMAL_NORM));
        this.config = config;
    }

    /** FABAttack's own restart radius when built without ε (fab_base.py DEFAULT_EPS_DICT_BY_NORM). */
    public static double referenceRestartEps(Norm norm) {
        switch (norm) {
            case LINF: return 0.3;
            case L2: return 1.0;
            default: return 5.0;
        }
    }

    /** Per-batch state shared by the runs of one search. */
    private static final class State {
        final Search s;
        final Shape sampleShape;
        final int n;
        final int d;
        final int k;
        final float[] x0;
        final int[] y;
        final float[] best;
        final double[] bestNorm;
        final Norm norm;
        final double lower;
        final double upper;

        State(Search s) {
            this.s = s;
            NDArray x = s.batch().x();
            Shape shape = x.getShape();
            this.n = (int) shape.get(0);
            this.d = (int) (shape.size() / Math.max(n, 1));
            this.sampleShape = shape.slice(1);
            this.k = s.model().numClasses();
            this.x0 = x.toFloatArray();
            this.y = s.batch().labels();
            this.best = x0.clone();
            this.bestNorm = new double[n];
            Arrays.fill(bestNorm, Double.POSITIVE_INFINITY);
            ThreatModel t = s.threat();
            this.norm = t.norm();
            this.lower = t.lower();
            this.upper = t.upper();
        }

        Shape batchShape(int m) {
            long[] dims = new long[sampleShape.dimension() + 1];
            dims[0] = m;
            for (int i = 0; i < sampleShape.dimension(); i++) dims[i + 1] = sampleShape.get(i);
            return new Shape(dims);
        }
    }

    @Override
    protected NDArray search(Search s) {
        State st = new State(s);
        if (st.k < 2) {
            throw new InvalidInputException("fab needs at least 2 classes; this model has " + st.k);
        }
        double eps = s.threat().eps();
        double restartEps = config.restartEps() != null ? config.restartEps() : eps;
        float[] z0 = s.logits(s.batch().x()).toFloatArray();
        boolean[] correct = new boolean[st.n];
        for (int i = 0; i < st.n; i++) {
            correct[i] = argmax(z0, i, st.k) == st.y[i];
            if (!correct[i]) st.bestNorm[i] = 0; // already misclassified: the clean input is the answer
        }
        s.ctx().progress().expect((config.targeted() ? Math.min(config.nTargetClasses(), st.k - 1) : 1L) * config.nRestarts() * config.nIter());
        if (!config.targeted()) {
            for (int r = 0; r < config.nRestarts(); r++) {
                int[] idx = active(st, correct, eps);
                run(st, idx, null, r > 0, restartEps, s.ctx().rngs(idx, "restart/" + r));
            }
        } else {
            int targets = Math.min(config.nTargetClasses(), st.k - 1);
            int[][] ranked = new int[st.n][];
            for (int i = 0; i < st.n; i++) ranked[i] = ranking(z0, i, st.k);
            for (int rank = 2; rank <= targets + 1; rank++) {
                for (int r = 0; r < config.nRestarts(); r++) {
                    int[] idx = active(st, correct, eps);
                    int[] t = new int[idx.length];
                    for (int a = 0; a < idx.length; a++) t[a] = ranked[idx[a]][rank - 1];
                    run(st, idx, t, r > 0, restartEps, s.ctx().rngs(idx, "target/" + rank + "/restart/" + r));
                }
            }
        }
        return s.scope().create(st.best, s.batch().x().getShape());
    }

    /** Correctly classified points without an adversarial example of norm ≤ ε yet. */
    private static int[] active(State st, boolean[] correct, double eps) {
        int[] idx = new int[st.n];
        int m = 0;
        for (int i = 0; i < st.n; i++) {
            if (correct[i] && !(st.bestNorm[i] <= eps)) idx[m++] = i;
        }
        return Arrays.copyOf(idx, m);
    }

    /**
     * One FAB run (attack_single_run) on the points {@code idx}; {@code targets} null for untargeted.
     *
     * <p>The reference checks each new iterate with a forward pass and linearises it with another forward and
     * backward pass at the start of the next iteration. While few points step back, one pass does both here:
     * the logits of the linearisation decide which iterates are adversarial, and only those points, which then
     * step back towards x₀, are linearised again at their new position. Same iterates either way.
     */
    private void run(State st, int[] idx, int[] targets, boolean randomStart, double restartEps,
            SplittableRandom[] rng) {
        int m = idx.length;
        if (m == 0) {
            return;
        }
        int d = st.d;
        float[] x0 = new float[m * d];
        long[] y = new long[m];
        for (int a = 0; a < m; a++) {
            System.arraycopy(st.x0, idx[a] * d, x0, a * d, d);
            y[a] = st.y[idx[a]];
        }
        float[] x1 = x0.clone();
        if (randomStart) {
            randomStart(st, x1, x0, st.batchShape(m), restartEps, rng);
        }
        long[] tgt = null;
        if (targets != null) {
            tgt = new long[m];
            for (int a = 0; a < m; a++) tgt[a] = targets[a];
        }
        float[] w = new float[m * d];
        double[] f = new double[m];
        int[] all = new int[m];
        for (int a = 0; a < m; a++) all[a] = a;
        Workspace[] spaces = Workspace.forThreads(d);
        int[] back = new int[m];
        float[] diff = new float[d];
        boolean linearised = false; // w, f hold the linearisation at the current x1
        double backFraction = 0; // share of the points that stepped back in the previous iteration
        for (int it = 0; it < config.nIter(); it++) {
            st.s.ctx().progress().tick();
            if (!linearised) {
                linearise(st, x1, y, tgt, all, w, f, null);
            }
            step(st, x0, x1, w, f, m, spaces);
            boolean last = it == config.nIter() - 1;
            // fused: the next linearisation's logits judge the iterate, stepped-back points are linearised again;
            // worth it while few points step back (a forward pass costs ~1/5 of a forward and backward pass)
            boolean fuse = !last && backFraction <= FUSE_BELOW;
            float[] z;
            if (fuse) {
                z = new float[m * st.k];
                linearise(st, x1, y, tgt, all, w, f, z);
            } else {
                z = logitsOf(st, x1, m);
            }
            int nb = 0;
            for (int a = 0; a < m; a++) {
                if (argmax(z, a, st.k) == y[a]) continue;
                int off = a * d;
                for (int j = 0; j < d; j++) diff[j] = x1[off + j] - x0[off + j];
                double t = st.norm.of(diff);
                int i = idx[a];
                if (t < st.bestNorm[i]) {
                    st.bestNorm[i] = t;
                    System.arraycopy(x1, off, st.best, i * d, d);
                }
                for (int j = 0; j < d; j++) {
                    x1[off + j] = (float) (x0[off + j] + config.beta() * ((double) x1[off + j] - x0[off + j]));
                }
                back[nb++] = a;
            }
            backFraction = nb / (double) m;
            linearised = fuse;
            if (fuse && nb > 0) {
                linearise(st, x1, y, tgt, Arrays.copyOf(back, nb), w, f, null);
            }
        }
    }

    /** Per-thread buffers of the projection step. */
    private static final class Workspace {
        final FabProjections projector;
        final double[] wRow;
        final double[] lo;
        final double[] hi;
        final double[] d1;
        final double[] d2;
        final float[] buf;

        Workspace(int d) {
            projector = new FabProjections(d);
            wRow = new double[d];
            lo = new double[d];
            hi = new double[d];
            d1 = new double[d];
            d2 = new double[d];
            buf = new float[d];
        }

        static Workspace[] forThreads(int d) {
            Workspace[] w = new Workspace[Math.max(1, Runtime.getRuntime().availableProcessors())];
            for (int i = 0; i < w.length; i++) w[i] = new Workspace(d);
            return w;
        }
    }

    /**
     * The FAB update of every point from its linearisation (w, f) at x1: project x1 and x0 onto the linearised
     * boundary within the box and combine the two steps. Points are independent, so the (pure Java) projections
     * run on all cores while libtorch is idle; the result does not depend on the split.
     */
    private void step(State st, float[] x0, float[] x1, float[] w, double[] f, int m, Workspace[] spaces) {
        int chunks = Math.min(spaces.length, Math.max(1, m / 8));
        if (chunks == 1) {
            stepRange(st, x0, x1, w, f, 0, m, spaces[0]);
            return;
        }
        java.util.stream.IntStream.range(0, chunks).parallel().forEach(c ->
                stepRange(st, x0, x1, w, f, (int) ((long) m * c / chunks), (int) ((long) m * (c + 1) / chunks),
                        spaces[c]));
    }

    private void stepRange(State st, float[] x0, float[] x1, float[] w, double[] f, int from, int to,
            Workspace ws) {
        int d = st.d;
        for (int a = from; a < to; a++) {
            int off = a * d;
            // the linearised boundary: f + w·(z − x1) = 0
            double wx = 0;
            for (int j = 0; j < d; j++) {
                ws.wRow[j] = w[off + j];
                wx += ws.wRow[j] * ((double) x0[off + j] - x1[off + j]);
            }
            for (int j = 0; j < d; j++) {
                ws.lo[j] = st.lower - x1[off + j];
                ws.hi[j] = st.upper - x1[off + j];
            }
            ws.projector.project(st.norm, ws.wRow, f[a], ws.lo, ws.hi, ws.d1);
            for (int j = 0; j < d; j++) {
                ws.lo[j] = st.lower - x0[off + j];
                ws.hi[j] = st.upper - x0[off + j];
            }
            ws.projector.project(st.norm, ws.wRow, f[a] + wx, ws.lo, ws.hi, ws.d2);
            double n1 = Math.max(normOf(st.norm, ws.d1, ws.buf), 1e-8);
            double n2 = Math.max(normOf(st.norm, ws.d2, ws.buf), 1e-8);
            double alpha = Math.min(Math.max(n1 / (n1 + n2), 0), config.alphaMax());
            double eta = config.eta();
            for (int j = 0; j < d; j++) {
                double v = (x1[off + j] + eta * ws.d1[j]) * (1 - alpha) + (x0[off + j] + eta * ws.d2[j]) * alpha;
                x1[off + j] = (float) Math.min(st.upper, Math.max(st.lower, v));
            }
        }
    }

    private static float[] logitsOf(State st, float[] x1, int m) {
        try (NDManager scope = st.s.scope().newSubManager()) {
            return st.s.logits(scope.create(x1, st.batchShape(m))).toFloatArray();
        }
    }

    /**
     * Linearises the rows {@code rows} of x1 (all rows or a subset), writing their w and f; when {@code z} is
     * given (all rows only), also the logits at x1.
     */
    private static void linearise(State st, float[] x1, long[] y, long[] tgt, int[] rows, float[] w, double[] f,
            float[] z) {
        int d = st.d;
        int r = rows.length;
        boolean allRows = r == y.length;
        float[] xs = allRows ? x1 : select(x1, rows, d);
        long[] ys = allRows ? y : select(y, rows);
        float[] ws = allRows ? w : new float[r * d];
        double[] fs = allRows ? f : new double[r];
        try (NDManager scope = st.s.scope().newSubManager()) {
            NDArray x = scope.create(xs, st.batchShape(r));
            NDArray yArr = scope.create(ys);
            float[] logits;
            if (tgt != null) {
                logits = lineariseTarget(st, x, yArr, scope.create(allRows ? tgt : select(tgt, rows)), ws, fs);
            } else {
                logits = lineariseClosest(st, x, yArr, ys, ws, fs, new float[d], st.norm.dual());
            }
            if (z != null) System.arraycopy(logits, 0, z, 0, logits.length);
        }
        if (!allRows) {
            for (int q = 0; q < r; q++) {
                System.arraycopy(ws, q * d, w, rows[q] * d, d);
                f[rows[q]] = fs[q];
            }
        }
    }

    private static float[] select(float[] v, int[] rows, int d) {
        float[] out = new float[rows.length * d];
        for (int q = 0; q < rows.length; q++) System.arraycopy(v, rows[q] * d, out, q * d, d);
        return out;
    }

    private static long[] select(long[] v, int[] rows) {
        long[] out = new long[rows.length];
        for (int q = 0; q < rows.length; q++) out[q] = v[rows[q]];
        return out;
    }

    /** f = z_t − z_y and its input gradient, one backward pass (FAB-T); returns the logits at x. */
    private static float[] lineariseTarget(State st, NDArray x, NDArray y, NDArray t, float[] w, double[] f) {
        try (Gradients.ValueAndGradient g = st.s.lossAndGradient(x, y, difference(t))) {
            float[] v = g.value().toFloatArray();
            for (int a = 0; a < v.length; a++) f[a] = v[a];
            float[] grad = g.gradient().toFloatArray();
            System.arraycopy(grad, 0, w, 0, grad.length);
            return g.aux().get(0).toFloatArray();
        }
    }

    /**
     * Untargeted FAB: linearises every f_j = z_j − z_y (one backward pass per class) and keeps, per sample,
     * the class with the smallest |f_j| / (1e-12 + ||∇f_j||_q).
     */
    private static float[] lineariseClosest(State st, NDArray x, NDArray y, long[] labels, float[] w, double[] f,
            float[] buf, Norm dual) {
        int d = st.d;
        int m = labels.length;
        double[] bestDist = new double[m];
        Arrays.fill(bestDist, Double.POSITIVE_INFINITY);
        NDManager manager = x.getManager();
        float[] logits = null;
        for (int j = 0; j < st.k; j++) {
            long[] cls = new long[m];
            Arrays.fill(cls, j);
            try (NDArray target = manager.create(cls);
                    Gradients.ValueAndGradient g = st.s.lossAndGradient(x, y, difference(target))) {
                float[] v = g.value().toFloatArray();
                float[] grad = g.gradient().toFloatArray();
                if (logits == null) logits = g.aux().get(0).toFloatArray();
                for (int a = 0; a < m; a++) {
                    if (labels[a] == j) continue;
                    System.arraycopy(grad, a * d, buf, 0, d);
                    double dist = Math.abs(v[a]) / (1e-12 + dual.of(buf));
                    if (dist < bestDist[a]) {
                        bestDist[a] = dist;
                        f[a] = v[a];
                        System.arraycopy(grad, a * d, w, a * d, d);
                    }
                }
            }
        }
        return logits;
    }

    /** The loss z_t − z_y per sample (t fixed per sample): zero exactly on the boundary between y and t. */
    private static Loss difference(NDArray t) {
        return (z, y) -> Losses.pick(z, t).sub(Losses.pick(z, y));
    }

    /** x₀ + ½ ε u/||u|| clipped to the box; u uniform in [−1, 1] (L∞) or Gaussian (L2, L1). */
    private static void randomStart(State st, float[] x1, float[] x0, Shape shape, double eps,
            SplittableRandom[] rng) {
        int d = st.d;
        int m = x1.length / d;
        float[] u;
        if (st.norm == Norm.L1) {
            // a Gaussian direction (as fab_base.py), rescaled to L1 norm ½ ε
            u = Norm.L2.randomOnSphere(shape, 1.0, a -> rng[a]);
            float[] row = new float[d];
            for (int a = 0; a < m; a++) {
                System.arraycopy(u, a * d, row, 0, d);
                double l1 = Math.max(Norm.L1.of(row), 1e-12);
                for (int j = 0; j < d; j++) u[a * d + j] = (float) (0.5 * eps * row[j] / l1);
            }
        } else {
            u = st.norm.randomOnSphere(shape, 0.5 * eps, a -> rng[a]);
        }
        for (int q = 0; q < x1.length; q++) {
            x1[q] = (float) Math.min(st.upper, Math.max(st.lower, (double) x0[q] + u[q]));
        }
    }

    private static double normOf(Norm norm, double[] v, float[] buf) {
        for (int j = 0; j < v.length; j++) buf[j] = (float) v[j];
        return norm.of(buf);
    }

    private static int argmax(float[] z, int row, int k) {
        int best = 0;
        for (int c = 1; c < k; c++) {
            if (z[row * k + c] > z[row * k + best]) best = c;
        }
        return best;
    }

    /** Classes of one row ordered by decreasing logit (ties: lower index first). */
    private static int[] ranking(float[] z, int row, int k) {
        Integer[] order = new Integer[k];
        for (int c = 0; c < k; c++) order[c] = c;
        Arrays.sort(order, (p, q) -> Float.compare(z[row * k + q], z[row * k + p]));
        int[] r = new int[k];
        for (int c = 0; c < k; c++) r[c] = order[c];
        return r;
    }

    /** Registers {@code fab} (untargeted FAB, one backward pass per class and iteration). */
    public static final class Provider implements AttackProvider {
        @Override
        public String name() {
            return "fab";
        }

        @Override
        public String description() {
            return "FAB: minimal-norm fast adaptive boundary attack, untargeted (Croce & Hein 2020)";
        }

        @Override
        public Config defaults() {
            return Config.defaults();
        }

        @Override
        public Attack create(Map<String, Object> options) {
            return new FabAttack(Configs.merge(name(), defaults(), options));
        }
    }

    /** Registers {@code fab-t} (FAB aimed in turn at the 2nd..10th most likely classes, as in AutoAttack). */
    public static final class TargetedProvider implements AttackProvider {
        @Override
        public String name() {
            return "fab-t";
        }

        @Override
        public String description() {
            return "FAB-T: targeted FAB over the top clean-logit classes (Croce & Hein 2020, AutoAttack)";
        }

        @Override
        public Config defaults() {
            return Config.targetedDefaults();
        }

        @Override
        public Attack create(Map<String, Object> options) {
            return new FabAttack(Configs.merge(name(), defaults(), options));
        }
    }
}
