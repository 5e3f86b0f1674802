package org.robustj.attack.gradient;

import java.util.Arrays;
import org.robustj.threat.Norm;

/**
 * The projection step of FAB (Croce &amp; Hein 2020, arXiv 1907.02044, appendix "projection_linf / l2 / l1"):
 * the smallest perturbation d, in the L∞, L2 or L1 norm, that puts a point on a hyperplane while keeping it
 * in the input box,
 *
 * <pre>
 *     minimise ||d||_p   subject to   w·d + b = 0,   lo ≤ d ≤ hi        (lo = lower − x ≤ 0 ≤ hi = upper − x).
 * </pre>
 *
 * <p><b>Reduction.</b> Let σ = sign(b) and β = |b|. The constraint asks to change w·d by −σβ, so coordinate i
 * only ever moves in the direction e_i = −σ·sign(w_i): moving it the other way raises both |d_i| and the
 * amount the other coordinates must supply, and every Lp norm is monotone in each |d_i|. Writing
 * d_i = e_i·m_i with m_i ≥ 0, a_i = |w_i| and the room in that direction B_i = hi_i if e_i &gt; 0 else −lo_i,
 * the problem becomes
 *
 * <pre>
 *     minimise ||m||_p   subject to   Σ a_i m_i = β,   0 ≤ m_i ≤ B_i.
 * </pre>
 *
 * The box allows at most C = Σ a_i B_i. If C &lt; β the hyperplane does not meet the box; the answer is then
 * the box point closest to it in the value of w·d (m_i = B_i where a_i &gt; 0, and 0 where w_i = 0, which is
 * also the smallest such point), as FAB's reference does. If β = 0 the answer is d = 0. Otherwise:
 *
 * <ul>
 *   <li><b>L2</b> (KKT): stationarity of ½Σm_i² − λ(Σ a_i m_i − β) on the box gives m_i(λ) = min(λ a_i, B_i)
 *       with λ ≥ 0. φ(λ) = Σ a_i m_i(λ) is continuous, non-decreasing and piecewise linear with breakpoints
 *       t_i = B_i / a_i; between consecutive breakpoints, with the clipped set K = {t_i ≤ τ},
 *       φ(λ) = Σ_K a_i B_i + λ Σ_{not K} a_i², so the root of φ(λ) = β is found exactly by locating its
 *       segment (binary search over the sorted t_i) and solving that linear piece.
 *   <li><b>L∞</b> (water filling): with radius r the largest reachable Σ a_i m_i is
 *       ψ(r) = Σ a_i min(r, B_i); the optimum is the smallest r with ψ(r) = β and m_i = min(r, B_i) for
 *       a_i &gt; 0 (0 where w_i = 0). ψ has the same piecewise-linear form with breakpoints B_i and slope
 *       Σ_{B_i &gt; r} a_i, and is solved the same way (it is the L2 case with a_i replaced by 1 inside min).
 *   <li><b>L1</b> (fractional knapsack, a linear programme): a unit of Σ m_i bought on coordinate i yields a_i,
 *       so the optimum fills coordinates in decreasing order of a_i up to B_i. With τ the largest a-value
 *       whose tail capacity G(τ) = Σ_{a_i ≥ τ} a_i B_i still reaches β, coordinates with a_i &gt; τ are full,
 *       those with a_i = τ share the remainder in proportion to a_i B_i (any split of a tie has the same L1
 *       norm), and the rest stay 0.
 * </ul>
 *
 * All three cost O(n log n) (one sort plus a binary search with O(n) evaluations) and are exact up to
 * floating-point rounding; the arithmetic is in double.
 */
public final class FabProjections {
    private FabProjections() {}

    /**
     * The minimal-norm d with {@code w·d + b = 0} and {@code lo ≤ d ≤ hi} (or, when the box misses the
     * hyperplane, the box point closest to it), for {@code norm}. Requires {@code lo[i] ≤ 0 ≤ hi[i]}; a
     * bound on the wrong side of 0 is treated as 0.
     */
    public static double[] project(Norm norm, double[] w, double b, double[] lo, double[] hi) {
        double[] out = new double[w.length];
        project(norm, w, b, lo, hi, out);
        return out;
    }

