package org.robustj.threat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import org.robustj.errors.UnknownNameException;
import org.robustj.tensor.Scalars;

/**
 * The per-norm mathematics of a threat model, written once: per-sample norms, the exact projection
 * onto the ε-ball intersected with the input box, the steepest-ascent direction of a gradient, random
 * starts and the dual norm used by linear oracles.
 *
 * <p>Two families. The Lp norms ({@link #LINF}, {@link #L2}, {@link #L1}) measure how far every coordinate
 * moves. The sparse threat models ({@link #L0}, {@link #PATCH}, {@link #FRAME}, Sparse-RS, Croce et al. 2022,
 * arXiv 2006.12834) measure <em>where</em> an image may change, by any amount within the box: at most k
 * pixels, one square patch of k pixels, or the border of width w. A pixel is one spatial location with all
 * its channels (inputs N×C×H×W; N×H×W is one channel; flat N×D is 1×1×D, every feature a pixel). Sparse
 * norms have no gradient step, random start or dual ({@link #sparse()}): attacks declare which threat models
 * they support, and gradient Lp attacks do not support these.
 *
 * <p>All batched methods take arrays shaped N×… and treat every sample on its own. Random numbers come
 * from caller-owned {@link SplittableRandom}s so that runs are reproducible regardless of the engine; the
 * random starts also take one generator per row, so that attacks can key each point's draws by the point.
 */
public enum Norm {
    /** L∞: largest absolute coordinate. Dual norm L1. */
    LINF("linf", Double.POSITIVE_INFINITY),
    /** L2: Euclidean norm. Self-dual. */
    L2("l2", 2),
    /** L1: sum of absolute coordinates. Dual norm L∞. */
    L1("l1", 1),
    /** L0 in pixels: ε = k, the number of pixels (all channels of a location) that may change. */
    L0("l0", 0),
    /**
     * One square patch: ε = k pixels, k a square number (a √k×√k patch anywhere in the image); the measured
     * size of a perturbation is the side of the smallest square holding every changed pixel.
     */
    PATCH("patch", Double.NaN),
    /** A frame: ε = w, only pixels within w of the image border may change; measured as that width. */
    FRAME("frame", Double.NaN);

    private final String id;
    private final double p;

    Norm(String id, double p) {
        this.id = id;
        this.p = p;
    }

    /** The Lp norms, which have gradient steps, random starts and duals. */
    public static final java.util.Set<Norm> LP = java.util.Collections.unmodifiableSet(java.util.EnumSet.of(LINF, L2, L1));
    /** The sparse threat models (where an image may change, not by how much). */
    public static final java.util.Set<Norm> SPARSE =
            java.util.Collections.unmodifiableSet(java.util.EnumSet.of(L0, PATCH, FRAME));

    /** Lower-case registry name: {@code linf}, {@code l2}, {@code l1}, {@code l0}, {@code patch}, {@code frame}. */
    public String id() {
        return id;
    }

    /** The exponent p of this Lp norm (infinity for L∞, 0 for L0, NaN for patches and frames). */
    public double p() {
        return p;
    }

    /** Whether this is a sparse threat model (L0, patch, frame): no gradient step, random start or dual. */
    public boolean sparse() {
        return SPARSE.contains(this);
    }

    /** The unit of ε and of measured perturbation sizes, for logs, tables and records. */
    public String unit() {
        switch (this) {
            case L0: return "pixels changed";
            case PATCH: return "patch side (eps: patch pixels)";
            case FRAME: return "frame width";
            default: return id + " norm";
        }
    }

    /**
     * The largest measured size a budget ε allows, in the unit {@link #norms} measures: ε itself, except for
     * {@link #PATCH}, whose ε counts the patch's pixels (k) and whose measure is its side (√k).
     */
    public double limit(double eps) {
        return this == PATCH ? Math.sqrt(eps) : eps;
    }

