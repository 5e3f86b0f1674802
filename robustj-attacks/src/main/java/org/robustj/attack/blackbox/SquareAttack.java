package org.robustj.attack.blackbox;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.robustj.attack.AbstractAttack;
import org.robustj.attack.Attack;
import org.robustj.attack.AttackProvider;
import org.robustj.attack.Capability;
import org.robustj.attack.Configs;
import org.robustj.attack.loss.Losses;
import org.robustj.errors.InvalidInputException;
import org.robustj.errors.UnknownNameException;
import org.robustj.threat.Norm;

/**
 * Square Attack, Andriushchenko, Croce, Flammarion &amp; Hein 2020 (arXiv 1912.00049): a score-based black-box
 * random search that only reads logits. Each query changes the current best point inside one random square
 * window (per image) and keeps the change if the loss went down or the image is now misclassified; an image
 * stops being queried as soon as it is fooled. Threat models: L∞, L2 and L1 (AutoAttack's L1 variant).
 *
 * <p><b>L∞.</b> Start: vertical stripes, every (channel, column) moved by ±ε at random. Update: in an s×s
 * window every channel is set to x ± ε with one random sign per channel (AutoAttack adds ±2ε to the current
 * point and clips to the ball, which gives the same values), clipped to the box.
 *
 * <p><b>L2.</b> Start: a grid of tiles, each holding the "pseudo-Gaussian" pattern (two half-rectangles of
 * opposite sign made of centred rings weighted 1/(r+1)²) with a random sign per channel, rescaled to norm ε.
 * Update: the mass of two random windows is moved into the first one (old direction plus a new random
 * pattern), the second is emptied, and the whole perturbation is rescaled to norm ε before clipping to the box.
 *
 * <p><b>L1</b> (square.py's L1 branch). The same tiles and windows with rings weighted 1/(r+1)⁴ and unit L1
 * norm; each channel's new window gets L1 mass (slack/C + old mass of both windows)·C, and every start and
 * candidate is then projected exactly onto the L1 ball of radius ε·(1 − 1e-6) intersected with the box
 * ({@link Norm#project}, the same point as AutoAttack's {@code L1_projection}).
 *
 * <p><b>Schedule.</b> The fraction p of pixels in a window halves at iterations 10, 50, 200, 500, 1000, 2000,
 * 4000, 6000, 8000 ({@link #p}); the side is round(√(p·h·w)), at least 1 (L∞) or at least 3 and odd (L2, L1),
 * capped at min(h, w) ({@link #squareSide}).
 *
 * <p><b>Defaults</b> are AutoAttack's (fra31/auto-attack a392200, autoattack.py and square.py): 5000 queries,
 * p_init 0.8, one restart, margin loss, {@code resc_schedule=false}. The loss is the margin z_y − max_{j≠y} z_j
 * (or −cross-entropy with {@code loss=ce}); targeted runs minimise max_{j≠t} z_j − z_t (or the cross-entropy
 * to the target with {@code loss=ce}, as AutoAttack does for every targeted run).
 *
 * <p><b>Shapes.</b> Inputs N×C×H×W; N×H×W is read as one channel and flat N×D as N×1×1×D (windows are then
 * 1×1 segments). Query counting: one query for the start and one per iteration while an image is not yet
 * fooled, so at most {@code restarts·(queries+1)} per image; every query goes through
 * {@link Search#logits(NDArray, int[])} and is counted in the result, per image. Queries are batched over the images still unbroken.
 *
 * <p><b>Deliberate differences from AutoAttack</b>, all in favour of the attack being well defined:
 * windows, signs and the L2/L1 pattern's orientation are drawn per image (AutoAttack draws one window per
 * iteration for the whole batch; the original max-andr/square-attack draws them per image), so an image's
 * result depends only on the seed and its position in the batch; window corners are uniform over all valid
 * positions 0..h−s (the reference never picks the last one); the L2/L1 start tiles are centred so that they fit
 * inside the image (identical to the reference whenever its own tiles fit, e.g. 28×28, 32×32, 224×224); a
 * tie between the true class and the runner-up counts as not fooled.
 */
public final class SquareAttack extends AbstractAttack {
    /** Losses accepted in {@link Config#loss()}. */
    public static final List<String> LOSSES = List.of("margin", "ce");

