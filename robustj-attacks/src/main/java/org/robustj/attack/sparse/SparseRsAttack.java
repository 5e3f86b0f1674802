package org.robustj.attack.sparse;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.robustj.attack.AbstractAttack;
import org.robustj.attack.Attack;
import org.robustj.attack.AttackContext;
import org.robustj.attack.AttackProvider;
import org.robustj.attack.Capability;
import org.robustj.attack.Configs;
import org.robustj.attack.blackbox.SquareAttack;
import org.robustj.errors.InvalidInputException;
import org.robustj.errors.UnknownNameException;
import org.robustj.provenance.Seeds;
import org.robustj.threat.Norm;
import org.robustj.threat.Sparse;

/**
 * Sparse-RS, Croce, Andriushchenko, Singh, Flammarion &amp; Hein, AAAI 2022 (arXiv 2006.12834): score-based
 * black-box random search for sparse threat models. A proposal is kept when the loss goes down or the point
 * is fooled; a point stops being queried once fooled. Threat models (from the {@link Norm} of the call):
 *
 * <ul>
 *   <li><b>L0</b> ({@code --norm l0 --eps k}): k pixels, each set to a random vertex of the colour cube
 *       {lower, upper}^C; every query moves ⌊α(i)·k⌋ (at least 1) perturbed pixels to unperturbed positions
 *       with new colours. With {@code feature_space} the k changes are single features (channels treated
 *       separately, the reference's {@code --use_feature_space}); at most k pixels change either way.
 *   <li><b>Patches</b> ({@code --norm patch --eps k}, k = s²): an image- and location-specific s×s patch.
 *       Queries recolour a square inside the patch whose side shrinks with the Square schedule (α(i)^½·s),
 *       then single pixels, and from halfway through the remaining budget single channels; every
 *       {@code update_loc_period} queries (4 untargeted, 10 targeted) the patch moves instead, by at most
 *       ⌊0.75·(1 − i/T)·H⌋ pixels per axis.
 *   <li><b>Frames</b> ({@code --norm frame --eps w}): the border of width w. Each query paints an s×s block
 *       anchored at a random frame pixel in a random diagonal direction, with s = 3⌈max((T−i)/T − ½, 0)·α·w²⌉
 *       (at least 1), then single pixels and single channels; only frame pixels are kept.
 *   <li><b>Universal</b> patches and frames ({@code universal=true}): one patch (pasted at a random, fixed
 *       location per image) or one frame for the whole batch, accepted when the summed loss over the batch
 *       goes down; targeted (the reference's setting, cross-entropy to the targets) or untargeted.
 * </ul>
 *
 * <p><b>Schedules</b> (rs_attacks.py {@code p_selection}, i rescaled to 10,000 queries unless
 * {@code rescale_schedule=false}): L0 α/2 up to 50, α/4 to 200, α/5 to 500, α/6 to 1000, α/8 to 2000, α/10 to
 * 4000, α/12 to 6000, α/15 to 8000, then α/20 ({@code constant_schedule}: α/2 throughout); patches the Square
 * schedule α ... α/512 ({@link SquareAttack#p}); universal frames α·(1, .8, .6, .4, .2, .1, 0) switching at
 * 200, 600, 1200, 1800, 2500 and 10,000.
 *
 * <p><b>Loss</b>: the margin z_y − max_{j≠y} z_j ({@code loss=margin}, default) or −cross-entropy
 * ({@code ce}); targeted runs always minimise the cross-entropy to the target, as the reference does.
 *
 * <p><b>Defaults</b>: fra31/sparse-rs (21d8759) — 5000 queries per restart (RSAttack's {@code n_queries}),
 * one restart, margin loss, schedule rescaled ({@code resc_schedule=True}), α from the README table per
 * threat model when {@code alpha_init} is not given: L0 0.3, patches 0.4, frames 0.5, universal patches 0.3,
 * universal frames 1.667.
 *
 * <p><b>Queries</b>: the start is one query and every later proposal one more while the point is not fooled,
 * so at most {@code restarts·queries} per point (the reference's {@code n_queries} counts the same way); they
 * are reported per point ({@link org.robustj.attack.AttackResult#queries()}). Queries are batched over the
 * points still unbroken.
 *
 * <p><b>Deliberate differences from the reference</b>: proposals (which pixels, which window, which colour)
 * are drawn per point from a generator keyed by the point (the reference draws some per iteration for the
 * whole batch), so a point's result does not depend on its neighbours; patch locations are uniform over all
 * valid positions (the reference never picks the last row or column) and images need not be square; the
 * single-channel updates pick one of the image's C channels (the reference always draws among 3, which
 * fails on grey-scale images); universal perturbations are fitted on the batch given (the reference
 * resamples images from a data loader every n_queries/10 queries and has no untargeted universal variant);
 * a tie between the true class and the runner-up does not count as fooled.
 */