    /**
     * Checks that a sparse budget fits one input of shape {@code sample} (C×H×W, H×W or D): k at most H·W
     * pixels, a patch side at most min(H, W), a frame at most half of min(H, W); Lp norms always fit.
     */
    public void checkFits(double eps, ai.djl.ndarray.types.Shape sample) {
        if (!sparse()) {
            return;
        }
        Sparse.Geometry g = Sparse.geometry(sample, 0);
        String image = g.h() + "×" + g.w();
        int k = (int) eps;
        switch (this) {
            case L0:
                if (k > g.h() * g.w()) {
                    throw new org.robustj.errors.InvalidInputException("l0 eps " + k + " is more pixels than the "
                            + image + " image has (" + g.h() * g.w() + ")");
                }
                break;
            case PATCH:
                int side = (int) Math.rint(Math.sqrt(k));
                if (side > Math.min(g.h(), g.w())) {
                    throw new org.robustj.errors.InvalidInputException("a " + side + "×" + side + " patch (eps " + k
                            + ") is larger than the " + image + " image");
                }
                break;
            default:
                if (2 * k > Math.min(g.h(), g.w())) {
                    throw new org.robustj.errors.InvalidInputException("a frame " + k + " pixels wide is larger than "
                            + "the " + image + " image (at most " + Math.min(g.h(), g.w()) / 2 + ")");
                }
        }
    }

    /**
     * Parses {@code linf}, {@code Linf}, {@code inf}, {@code l2}, {@code 2}, {@code l1}, {@code 1}, {@code l0},
     * {@code 0}, {@code patch}, {@code patches}, {@code frame}, {@code frames}.
     */
    public static Norm parse(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        switch (t) {
            case "linf": case "inf": case "l_inf": case "infinity":
                return LINF;
            case "l2": case "2":
                return L2;
            case "l1": case "1":
                return L1;
            case "l0": case "0":
                return L0;
            case "patch": case "patches":
                return PATCH;
            case "frame": case "frames":
                return FRAME;
            default:
                throw new UnknownNameException("norm", s,
                        java.util.List.of("linf", "l2", "l1", "l0", "patch", "frame"));
        }
    }

    /** The norm whose unit ball is the polar of this one's (L∞ ↔ L1, L2 ↔ L2). */
    public Norm dual() {
        requireLp("a dual norm");
        switch (this) {
            case LINF: return L1;
            case L1: return LINF;
            default: return L2;
        }
    }

    /** Norm of a plain vector (sparse threat models: the number of non-zero entries, each a pixel). */
    public double of(float[] v) {
        if (sparse()) {
            int nz = 0;
            for (float f : v) if (f != 0) nz++;
            return nz;
        }
        double acc = 0;
        for (float f : v) {
            double a = Math.abs(f);
            switch (this) {
                case LINF: acc = Math.max(acc, a); break;
                case L2: acc += a * a; break;
                default: acc += a;
            }
        }
        return this == L2 ? Math.sqrt(acc) : acc;
    }

    /** Per-sample norms of an N×… array, as an array of shape (N). */
    public NDArray norms(NDArray delta) {
        if (sparse()) {
            return delta.getManager().create(Sparse.sizes(this, delta.toFloatArray(), delta.getShape()));
        }
        NDArray flat = delta.reshape(delta.getShape().get(0), -1);
        switch (this) {
            case LINF: return flat.abs().max(new int[] {1});
            case L2: return flat.square().sum(new int[] {1}).sqrt();
            default: return flat.abs().sum(new int[] {1});
        }
    }

    /** Per-sample norms as Java floats. */
    public float[] normsOf(NDArray delta) {
        try (NDArray n = norms(delta)) {
            return n.toFloatArray();
        }
    }