    /**
     * Square Attack settings: queries per restart ({@code queries}, AutoAttack's {@code n_queries}), initial
     * window fraction {@code p_init}, {@code restarts} ({@code n_restarts}), {@code loss} ({@code margin} or
     * {@code ce}) and whether the p schedule is rescaled to a 10,000-query budget ({@code rescale_schedule},
     * AutoAttack's {@code resc_schedule}). The provider accepts AutoAttack's option names too.
     */
    public record Config(int queries, double pInit, int restarts, String loss, boolean rescaleSchedule) {
        public Config {
            if (queries < 1) {
                throw new InvalidInputException("queries must be at least 1, got " + queries);
            }
            if (!(pInit > 0 && pInit <= 1)) {
                throw new InvalidInputException("p_init must be in (0, 1], got " + pInit);
            }
            if (restarts < 1) {
                throw new InvalidInputException("restarts must be at least 1, got " + restarts);
            }
            if (loss == null || !LOSSES.contains(loss)) {
                throw new UnknownNameException("square loss", String.valueOf(loss), LOSSES);
            }
        }

        /**
         * AutoAttack's Square (autoattack.py, square.py at a392200): n_queries 5000, p_init 0.8, n_restarts 1,
         * margin loss, resc_schedule false.
         */
        public static Config defaults() {
            return new Config(5000, 0.8, 1, "margin", false);
        }
    }

    private final Config config;

    public SquareAttack(Config config) {
        super("square", config, EnumSet.of(Capability.GRADIENT_FREE, Capability.STOCHASTIC, Capability.TARGETED));
        this.config = config;
    }

    /**
     * The fraction of pixels in a window at 0-based iteration {@code i}: {@code pInit} up to iteration 10,
     * then halved after 10, 50, 200, 500, 1000, 2000, 4000, 6000 and 8000 (down to pInit/512). With
     * {@code rescale}, i is first mapped to ⌊i/nQueries·10000⌋ (square.py {@code p_selection}).
     */
    public static double p(int i, int nQueries, double pInit, boolean rescale) {
        int it = rescale ? (int) ((double) i / nQueries * 10000) : i;
        if (it <= 10) return pInit;
        if (it <= 50) return pInit / 2;
        if (it <= 200) return pInit / 4;
        if (it <= 500) return pInit / 8;
        if (it <= 1000) return pInit / 16;
        if (it <= 2000) return pInit / 32;
        if (it <= 4000) return pInit / 64;
        if (it <= 6000) return pInit / 128;
        if (it <= 8000) return pInit / 256;
        return pInit / 512;
    }

    /**
     * Side of the square window for fraction {@code p} of an h×w image: round(√(p·h·w)) (Python rounding,
     * half to even), at least 1 for L∞ and at least 3 and odd for L2 and L1, then capped at min(h, w).
     */
    public static int squareSide(Norm norm, double p, int h, int w) {
        int s = (int) Math.rint(Math.sqrt(p * h * w));
        if (norm != Norm.LINF) {
            s = Math.max(s, 3);
            if (s % 2 == 0) s++;
        } else {
            s = Math.max(s, 1);
        }
        return Math.min(s, Math.min(h, w));
    }

    /** Channels, height and width of one sample. */
    private record Geometry(int c, int h, int w) {
        int size() {
            return c * h * w;
        }
    }

    /** Per-iteration query outcome: the reference margin (negative = fooled) and the loss to minimise. */
    public record Scores(float[] margin, float[] loss) {}

    @Override
    protected NDArray search(Search s) {
        NDArray x = s.batch().x();
        Geometry g = geometry(x.getShape());
        int n = s.batch().size();
        int d = g.size();
        float[] x0 = x.toFloatArray();
        float[] best = x0.clone();
        int[] labels = s.ctx().targeted() ? s.ctx().targets() : s.batch().labels();
        // one generator per point, kept over the restarts: a point's windows depend on nothing but the point
        SplittableRandom[] rngs = s.ctx().rngs(n, "square");
        Run run = new Run(s, g, x0, best, labels, rngs);
        boolean[] fooled = new boolean[n];
        s.ctx().progress().expect((long) config.restarts * config.queries);
        for (int r = 0; r < config.restarts; r++) {
            int count = 0;
            int[] todo = new int[n];
            for (int i = 0; i < n; i++) if (!fooled[i]) todo[count++] = i;
            if (count == 0) break;
            run.single(Arrays.copyOf(todo, count), fooled);
        }
        return s.scope().create(best, x.getShape());
    }