public final class SparseRsAttack extends AbstractAttack {
    /** Losses accepted in {@link Config#loss()}. */
    public static final List<String> LOSSES = List.of("margin", "ce");

    /**
     * Sparse-RS settings: {@code queries} per restart (the reference's {@code n_queries}), {@code alpha_init}
     * (α, the reference's {@code alpha_init}/{@code p_init}; null: the README value per threat model),
     * {@code restarts}, {@code loss} ({@code margin} or {@code ce}), {@code rescale_schedule} (schedule read on
     * a 10,000-query scale), {@code constant_schedule} (L0: α/2 throughout), {@code feature_space} (L0: k
     * features instead of k pixels), {@code universal} (one patch or frame for the whole batch) and
     * {@code update_loc_period} (patches: queries between location moves; null: 4, targeted 10).
     */
    public record Config(int queries, Double alphaInit, int restarts, String loss, boolean rescaleSchedule,
            boolean constantSchedule, boolean featureSpace, boolean universal, Integer updateLocPeriod) {
        public Config {
            if (queries < 1) {
                throw new InvalidInputException("sparse-rs queries must be at least 1, got " + queries);
            }
            if (alphaInit != null && !(alphaInit > 0 && Double.isFinite(alphaInit))) {
                throw new InvalidInputException("sparse-rs alpha_init must be a finite number > 0, got " + alphaInit);
            }
            if (restarts < 1) {
                throw new InvalidInputException("sparse-rs restarts must be at least 1, got " + restarts);
            }
            if (loss == null || !LOSSES.contains(loss)) {
                throw new UnknownNameException("sparse-rs loss", String.valueOf(loss), LOSSES);
            }
            if (updateLocPeriod != null && updateLocPeriod < 2) {
                throw new InvalidInputException("sparse-rs update_loc_period must be at least 2, got "
                        + updateLocPeriod);
            }
            if (featureSpace && universal) {
                throw new InvalidInputException("sparse-rs feature_space is for l0, universal for patches and frames: "
                        + "not both");
            }
        }

        /**
         * fra31/sparse-rs at 21d8759: n_queries 5000 (RSAttack), one restart, margin loss, resc_schedule true,
         * constant_schedule false, pixel space, image-specific, α per threat model (README), location update
         * period 4 (targeted 10).
         */
        public static Config defaults() {
            return new Config(5000, null, 1, "margin", true, false, false, false, null);
        }
    }

    private final Config config;

    public SparseRsAttack(Config config) {
        super("sparse-rs", config, capabilities(config), Norm.SPARSE);
        this.config = config;
    }

    private static EnumSet<Capability> capabilities(Config c) {
        EnumSet<Capability> caps = EnumSet.of(Capability.GRADIENT_FREE, Capability.STOCHASTIC, Capability.TARGETED);
        if (c.universal()) caps.add(Capability.UNIVERSAL);
        return caps;
    }

    /** α of the configuration, or the README value for the threat model. */
    double alpha(Norm norm) {
        if (config.alphaInit != null) {
            return config.alphaInit;
        }
        switch (norm) {
            case L0: return 0.3;
            case PATCH: return config.universal ? 0.3 : 0.4;
            default: return config.universal ? 1.667 : 0.5;
        }
    }

    /** The query index the schedules read: i, or ⌊i/T·10000⌋ with {@code rescale_schedule}. */
    private int scaled(int it) {
        return config.rescaleSchedule ? (int) ((double) it / config.queries * 10000) : it;
    }