    /**
     * Exact Euclidean projection of {@code x} onto {x' : ||x' − x0|| ≤ ε, lower ≤ x' ≤ upper}, per sample.
     * L∞ is separable (two clips); L2 and L1 solve the one-dimensional dual problem by bisection,
     * then rescale by at most a rounding error so the result is never outside the ball.
     */
    public NDArray project(NDArray x0, NDArray x, double eps, double lower, double upper) {
        if (sparse()) {
            float[] out = Sparse.project(this, x0.toFloatArray(), x.toFloatArray(), x.getShape(), eps, lower, upper);
            return x.getManager().create(out, x.getShape());
        }
        if (this == LINF) {
            NDArray lo = Scalars.maximum(x0.sub(eps), lower);
            NDArray hi = Scalars.minimum(x0.add(eps), upper);
            NDArray r = x.maximum(lo).minimum(hi);
            lo.close();
            hi.close();
            return r;
        }
        Shape shape = x.getShape();
        int n = (int) shape.get(0);
        int d = (int) (shape.size() / Math.max(n, 1));
        float[] a = x0.toFloatArray();
        float[] b = x.toFloatArray();
        float[] out = new float[b.length];
        double[] v = new double[d];
        double[] lo = new double[d];
        double[] hi = new double[d];
        for (int i = 0; i < n; i++) {
            int off = i * d;
            for (int j = 0; j < d; j++) {
                v[j] = (double) b[off + j] - a[off + j];
                lo[j] = lower - a[off + j];
                hi[j] = upper - a[off + j];
                // x0 itself may sit a rounding error outside the box; the box must contain 0
                if (lo[j] > 0) lo[j] = 0;
                if (hi[j] < 0) hi[j] = 0;
            }
            double[] delta = this == L2 ? projectL2(v, lo, hi, eps) : projectL1(v, lo, hi, eps);
            for (int j = 0; j < d; j++) {
                out[off + j] = (float) (a[off + j] + delta[j]);
            }
            // float rounding of x0 + delta may leave the box by an ulp: clip once more
            for (int j = 0; j < d; j++) {
                out[off + j] = (float) Math.min(upper, Math.max(lower, out[off + j]));
            }
        }
        return x.getManager().create(out, shape);
    }

    private static double[] projectL2(double[] v, double[] lo, double[] hi, double eps) {
        int d = v.length;
        double[] r = new double[d];
        if (l2Clipped(v, lo, hi, 1.0, r) <= eps * eps) {
            return r;
        }
        // r(s) = clip(s v, box) has a norm increasing in s in [0,1]; find the s where it equals eps
        double sLo = 0;
        double sHi = 1;
        for (int it = 0; it < 60; it++) {
            double s = 0.5 * (sLo + sHi);
            if (l2Clipped(v, lo, hi, s, r) > eps * eps) sHi = s; else sLo = s;
        }
        double sq = l2Clipped(v, lo, hi, sLo, r);
        double nrm = Math.sqrt(sq);
        if (nrm > eps) {
            for (int j = 0; j < d; j++) r[j] *= eps / nrm;
        }
        return r;
    }

    private static double l2Clipped(double[] v, double[] lo, double[] hi, double s, double[] r) {
        double acc = 0;
        for (int j = 0; j < v.length; j++) {
            double t = Math.min(hi[j], Math.max(lo[j], s * v[j]));
            r[j] = t;
            acc += t * t;
        }
        return acc;
    }

    private static double[] projectL1(double[] v, double[] lo, double[] hi, double eps) {
        int d = v.length;
        double[] r = new double[d];
        if (l1Shrunk(v, lo, hi, 0, r) <= eps) {
            return r;
        }
        // soft-threshold by lambda, then clip to the box; the L1 norm decreases in lambda
        double lamLo = 0;
        double lamHi = 0;
        for (double x : v) lamHi = Math.max(lamHi, Math.abs(x));
        for (int it = 0; it < 60; it++) {
            double lam = 0.5 * (lamLo + lamHi);
            if (l1Shrunk(v, lo, hi, lam, r) > eps) lamLo = lam; else lamHi = lam;
        }
        double nrm = l1Shrunk(v, lo, hi, lamHi, r);
        if (nrm > eps) {
            for (int j = 0; j < d; j++) r[j] *= eps / nrm;
        }
        return r;
    }

    private static double l1Shrunk(double[] v, double[] lo, double[] hi, double lam, double[] r) {
        double acc = 0;
        for (int j = 0; j < v.length; j++) {
            double m = Math.max(Math.abs(v[j]) - lam, 0);
            double t = v[j] >= 0 ? Math.min(m, hi[j]) : -Math.min(m, -lo[j]);
            r[j] = t;
            acc += Math.abs(t);
        }
        return acc;
    }

    /**
     * Steepest-ascent direction of unit norm for a gradient: sign(g) for L∞, g/||g||₂ for L2 and
     * g/||g||₁ for L1 (attacks with sparse L1 steps do their own). Zero gradients stay zero.
     */
    public NDArray normalizeGradient(NDArray g) {
        requireLp("a gradient step");
        if (this == LINF) {
            return g.sign();
        }
        NDArray n = norms(g).maximum(1e-12f);
        long[] s = new long[g.getShape().dimension()];
        Arrays.fill(s, 1);
        s[0] = g.getShape().get(0);
        NDArray r = g.div(n.reshape(new Shape(s)));
        n.close();
        return r;
    }