    private static Geometry geometry(Shape shape) {
        long[] dims = shape.getShape();
        switch (dims.length) {
            case 2: return new Geometry(1, 1, (int) dims[1]);
            case 3: return new Geometry(1, (int) dims[1], (int) dims[2]);
            case 4: return new Geometry((int) dims[1], (int) dims[2], (int) dims[3]);
            default:
                throw new InvalidInputException("square needs inputs shaped N×D, N×H×W or N×C×H×W, got " + shape);
        }
    }

    /** One batch's search state; rows of {@code best} are updated in place. */
    private final class Run {
        private final Search s;
        private final Geometry g;
        private final float[] x0;
        private final float[] best;
        private final int[] labels;
        private final SplittableRandom[] rngs;
        private final double eps;
        private final double lower;
        private final double upper;
        private final Norm norm;
        private final Shape sample;
        private final float[] loss;
        private final Map<Integer, double[]> patterns = new HashMap<>();

        Run(Search s, Geometry g, float[] x0, float[] best, int[] labels, SplittableRandom[] rngs) {
            this.s = s;
            this.g = g;
            this.x0 = x0;
            this.best = best;
            this.labels = labels;
            this.rngs = rngs;
            this.eps = s.threat().eps();
            this.lower = s.threat().lower();
            this.upper = s.threat().upper();
            this.norm = s.threat().norm();
            long[] dims = s.batch().x().getShape().getShape();
            this.sample = new Shape(Arrays.copyOfRange(dims, 1, dims.length));
            this.loss = new float[x0.length / g.size()];
        }

        /** One restart on the images {@code todo}; marks the ones it fools. */
        void single(int[] todo, boolean[] fooled) {
            int d = g.size();
            for (int i : todo) {
                if (norm == Norm.LINF) {
                    initLinf(i);
                } else {
                    initTiles(i);
                }
            }
            float[] cand = new float[todo.length * d];
            for (int k = 0; k < todo.length; k++) System.arraycopy(best, todo[k] * d, cand, k * d, d);
            if (norm == Norm.L1) {
                cand = projectL1(cand, todo);
                for (int k = 0; k < todo.length; k++) System.arraycopy(cand, k * d, best, todo[k] * d, d);
            }
            Scores sc = query(cand, todo);
            for (int k = 0; k < todo.length; k++) {
                loss[todo[k]] = sc.loss[k];
                fooled[todo[k]] = sc.margin[k] < 0;
            }
            int[] act = new int[todo.length];
            for (int it = 0; it < config.queries; it++) {
                s.ctx().progress().tick();
                int na = 0;
                for (int i : todo) if (!fooled[i]) act[na++] = i;
                if (na == 0) return;
                int side = squareSide(norm, p(it, config.queries, config.pInit, config.rescaleSchedule), g.h, g.w);
                cand = new float[na * d];
                for (int k = 0; k < na; k++) {
                    System.arraycopy(best, act[k] * d, cand, k * d, d);
                    if (norm == Norm.LINF) {
                        proposeLinf(act[k], cand, k * d, side);
                    } else {
                        proposeWindows(act[k], cand, k * d, side);
                    }
                }
                int[] idx = Arrays.copyOf(act, na);
                if (norm == Norm.L1) cand = projectL1(cand, idx);
                sc = query(cand, idx);
                for (int k = 0; k < na; k++) {
                    int i = idx[k];
                    boolean improved = sc.loss[k] < loss[i];
                    if (improved) loss[i] = sc.loss[k];
                    // keep the candidate if the loss went down or the image is now fooled
                    if (improved || sc.margin[k] < 0) {
                        fooled[i] = sc.margin[k] < 0;
                        System.arraycopy(cand, k * d, best, i * d, d);
                    }
                }
            }
        }

        /** Margin and loss of the candidates (rows of {@code cand}) for images {@code idx}: one batched query. */
        private Scores query(float[] cand, int[] idx) {
            int na = idx.length;
            long[] dims = new long[sample.dimension() + 1];
            dims[0] = na;
            System.arraycopy(sample.getShape(), 0, dims, 1, sample.dimension());
            long[] y = new long[na];
            for (int k = 0; k < na; k++) y[k] = labels[idx[k]];
            float[] z;
            try (NDManager it = s.scope().newSubManager()) {
                NDArray xc = it.create(cand, new Shape(dims));
                z = s.logits(xc, idx).toFloatArray();
            }
            return scores(z, y, s.ctx().targeted(), config.loss.equals("ce"), s.model().source());
        }