    /** L0: fraction of the k pixels moved at query {@code it} (rs_attacks.py {@code p_selection}, 'L0'). */
    public static double l0Fraction(int it, double alpha, boolean constant) {
        if (constant) return alpha / 2;
        if (it <= 0) return alpha;
        if (it <= 50) return alpha / 2;
        if (it <= 200) return alpha / 4;
        if (it <= 500) return alpha / 5;
        if (it <= 1000) return alpha / 6;
        if (it <= 2000) return alpha / 8;
        if (it <= 4000) return alpha / 10;
        if (it <= 6000) return alpha / 12;
        if (it <= 8000) return alpha / 15;
        return alpha / 20;
    }

    /** Frames: side of the block painted at (scaled) query {@code it} of {@code total} (10,000 or T). */
    public static int frameSide(int it, int total, double alpha, int width) {
        double p = Math.max(((double) total - it) / total - 0.5, 0) * alpha * width * width;
        return Math.max((int) (3 * Math.ceil(p)), 1);
    }

    /** Universal frames: α times 1, .8, .6, .4, .2, .1, 0 switching at 200, 600, 1200, 1800, 2500, 10,000. */
    public static double universalFrameFraction(int it, double alpha) {
        int[] its = {200, 600, 1200, 1800, 2500, 10000, 100000};
        double[] f = {1, .8, .6, .4, .2, .1, 0};
        int c = 0;
        while (c < its.length - 1 && it >= its[c]) c++;
        return f[c] * alpha;
    }

    /**
     * The generator of the point in row {@code row} of the batch: the one place where Sparse-RS's random
     * numbers are keyed, by (seed, stream, data-set index of the point) through {@link AttackContext#rng}, so a
     * point's search does not depend on the batch it is in.
     */
    static SplittableRandom pointRng(AttackContext ctx, int row) {
        return ctx.rng(row, "sparse-rs/point");
    }

    /** The generator of a universal perturbation (one for the batch). */
    static SplittableRandom batchRng(AttackContext ctx) {
        return Seeds.rng(ctx.seed(), "sparse-rs/universal");
    }

    @Override
    protected NDArray search(Search s) {
        Norm norm = s.threat().norm();
        if (config.featureSpace && norm != Norm.L0) {
            throw new InvalidInputException("sparse-rs feature_space applies to --norm l0, not " + norm.id());
        }
        if (config.universal && norm == Norm.L0) {
            throw new InvalidInputException("sparse-rs universal perturbations are patches or frames (--norm patch "
                    + "or frame), not l0");
        }
        Run run = new Run(s, norm);
        int n = s.batch().size();
        s.ctx().progress().expect((long) config.restarts * config.queries);
        boolean[] fooled = new boolean[n];
        for (int r = 0; r < config.restarts; r++) {
            int count = 0;
            int[] todo = new int[n];
            for (int i = 0; i < n; i++) if (!fooled[i]) todo[count++] = i;
            if (count == 0) break;
            int[] idx = Arrays.copyOf(todo, count);
            if (config.universal) {
                run.universal(idx, fooled, r);
            } else {
                run.single(idx, fooled, r);
            }
        }
        s.reportQueries(run.queries);
        return s.scope().create(run.best, s.batch().x().getShape());
    }

    /** The search state of one batch: rows of {@code best} are the points found so far. */
    private final class Run {
        final Search s;
        final Norm norm;
        final Sparse.Geometry g;
        final float[] x0;
        final float[] best;
        final int[] labels;
        final int[] queries;
        final float lo;
        final float hi;
        final int k;
        final double alpha;
        final boolean targeted;
        final boolean ce;
        final Shape sample;

        Run(Search s, Norm norm) {
            this.s = s;
            this.norm = norm;
            this.g = Sparse.geometry(s.batch().x().getShape(), 1);
            this.x0 = s.batch().x().toFloatArray();
            this.best = x0.clone();
            this.targeted = s.ctx().targeted();
            this.labels = targeted ? s.ctx().targets() : s.batch().labels();
            this.queries = new int[s.batch().size()];
            this.lo = (float) s.threat().lower();
            this.hi = (float) s.threat().upper();
            this.k = (int) Math.rint(s.threat().eps());
            this.alpha = alpha(norm);
            this.ce = targeted || config.loss.equals("ce");
            long[] dims = s.batch().x().getShape().getShape();
            this.sample = new Shape(Arrays.copyOfRange(dims, 1, dims.length));
        }