    /** As {@link #project(Norm, double[], double, double[], double[])}, writing the result into {@code out}. */
    public static void project(Norm norm, double[] w, double b, double[] lo, double[] hi, double[] out) {
        int n = w.length;
        if (lo.length != n || hi.length != n || out.length != n) {
            throw new IllegalArgumentException("w, lo, hi and out must have the same length, got " + n + ", "
                    + lo.length + ", " + hi.length + ", " + out.length);
        }
        Arrays.fill(out, 0);
        if (b == 0 || !Double.isFinite(b)) {
            return;
        }
        double sigma = b > 0 ? 1 : -1;
        double beta = Math.abs(b);
        double[] a = new double[n];
        double[] room = new double[n];
        double[] dir = new double[n];
        double capacity = 0;
        for (int i = 0; i < n; i++) {
            double wi = w[i];
            if (wi == 0 || !Double.isFinite(wi)) {
                continue;
            }
            a[i] = Math.abs(wi);
            dir[i] = wi > 0 ? -sigma : sigma;
            room[i] = dir[i] > 0 ? Math.max(hi[i], 0) : Math.max(-lo[i], 0);
            capacity += a[i] * room[i];
        }
        double[] m;
        if (capacity <= beta) {
            // the box misses the hyperplane (or just touches it): go as far as the box allows
            m = room;
        } else {
            switch (norm) {
                case L2: m = waterFill(a, room, beta, true); break;
                case LINF: m = waterFill(a, room, beta, false); break;
                default: m = knapsack(a, room, beta);
            }
        }
        for (int i = 0; i < n; i++) {
            out[i] = a[i] == 0 ? 0 : dir[i] * m[i];
        }
    }

    /**
     * Solves Σ a_i min(λ κ_i, B_i) = β for the smallest λ ≥ 0, with κ_i = a_i (L2) or 1 (L∞), and returns
     * m_i = min(λ κ_i, B_i). Requires Σ a_i B_i &gt; β &gt; 0.
     */
    private static double[] waterFill(double[] a, double[] room, double beta, boolean l2) {
        int n = a.length;
        double[] bp = new double[n];
        int p = 0;
        for (int i = 0; i < n; i++) {
            if (a[i] > 0) bp[p++] = room[i] / (l2 ? a[i] : 1);
        }
        double[] sorted = Arrays.copyOf(bp, p);
        Arrays.sort(sorted);
        // invariant: phi(sorted[lo]) <= beta (lo = -1 stands for lambda = 0), phi(sorted[hi]) > beta
        int lo = -1;
        int hi = p - 1;
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (phi(a, room, sorted[mid], l2) <= beta) lo = mid; else hi = mid;
        }
        double tau = lo < 0 ? 0 : sorted[lo];
        // on [tau, sorted[hi]] the coordinates with breakpoint <= tau are clipped, the others grow linearly
        double clipped = 0;
        double slope = 0;
        for (int i = 0; i < n; i++) {
            if (a[i] == 0) continue;
            double k = l2 ? a[i] : 1;
            if (room[i] / k <= tau) clipped += a[i] * room[i]; else slope += a[i] * k;
        }
        double lambda = slope > 0 ? (beta - clipped) / slope : tau;
        lambda = Math.min(Math.max(lambda, tau), sorted[hi]);
        double[] m = new double[n];
        for (int i = 0; i < n; i++) {
            if (a[i] > 0) m[i] = Math.min(lambda * (l2 ? a[i] : 1), room[i]);
        }
        return m;
    }

    private static double phi(double[] a, double[] room, double lambda, boolean l2) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] > 0) s += a[i] * Math.min(lambda * (l2 ? a[i] : 1), room[i]);
        }
        return s;
    }

    /** Fills coordinates by decreasing a_i until Σ a_i m_i = β. Requires Σ a_i B_i &gt; β &gt; 0. */
    private static double[] knapsack(double[] a, double[] room, double beta) {
        int n = a.length;
        double[] keys = new double[n];
        int p = 0;
        for (int i = 0; i < n; i++) {
            if (a[i] > 0) keys[p++] = a[i];
        }
        double[] sorted = Arrays.copyOf(keys, p);
        Arrays.sort(sorted);
        // invariant: G(sorted[lo]) >= beta, G(sorted[hi]) < beta (hi = p stands for an empty tail)
        int lo = 0;
        int hi = p;
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (tail(a, room, sorted[mid]) >= beta) lo = mid; else hi = mid;
        }
        double tau = sorted[lo];
        double above = 0;
        double ties = 0;
        for (int i = 0; i < n; i++) {
            if (a[i] > tau) above += a[i] * room[i];
            else if (a[i] == tau) ties += a[i] * room[i];
        }
        double rho = ties > 0 ? Math.min(Math.max((beta - above) / ties, 0), 1) : 0;
        double[] m = new double[n];
        for (int i = 0; i < n; i++) {
            if (a[i] > tau) m[i] = room[i];
            else if (a[i] == tau) m[i] = rho * room[i];
        }
        return m;
    }

    private static double tail(double[] a, double[] room, double tau) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] >= tau) s += a[i] * room[i];
        }
        return s;
    }
}