        private float clip(double v) {
            return (float) Math.min(upper, Math.max(lower, v));
        }

        /** Uniform corner in 0..range. */
        private int corner(SplittableRandom rng, int range) {
            return range > 0 ? rng.nextInt(range + 1) : 0;
        }

        /** Vertical stripes: each (channel, column) moved by ±ε. */
        private void initLinf(int i) {
            SplittableRandom rng = rngs[i];
            int off = i * g.size();
            for (int c = 0; c < g.c; c++) {
                for (int col = 0; col < g.w; col++) {
                    double sign = rng.nextBoolean() ? 1 : -1;
                    for (int r = 0; r < g.h; r++) {
                        int j = off + (c * g.h + r) * g.w + col;
                        best[j] = clip(x0[j] + sign * eps);
                    }
                }
            }
        }

        /** One s×s window set to x ± ε, one sign per channel. */
        private void proposeLinf(int i, float[] cand, int co, int side) {
            SplittableRandom rng = rngs[i];
            int xo = i * g.size();
            int vh = corner(rng, g.h - side);
            int vw = corner(rng, g.w - side);
            for (int c = 0; c < g.c; c++) {
                double sign = rng.nextBoolean() ? 1 : -1;
                for (int r = vh; r < vh + side; r++) {
                    for (int col = vw; col < vw + side; col++) {
                        int j = (c * g.h + r) * g.w + col;
                        cand[co + j] = clip(x0[xo + j] + sign * eps);
                    }
                }
            }
        }

        /**
         * A grid of pseudo-Gaussian tiles with random signs per channel: rescaled to norm ε for L2, projected
         * onto the L1 ball (radius ε·(1 − 1e-6)) ∩ box by the caller for L1, as square.py does.
         */
        private void initTiles(int i) {
            SplittableRandom rng = rngs[i];
            int off = i * g.size();
            int t = Math.max(Math.min(g.h, g.w) / 5, 1);
            int th = g.h / t;
            int tw = g.w / t;
            int oh = (g.h - th * t) / 2;
            int ow = (g.w - tw * t) / 2;
            double[] delta = new double[g.size()];
            for (int a = 0; a < th; a++) {
                for (int b = 0; b < tw; b++) {
                    double[] eta = pattern(t, rng);
                    for (int c = 0; c < g.c; c++) {
                        double sign = rng.nextBoolean() ? 1 : -1;
                        for (int u = 0; u < t; u++) {
                            for (int v = 0; v < t; v++) {
                                delta[(c * g.h + oh + a * t + u) * g.w + ow + b * t + v] += sign * eta[u * t + v];
                            }
                        }
                    }
                }
            }
            write(delta, best, off, off);
        }

        /**
         * L2: x0 + ε·delta/||delta||₂ clipped to the box; L1: x0 + delta (projected later, in a batch), into
         * {@code out} at {@code oo}.
         */
        private void write(double[] delta, float[] out, int oo, int xo) {
            if (norm == Norm.L1) {
                for (int j = 0; j < delta.length; j++) out[oo + j] = (float) (x0[xo + j] + delta[j]);
                return;
            }
            double sq = 0;
            for (double v : delta) sq += v * v;
            double k = eps / (Math.sqrt(sq) + 1e-12);
            for (int j = 0; j < delta.length; j++) out[oo + j] = clip(x0[xo + j] + delta[j] * k);
        }

        /** |a|^p: the mass of one coordinate in this norm (p = 2 or 1). */
        private double mass(double a) {
            return norm == Norm.L1 ? Math.abs(a) : a * a;
        }

        /** The norm from a summed mass. */
        private double root(double m) {
            return norm == Norm.L1 ? m : Math.sqrt(m);
        }