        int d() {
            return g.size();
        }

        /** Margin (negative: fooled) and loss of candidate rows {@code cand} for points {@code idx}. */
        SquareAttack.Scores query(float[] cand, int[] idx, int count) {
            long[] dims = new long[sample.dimension() + 1];
            dims[0] = count;
            System.arraycopy(sample.getShape(), 0, dims, 1, sample.dimension());
            long[] y = new long[count];
            for (int q = 0; q < count; q++) {
                y[q] = labels[idx[q]];
                queries[idx[q]]++;
            }
            float[] z;
            try (NDManager it = s.scope().newSubManager()) {
                NDArray xc = it.create(count * d() == cand.length ? cand : Arrays.copyOf(cand, count * d()),
                        new Shape(dims));
                z = s.logits(xc).toFloatArray();
            }
            return SquareAttack.scores(z, y, targeted, ce, s.model().source());
        }

        /** A random vertex value: lower or upper. */
        float vertex(SplittableRandom rng) {
            return rng.nextBoolean() ? hi : lo;
        }

        // ---------------------------------------------------------------- image-specific

        /** One restart of the image-specific attack on points {@code todo}. */
        void single(int[] todo, boolean[] fooled, int restart) {
            int m = todo.length;
            int d = d();
            SplittableRandom[] rng = new SplittableRandom[m];
            Point[] pts = new Point[m];
            float[] cand = new float[m * d];
            for (int q = 0; q < m; q++) {
                int i = todo[q];
                rng[q] = restart == 0 ? pointRng(s.ctx(), i) : Seeds.rng(pointRng(s.ctx(), i).nextLong(), "restart/"
                        + restart);
                pts[q] = newPoint(i, rng[q]);
                pts[q].render(cand, q * d);
            }
            SquareAttack.Scores sc = query(cand, todo, m);
            float[] lossMin = new float[m];
            for (int q = 0; q < m; q++) {
                lossMin[q] = sc.loss()[q];
                fooled[todo[q]] = sc.margin()[q] < 0;
                pts[q].accept();
                pts[q].render(best, todo[q] * d);
            }
            int startSingle = singleChannelStart();
            int[] act = new int[m];
            int[] actPos = new int[m];
            for (int it = 1; it < config.queries; it++) {
                s.ctx().progress().tick();
                int na = 0;
                for (int q = 0; q < m; q++) {
                    if (!fooled[todo[q]]) {
                        act[na] = todo[q];
                        actPos[na++] = q;
                    }
                }
                if (na == 0) return;
                for (int a = 0; a < na; a++) {
                    Point p = pts[actPos[a]];
                    p.propose(it, rng[actPos[a]], startSingle);
                    p.render(cand, a * d);
                }
                sc = query(cand, act, na);
                for (int a = 0; a < na; a++) {
                    int q = actPos[a];
                    boolean improved = sc.loss()[a] < lossMin[q];
                    if (improved) lossMin[q] = sc.loss()[a];
                    boolean now = sc.margin()[a] < 0;
                    if (improved || now) {
                        fooled[todo[q]] = now;
                        pts[q].accept();
                        System.arraycopy(cand, a * d, best, todo[q] * d, d);
                    }
                }
            }
        }

        /**
         * The first query of single-channel updates (patches and frames): halfway through the queries left once
         * the updates have shrunk to single pixels (rs_attacks.py {@code it_start_cu}).
         */
        int singleChannelStart() {
            int it = 0;
            for (; it < config.queries; it++) {
                if (updateSide(it) == 1) break;
            }
            if (it == config.queries) it = config.queries - 1;
            return it + (config.queries - it) / 2;
        }