    /**
     * A random perturbation of norm exactly {@code radius} per sample (a point on the sphere): for L∞
     * every coordinate uniform in [−1,1] rescaled so the largest is {@code radius} (AutoAttack's start),
     * for L2 a Gaussian direction, for L1 a Laplace direction. Returned as Java floats shaped like
     * {@code shape}.
     */
    public float[] randomOnSphere(Shape shape, double radius, SplittableRandom rng) {
        return randomOnSphere(shape, radius, i -> rng);
    }

    /**
     * {@link #randomOnSphere(Shape, double, SplittableRandom)} with row {@code i} drawn from {@code rowRng.apply(i)}
     * (each row's draws come from its own generator, so they do not depend on the other rows).
     */
    public float[] randomOnSphere(Shape shape, double radius, IntFunction<SplittableRandom> rowRng) {
        requireLp("a random start");
        int n = (int) shape.get(0);
        int d = (int) (shape.size() / Math.max(n, 1));
        float[] out = new float[n * d];
        double[] u = new double[d];
        for (int i = 0; i < n; i++) {
            SplittableRandom rng = rowRng.apply(i);
            for (int j = 0; j < d; j++) {
                switch (this) {
                    case LINF: u[j] = 2 * rng.nextDouble() - 1; break;
                    case L2: u[j] = gaussian(rng); break;
                    default: u[j] = -Math.log(1 - rng.nextDouble()) * (rng.nextBoolean() ? 1 : -1);
                }
            }
            double nrm = 0;
            for (double x : u) {
                nrm = this == LINF ? Math.max(nrm, Math.abs(x)) : this == L2 ? nrm + x * x : nrm + Math.abs(x);
            }
            if (this == L2) nrm = Math.sqrt(nrm);
            nrm = Math.max(nrm, 1e-12);
            for (int j = 0; j < d; j++) out[i * d + j] = (float) (radius * u[j] / nrm);
        }
        return out;
    }

    /**
     * A random perturbation uniformly distributed in the ball of the given radius: uniform in the cube
     * for L∞ (Madry's PGD start), radius·U^(1/d) times a sphere point for L2 and L1.
     */
    public float[] randomInBall(Shape shape, double radius, SplittableRandom rng) {
        return randomInBall(shape, radius, i -> rng);
    }

    /**
     * {@link #randomInBall(Shape, double, SplittableRandom)} with row {@code i} drawn from {@code rowRng.apply(i)}
     * (each row's draws come from its own generator, so they do not depend on the other rows).
     */
    public float[] randomInBall(Shape shape, double radius, IntFunction<SplittableRandom> rowRng) {
        requireLp("a random start");
        int n = (int) shape.get(0);
        int d = (int) (shape.size() / Math.max(n, 1));
        if (this == LINF) {
            float[] out = new float[n * d];
            for (int i = 0; i < n; i++) {
                SplittableRandom rng = rowRng.apply(i);
                for (int j = 0; j < d; j++) out[i * d + j] = (float) (radius * (2 * rng.nextDouble() - 1));
            }
            return out;
        }
        float[] out = randomOnSphere(shape, 1.0, rowRng);
        for (int i = 0; i < n; i++) {
            double r = radius * Math.pow(rowRng.apply(i).nextDouble(), 1.0 / d);
            for (int j = 0; j < d; j++) out[i * d + j] *= (float) r;
        }
        return out;
    }

    /** Sparse threat models have no gradient step, random start or dual: asking for one is a bug of the caller. */
    private void requireLp(String what) {
        if (sparse()) {
            throw new IllegalStateException(id + " is a sparse threat model: it has no " + what
                    + " (attacks declare the threat models they support; see Attack#norms)");
        }
    }

    /** A standard normal deviate (Box–Muller) from a caller-owned generator. */
    public static double gaussian(SplittableRandom rng) {
        double u1 = 1 - rng.nextDouble();
        double u2 = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    @Override
    public String toString() {
        return id;
    }
}