        /**
         * Moves the mass of two random s×s windows into the first one (old direction plus a new random
         * pattern) and empties the second. L2 keeps ||delta||₂ = ε; L1 gives each channel's window
         * (slack/C + window mass)·C as square.py does, and the batch projection then restores ||delta||₁ ≤ ε.
         */
        private void proposeWindows(int i, float[] cand, int co, int side) {
            SplittableRandom rng = rngs[i];
            int xo = i * g.size();
            int hw = g.h * g.w;
            double[] delta = new double[g.size()];
            double total = 0;
            for (int j = 0; j < delta.length; j++) {
                delta[j] = (double) cand[co + j] - x0[xo + j];
                total += mass(delta[j]);
            }
            double slack = norm == Norm.L1 ? Math.max(eps - total, 0) : Math.max(eps * eps - total, 0);
            int vh = corner(rng, g.h - side);
            int vw = corner(rng, g.w - side);
            int vh2 = corner(rng, g.h - side);
            int vw2 = corner(rng, g.w - side);
            double[] eta = pattern(side, rng);
            double[][] fresh = new double[g.c][side * side];
            for (int c = 0; c < g.c; c++) {
                double sign = rng.nextBoolean() ? 1 : -1;
                int base = c * hw;
                double w1 = 0;
                double both = 0;
                for (int u = 0; u < side; u++) {
                    for (int v = 0; v < side; v++) {
                        w1 += mass(delta[base + (vh + u) * g.w + vw + v]);
                        int r2 = vh2 + u;
                        int c2 = vw2 + v;
                        // second window, counting pixels shared with the first only once
                        boolean shared = r2 >= vh && r2 < vh + side && c2 >= vw && c2 < vw + side;
                        if (!shared) both += mass(delta[base + r2 * g.w + c2]);
                    }
                }
                both += w1;
                double n1 = root(w1) + 1e-12;
                double nn = 0;
                double[] f = fresh[c];
                for (int u = 0; u < side; u++) {
                    for (int v = 0; v < side; v++) {
                        double val = sign * eta[u * side + v] + delta[base + (vh + u) * g.w + vw + v] / n1;
                        f[u * side + v] = val;
                        nn += mass(val);
                    }
                }
                double target = norm == Norm.L1 ? (slack / g.c + both) * g.c : Math.sqrt(slack / g.c + both);
                double k = target / (root(nn) + 1e-12);
                for (int q = 0; q < f.length; q++) f[q] *= k;
            }
            for (int c = 0; c < g.c; c++) {
                int base = c * hw;
                for (int u = 0; u < side; u++) {
                    for (int v = 0; v < side; v++) delta[base + (vh2 + u) * g.w + vw2 + v] = 0;
                }
                for (int u = 0; u < side; u++) {
                    for (int v = 0; v < side; v++) delta[base + (vh + u) * g.w + vw + v] = fresh[c][u * side + v];
                }
            }
            write(delta, cand, co, xo);
        }

        /** Exact projection of each row onto the L1 ball of radius ε·(1 − 1e-6) around x0 ∩ box. */
        private float[] projectL1(float[] cand, int[] idx) {
            int d = g.size();
            float[] centre = new float[cand.length];
            for (int k = 0; k < idx.length; k++) System.arraycopy(x0, idx[k] * d, centre, k * d, d);
            Shape shape = new Shape(idx.length, d);
            try (NDManager it = s.scope().newSubManager()) {
                NDArray a = it.create(centre, shape);
                NDArray b = it.create(cand, shape);
                return norm.project(a, b, eps * (1 - 1e-6), lower, upper).toFloatArray();
            }
        }

        /** The s×s window pattern of unit norm, transposed with probability 1/2. */
        private double[] pattern(int side, SplittableRandom rng) {
            double[] base = patterns.computeIfAbsent(side, q -> eta(q, norm));
            if (!rng.nextBoolean()) {
                return base;
            }
            double[] t = new double[base.length];
            for (int u = 0; u < side; u++) {
                for (int v = 0; v < side; v++) t[v * side + u] = base[u * side + v];
            }
            return t;
        }
    }