        /** Side of the update at query {@code it}: patches √(p)·s, frames the frame block, L0 unused. */
        int updateSide(int it) {
            if (norm == Norm.PATCH) {
                int side = patchSide();
                return (int) Math.max(Math.sqrt(SquareAttack.p(it, config.queries, alpha, config.rescaleSchedule))
                        * side, 1);
            }
            if (norm == Norm.FRAME) {
                if (config.universal) {
                    return Math.max((int) (universalFrameFraction(scaled(it), alpha) * k), 1);
                }
                return frameSide(scaled(it), config.rescaleSchedule ? 10000 : config.queries, alpha, k);
            }
            return 1;
        }

        int patchSide() {
            return (int) Math.ceil(Math.sqrt(k));
        }

        Point newPoint(int i, SplittableRandom rng) {
            switch (norm) {
                case L0: return new L0Point(i, rng);
                case PATCH: return new PatchPoint(i, rng);
                default: return new FramePoint(i, rng);
            }
        }

        /** The search state of one point: a current proposal, the accepted one, and how to draw the next. */
        abstract class Point {
            final int i;

            Point(int i) {
                this.i = i;
            }

            /** Writes the proposal as a full input into {@code out} at {@code off}. */
            abstract void render(float[] out, int off);

            /** Makes the proposal the accepted state. */
            abstract void accept();

            /** Draws the proposal of query {@code it} from the accepted state. */
            abstract void propose(int it, SplittableRandom rng, int startSingle);
        }

        /** L0: k perturbed positions (pixels, or features in feature space) with their colours. */
        final class L0Point extends Point {
            final int units;
            final int per;
            int[] in;
            int[] out;
            float[] colour;
            int[] candIn;
            int[] candOut;
            float[] candColour;

            L0Point(int i, SplittableRandom rng) {
                super(i);
                units = config.featureSpace ? g.size() : g.pixels();
                per = config.featureSpace ? 1 : g.c();
                int kk = Math.min(k, units);
                int[] perm = permutation(units, rng);
                in = Arrays.copyOfRange(perm, 0, kk);
                out = Arrays.copyOfRange(perm, kk, units);
                colour = new float[kk * per];
                for (int q = 0; q < colour.length; q++) colour[q] = vertex(rng);
                candIn = in.clone();
                candOut = out.clone();
                candColour = colour.clone();
            }

            @Override
            void render(float[] dst, int off) {
                System.arraycopy(x0, i * g.size(), dst, off, g.size());
                for (int q = 0; q < candIn.length; q++) {
                    for (int c = 0; c < per; c++) dst[off + index(candIn[q], c)] = candColour[q * per + c];
                }
            }

            /** Offset within one input of channel {@code c} of unit {@code u}. */
            int index(int u, int c) {
                return config.featureSpace ? u : c * g.pixels() + u;
            }

            @Override
            void accept() {
                in = candIn.clone();
                out = candOut.clone();
                colour = candColour.clone();
            }

            @Override
            void propose(int it, SplittableRandom rng, int startSingle) {
                int kk = in.length;
                candIn = in.clone();
                candOut = out.clone();
                candColour = colour.clone();
                if (out.length == 0) {
                    // every unit is perturbed: only colours can change
                    int q = rng.nextInt(kk);
                    newColour(candColour, q, rng, candIn[q]);
                    return;
                }
                int m = Math.max((int) (l0Fraction(scaled(it), alpha, config.constantSchedule) * kk), 1);
                m = Math.min(m, Math.min(kk, out.length));
                int[] pi = sample(kk, m, rng);
                int[] po = sample(out.length, m, rng);
                for (int t = 0; t < m; t++) {
                    int leaving = candIn[pi[t]];
                    candIn[pi[t]] = out[po[t]];
                    candOut[po[t]] = leaving;
                    if (m > 1) {
                        for (int c = 0; c < per; c++) candColour[pi[t] * per + c] = vertex(rng);
                    } else {
                        newColour(candColour, pi[t], rng, candIn[pi[t]]);
                    }
                }
            }

            /** A random vertex colour for slot q that differs from the clean colour of unit u (if C allows). */
            void newColour(float[] col, int q, SplittableRandom rng, int u) {
                for (int tries = 0; tries < 64; tries++) {
                    boolean same = true;
                    for (int c = 0; c < per; c++) {
                        col[q * per + c] = vertex(rng);
                        if (col[q * per + c] != x0[i * g.size() + index(u, c)]) same = false;
                    }
                    if (!same) return;
                }
            }
        }