    /**
     * Reference margin and loss per row of N×K logits {@code z} (row-major): untargeted, margin z_y − max_{j≠y} z_j
     * and loss = margin or −CE; targeted (y = targets), margin max_{j≠t} z_j − z_t and loss = margin or CE to t.
     * The margin is −{@link Losses#margin} / −{@link Losses#marginTargeted}, computed here in Java on the logits
     * already copied out, so each query costs one transfer; negative means fooled.
     */
    public static Scores scores(float[] z, long[] y, boolean targeted, boolean ce, String source) {
        int n = y.length;
        int k = z.length / n;
        float[] margin = new float[n];
        float[] loss = new float[n];
        for (int i = 0; i < n; i++) {
            int o = i * k;
            int c = (int) y[i];
            float other = Float.NEGATIVE_INFINITY;
            float top = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < k; j++) {
                float v = z[o + j];
                if (!Float.isFinite(v)) {
                    throw new InvalidInputException("model " + source + " returned a non-finite logit (" + v + ")");
                }
                top = Math.max(top, v);
                if (j != c) other = Math.max(other, v);
            }
            // float subtraction keeps the sign exactly: negative iff the other class is strictly ahead
            margin[i] = targeted ? other - z[o + c] : z[o + c] - other;
            if (ce) {
                double sum = 0;
                for (int j = 0; j < k; j++) sum += Math.exp((double) z[o + j] - top);
                double xent = top + Math.log(sum) - z[o + c];
                loss[i] = (float) (targeted ? xent : -xent);
            } else {
                loss[i] = margin[i];
            }
        }
        return new Scores(margin, loss);
    }

    /**
     * The window pattern (square.py {@code eta}): the top ⌊s/2⌋ rows hold a ring pattern, the bottom rows the
     * negated one, normalised to unit norm; row-major s×s. L2 rings weigh 1/(r+1)², L1 rings 1/(r+1)⁴.
     */
    static double[] eta(int side, Norm norm) {
        int top = side / 2;
        double[] out = new double[side * side];
        double[] a = rings(top, side, norm);
        double[] b = rings(side - top, side, norm);
        System.arraycopy(a, 0, out, 0, a.length);
        for (int q = 0; q < b.length; q++) out[a.length + q] = -b[q];
        return unit(out, norm);
    }

    /**
     * A rows×cols block of centred rectangles of growing size, the k-th adding 1/(k+1)² (L2) or 1/(k+1)⁴
     * (L1) (square.py {@code eta_rectangles}), normalised to unit norm.
     */
    static double[] rings(int rows, int cols, Norm norm) {
        double[] r = new double[rows * cols];
        int xc = rows / 2 + 1;
        int yc = cols / 2 + 1;
        for (int k = 0; k < Math.max(xc, yc); k++) {
            int r0 = Math.max(xc - 1 - k, 0);
            int r1 = Math.min(xc + k, rows);
            int c0 = Math.max(yc - 1 - k, 0);
            int c1 = Math.min(yc + k, cols);
            double sq = (k + 1.0) * (k + 1.0);
            double add = norm == Norm.L1 ? 1.0 / (sq * sq) : 1.0 / sq;
            for (int u = r0; u < r1; u++) {
                for (int v = c0; v < c1; v++) r[u * cols + v] += add;
            }
        }
        return unit(r, norm);
    }

    private static double[] unit(double[] v, Norm norm) {
        double m = 0;
        for (double a : v) m += norm == Norm.L1 ? Math.abs(a) : a * a;
        if (m > 0) {
            double k = norm == Norm.L1 ? 1 / m : 1 / Math.sqrt(m);
            for (int q = 0; q < v.length; q++) v[q] *= k;
        }
        return v;
    }

    /** Registers {@code square}. */
    public static final class Provider implements AttackProvider {
        @Override
        public String name() {
            return "square";
        }

        @Override
        public String description() {
            return "Square Attack: score-based random search in square windows (Andriushchenko et al. 2020)";
        }

        @Override
        public Config defaults() {
            return Config.defaults();
        }

        @Override
        public Attack create(Map<String, Object> options) {
            return new SquareAttack(Configs.merge(name(), defaults(), options));
        }

        /**
         * Square spends at most restarts·(steps + 1) queries on a point (one for the start of each restart),
         * so a budget B gets steps = ⌊B / restarts⌋ − 1.
         */
        @Override
        public java.util.Optional<Map<String, Object>> withQueryBudget(Map<String, Object> options, int budget) {
            Map<String, Object> m = new java.util.LinkedHashMap<>(org.robustj.attack.AttackOptions.canonical(name(),
                    options));
            int restarts = m.get("restarts") instanceof Number r ? r.intValue() : defaults().restarts();
            int steps = budget / Math.max(1, restarts) - 1;
            if (steps < 1) {
                throw new InvalidInputException("a query budget of " + budget + " is too small for square with "
                        + restarts + " restart(s): each restart needs at least 2 queries per point");
            }
            m.put("steps", steps);
            return java.util.Optional.of(m);
        }
    }
}