        /** Patches: an s×s patch (values per channel) and its top-left corner. */
        final class PatchPoint extends Point {
            final int side;
            float[] patch;
            int r;
            int col;
            float[] candPatch;
            int candR;
            int candCol;
            final int period;

            PatchPoint(int i, SplittableRandom rng) {
                super(i);
                side = Math.min(patchSide(), Math.min(g.h(), g.w()));
                patch = initPatch(side, rng);
                r = rng.nextInt(g.h() - side + 1);
                col = rng.nextInt(g.w() - side + 1);
                candPatch = patch.clone();
                candR = r;
                candCol = col;
                period = config.updateLocPeriod != null ? config.updateLocPeriod : targeted ? 10 : 4;
            }

            @Override
            void render(float[] dst, int off) {
                System.arraycopy(x0, i * g.size(), dst, off, g.size());
                paste(candPatch, side, candR, candCol, dst, off);
            }

            @Override
            void accept() {
                patch = candPatch.clone();
                r = candR;
                col = candCol;
            }

            @Override
            void propose(int it, SplittableRandom rng, int startSingle) {
                candPatch = patch.clone();
                candR = r;
                candCol = col;
                int shift = (int) Math.max(Math.max(((double) config.queries - it) / config.queries, 0) * 0.75 * g.h(),
                        0);
                boolean moveLoc = it % period == 0 && shift > 0;
                if (moveLoc) {
                    candR = Math.min(Math.max(r + rng.nextInt(2 * shift + 1) - shift, 0), g.h() - side);
                    candCol = Math.min(Math.max(col + rng.nextInt(2 * shift + 1) - shift, 0), g.w() - side);
                    return;
                }
                recolour(candPatch, side, updateSide(it), it, startSingle, rng);
            }
        }

        /** Frames: the values of every frame pixel (per channel), in row-major order of the frame. */
        final class FramePoint extends Point {
            float[] frame;
            float[] candFrame;

            FramePoint(int i, SplittableRandom rng) {
                super(i);
                frame = new float[frameIndex().length * g.c()];
                for (int q = 0; q < frame.length; q++) frame[q] = vertex(rng);
                candFrame = frame.clone();
            }

            @Override
            void render(float[] dst, int off) {
                System.arraycopy(x0, i * g.size(), dst, off, g.size());
                pasteFrame(candFrame, dst, off);
            }

            @Override
            void accept() {
                frame = candFrame.clone();
            }

            @Override
            void propose(int it, SplittableRandom rng, int startSingle) {
                candFrame = frame.clone();
                paintFrame(candFrame, updateSide(it), it, startSingle, rng);
            }
        }

        // ---------------------------------------------------------------- shared pieces

        /** The patch start ('random_squares'): 1000 random small squares, each a random vertex colour. */
        float[] initPatch(int side, SplittableRandom rng) {
            float[] p = new float[g.c() * side * side];
            Arrays.fill(p, lo);
            int maxSize = Math.max((int) Math.ceil(Math.sqrt(side)) - 1, 1);
            for (int t = 0; t < 1000; t++) {
                int size = 1 + rng.nextInt(maxSize);
                size = Math.min(size, side);
                int a = rng.nextInt(side - size + 1);
                int b = rng.nextInt(side - size + 1);
                for (int c = 0; c < g.c(); c++) {
                    float v = vertex(rng);
                    for (int u = a; u < a + size; u++) {
                        for (int w = b; w < b + size; w++) p[(c * side + u) * side + w] = v;
                    }
                }
            }
            return p;
        }

        /** Pastes a side×side patch at (r, col) into the input at {@code off}. */
        void paste(float[] patch, int side, int r, int col, float[] dst, int off) {
            for (int c = 0; c < g.c(); c++) {
                for (int u = 0; u < side; u++) {
                    System.arraycopy(patch, (c * side + u) * side, dst, off + (c * g.h() + r + u) * g.w() + col, side);
                }
            }
        }

        /**
         * One patch update: a window of side {@code sit} at a random place in the patch moved to the other
         * vertex per channel (side > 1), a single pixel recoloured differently (side 1), or from
         * {@code startSingle} on one channel of one pixel flipped.
         */
        void recolour(float[] patch, int side, int sit, int it, int startSingle, SplittableRandom rng) {
            sit = Math.min(sit, side);
            int a = rng.nextInt(side - sit + 1);
            int b = rng.nextInt(side - sit + 1);
            if (it >= startSingle) {
                int c = rng.nextInt(g.c());
                int q = (c * side + a) * side + b;
                patch[q] = patch[q] == hi ? lo : hi;
                return;
            }
            if (sit > 1) {
                for (int c = 0; c < g.c(); c++) {
                    // the reference adds ±1 and clips: a channel either moves to the other vertex or stays
                    boolean up = rng.nextBoolean();
                    for (int u = a; u < a + sit; u++) {
                        for (int w = b; w < b + sit; w++) {
                            int q = (c * side + u) * side + w;
                            patch[q] = up ? hi : lo;
                        }
                    }
                }
                return;
            }
            float[] old = new float[g.c()];
            for (int c = 0; c < g.c(); c++) old[c] = patch[(c * side + a) * side + b];
            for (int tries = 0; tries < 64; tries++) {
                boolean same = true;
                for (int c = 0; c < g.c(); c++) {
                    float v = vertex(rng);
                    patch[(c * side + a) * side + b] = v;
                    if (v != old[c]) same = false;
                }
                if (!same) return;
            }
        }

        private int[] frameIdx;

        /** Pixel offsets (r·W + col) of the frame of width k, in row-major order. */
        int[] frameIndex() {
            if (frameIdx == null) {
                int count = 0;
                int[] tmp = new int[g.pixels()];
                for (int r = 0; r < g.h(); r++) {
                    for (int col = 0; col < g.w(); col++) {
                        if (g.depth(r, col) <= k) tmp[count++] = r * g.w() + col;
                    }
                }
                frameIdx = Arrays.copyOf(tmp, count);
            }
            return frameIdx;
        }

        void pasteFrame(float[] frame, float[] dst, int off) {
            int[] idx = frameIndex();
            for (int c = 0; c < g.c(); c++) {
                for (int q = 0; q < idx.length; q++) dst[off + c * g.pixels() + idx[q]] = frame[c * idx.length + q];
            }
        }

        /**
         * One frame update: a sit×sit block anchored at a random frame pixel, in a random diagonal direction,
         * painted one random vertex colour (only its frame pixels count); a single pixel recoloured differently;
         * or from {@code startSingle} on one channel of one frame pixel flipped.
         */
        void paintFrame(float[] frame, int sit, int it, int startSingle, SplittableRandom rng) {
            int[] idx = frameIndex();
            int e = idx.length;
            int q0 = rng.nextInt(e);
            int r0 = idx[q0] / g.w();
            int c0 = idx[q0] % g.w();
            if (sit > 1) {
                int dh = rng.nextBoolean() ? 1 : -1;
                int dw = rng.nextBoolean() ? 1 : -1;
                float[] clr = new float[g.c()];
                for (int c = 0; c < g.c(); c++) clr[c] = vertex(rng);
                int[] pos = framePositions();
                for (int u = 0; u < sit; u++) {
                    int r = Math.min(Math.max(r0 + dh * u, 0), g.h() - 1);
                    for (int w = 0; w < sit; w++) {
                        int cc = Math.min(Math.max(c0 + dw * w, 0), g.w() - 1);
                        int q = pos[r * g.w() + cc];
                        if (q < 0) continue;
                        for (int c = 0; c < g.c(); c++) frame[c * e + q] = clr[c];
                    }
                }
                return;
            }
            if (it >= startSingle) {
                int c = rng.nextInt(g.c());
                frame[c * e + q0] = frame[c * e + q0] == hi ? lo : hi;
                return;
            }
            float[] old = new float[g.c()];
            for (int c = 0; c < g.c(); c++) old[c] = frame[c * e + q0];
            for (int tries = 0; tries < 64; tries++) {
                boolean same = true;
                for (int c = 0; c < g.c(); c++) {
                    frame[c * e + q0] = vertex(rng);
                    if (frame[c * e + q0] != old[c]) same = false;
                }
                if (!same) return;
            }
        }

        private int[] framePos;

        /** For each pixel its position in the frame order, or −1 outside the frame. */
        int[] framePositions() {
            if (framePos == null) {
                framePos = new int[g.pixels()];
                Arrays.fill(framePos, -1);
                int[] idx = frameIndex();
                for (int q = 0; q < idx.length; q++) framePos[idx[q]] = q;
            }
            return framePos;
        }

        // ---------------------------------------------------------------- universal

        /**
         * One restart of a universal patch or frame on points {@code todo}: one perturbation, accepted when the
         * loss summed over the points goes down; stops once every point is fooled.
         */
        void universal(int[] todo, boolean[] fooled, int restart) {
            int m = todo.length;
            int d = d();
            SplittableRandom rng = restart == 0 ? batchRng(s.ctx())
                    : Seeds.rng(batchRng(s.ctx()).nextLong(), "restart/" + restart);
            boolean patch = norm == Norm.PATCH;
            int side = Math.min(patchSide(), Math.min(g.h(), g.w()));
            int[] rr = new int[m];
            int[] cc = new int[m];
            float[] current;
            if (patch) {
                current = initPatch(side, rng);
                for (int q = 0; q < m; q++) {
                    rr[q] = rng.nextInt(g.h() - side + 1);
                    cc[q] = rng.nextInt(g.w() - side + 1);
                }
            } else {
                current = new float[frameIndex().length * g.c()];
                for (int q = 0; q < current.length; q++) current[q] = vertex(rng);
            }
            int startSingle = singleChannelStart();
            float[] cand = new float[m * d];
            double lossBest = Double.POSITIVE_INFINITY;
            for (int it = 0; it < config.queries; it++) {
                s.ctx().progress().tick();
                float[] prop = current.clone();
                if (it > 0) {
                    if (patch) {
                        recolour(prop, side, updateSide(it), it, startSingle, rng);
                    } else {
                        paintFrame(prop, updateSide(it), it, startSingle, rng);
                    }
                }
                for (int q = 0; q < m; q++) {
                    System.arraycopy(x0, todo[q] * d, cand, q * d, d);
                    if (patch) paste(prop, side, rr[q], cc[q], cand, q * d); else pasteFrame(prop, cand, q * d);
                }
                SquareAttack.Scores sc = query(cand, todo, m);
                double sum = 0;
                for (float l : sc.loss()) sum += l;
                if (sum < lossBest) {
                    lossBest = sum;
                    current = prop;
                    boolean all = true;
                    for (int q = 0; q < m; q++) {
                        fooled[todo[q]] = sc.margin()[q] < 0;
                        all &= fooled[todo[q]];
                        System.arraycopy(cand, q * d, best, todo[q] * d, d);
                    }
                    if (all) return;
                }
            }
        }
    }

    /** A uniformly random permutation of 0..n−1 (Fisher–Yates). */
    static int[] permutation(int n, SplittableRandom rng) {
        int[] p = new int[n];
        for (int q = 0; q < n; q++) p[q] = q;
        for (int q = n - 1; q > 0; q--) {
            int j = rng.nextInt(q + 1);
            int t = p[q];
            p[q] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** {@code m} distinct values of 0..n−1 in random order (partial Fisher–Yates). */
    static int[] sample(int n, int m, SplittableRandom rng) {
        int[] p = new int[n];
        for (int q = 0; q < n; q++) p[q] = q;
        for (int q = 0; q < m; q++) {
            int j = q + rng.nextInt(n - q);
            int t = p[q];
            p[q] = p[j];
            p[j] = t;
        }
        return Arrays.copyOf(p, m);
    }

    /** Registers {@code sparse-rs}. */
    public static final class Provider implements AttackProvider {
        @Override
        public String name() {
            return "sparse-rs";
        }

        @Override
        public String description() {
            return "Sparse-RS: score-based random search for l0, patch and frame threat models, image-specific "
                    + "or universal (Croce et al. 2022)";
        }

        @Override
        public Config defaults() {
            return Config.defaults();
        }

        @Override
        public Attack create(Map<String, Object> options) {
            return new SparseRsAttack(Configs.merge(name(), defaults(), options));
        }
    }
}
