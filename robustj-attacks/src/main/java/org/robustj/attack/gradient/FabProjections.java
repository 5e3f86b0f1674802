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
 *       segment (a pass over the sorted t_i) and solving that linear piece.
 *   <li><b>L∞</b> (water filling): with radius r the largest reachable Σ a_i m_i is
 *       ψ(r) = Σ a_i min(r, B_i); the optimum is the smallest r with ψ(r) = β and m_i = min(r, B_i) for
 *       a_i &gt; 0 (0 where w_i = 0). ψ has the same piecewise-linear form with breakpoints B_i and slope
 *       Σ_{B_i &gt; r} a_i, and is solved the same way (it is the L2 case with a_i replaced by 1 inside min).
 *   <li><b>L1</b> (fractional knapsack, a linear programme): a unit of Σ m_i bought on coordinate i yields a_i,
 *       so the optimum fills coordinates in decreasing order of a_i, each up to B_i, until β is reached: all
 *       coordinates before the last one used are full, that one is partial, the rest stay 0 (any split among
 *       coordinates with equal a_i has the same L1 norm).
 * </ul>
 *
 * L2 and L∞ find the root of φ by a selection search over the breakpoints (expected O(n)); L1 sorts the
 * coordinates by a_i and fills them in one pass (O(n log n)); all exact up to floating-point rounding, in double. Among
 * equally good L1 solutions (ties in a_i) the coordinate with the lowest index is filled first.
 *
 * <p>An instance is a reusable workspace for inputs of one length (not thread-safe); the static
 * {@link #project(Norm, double[], double, double[], double[])} allocates a fresh one.
 */
public final class FabProjections {
    private final int n;
    private final double[] a;
    private final double[] room;
    private final double[] dir;
    private final double[] key;
    private final double[] suffix;
    private final int[] order;
    private final int[] spare;
    private final int[] merge;

    /** A workspace for vectors of length {@code n}. */
    public FabProjections(int n) {
        this.n = n;
        this.a = new double[n];
        this.room = new double[n];
        this.dir = new double[n];
        this.key = new double[n];
        this.suffix = new double[n + 1];
        this.order = new int[n];
        this.spare = new int[n];
        this.merge = new int[n];
    }

    /**
     * The minimal-norm d with {@code w·d + b = 0} and {@code lo ≤ d ≤ hi} (or, when the box misses the
     * hyperplane, the box point closest to it), for {@code norm}. Requires {@code lo[i] ≤ 0 ≤ hi[i]}; a
     * bound on the wrong side of 0 is treated as 0.
     */
    public static double[] project(Norm norm, double[] w, double b, double[] lo, double[] hi) {
        double[] out = new double[w.length];
        new FabProjections(w.length).project(norm, w, b, lo, hi, out);
        return out;
    }

    /** As {@link #project(Norm, double[], double, double[], double[])}, writing the result into {@code out}. */
    public void project(Norm norm, double[] w, double b, double[] lo, double[] hi, double[] out) {
        if (w.length != n || lo.length != n || hi.length != n || out.length != n) {
            throw new IllegalArgumentException("w, lo, hi and out must have length " + n + ", got " + w.length
                    + ", " + lo.length + ", " + hi.length + ", " + out.length);
        }
        Arrays.fill(out, 0);
        if (b == 0 || !Double.isFinite(b)) {
            return;
        }
        double sigma = b > 0 ? 1 : -1;
        double beta = Math.abs(b);
        // the coordinates that can move towards the hyperplane (a_i > 0 and room B_i > 0)
        int p = 0;
        double capacity = 0;
        for (int i = 0; i < n; i++) {
            double wi = w[i];
            if (wi == 0 || !Double.isFinite(wi)) {
                continue;
            }
            double di = wi > 0 ? -sigma : sigma;
            double ri = di > 0 ? Math.max(hi[i], 0) : Math.max(-lo[i], 0);
            if (ri == 0) {
                continue;
            }
            a[p] = Math.abs(wi);
            room[p] = ri;
            dir[p] = di;
            order[p] = i;
            capacity += a[p] * ri;
            p++;
        }
        if (capacity <= beta) {
            // the box misses the hyperplane (or just touches it): go as far as the box allows
            for (int k = 0; k < p; k++) out[order[k]] = dir[k] * room[k];
            return;
        }
        switch (norm) {
            case L2: waterFill(p, beta, true, out); break;
            case LINF: waterFill(p, beta, false, out); break;
            default: knapsack(p, beta, out);
        }
    }

    /**
     * Solves Σ a_i min(λ κ_i, B_i) = β for the smallest λ ≥ 0, with κ_i = a_i (L2) or 1 (L∞), and writes
     * d = dir · min(λ κ_i, B_i). Requires Σ a_i B_i &gt; β &gt; 0 over the p movable coordinates.
     *
     * <p>φ(λ) is piecewise linear with breakpoints t_i = B_i / κ_i: coordinates with t_i &lt; λ are clipped
     * (contributing a_i B_i), the others contribute λ a_i κ_i. Instead of sorting the breakpoints, a
     * quickselect-style search (deterministic median-of-three pivots, three-way partitions) evaluates φ at a
     * pivot breakpoint, settles every coordinate on one side of it, and recurses into the other: expected O(p).
     */
    private void waterFill(int p, double beta, boolean l2, double[] out) {
        int[] idx = spare;
        for (int k = 0; k < p; k++) {
            idx[k] = k;
            key[k] = room[k] / (l2 ? a[k] : 1);
        }
        double clipped = 0; // Σ a_i B_i over coordinates known to be clipped at the root
        double slope = 0; // Σ a_i κ_i over coordinates known to be free at the root
        int lo = 0;
        int hi = p; // undecided coordinates: idx[lo..hi)
        while (lo < hi) {
            double pivot = median(key[idx[lo]], key[idx[(lo + hi) >>> 1]], key[idx[hi - 1]]);
            int lt = lo;
            int i = lo;
            int gt = hi;
            double belowMass = 0;
            double equalMass = 0;
            double equalSlope = 0;
            double aboveSlope = 0;
            while (i < gt) {
                int j = idx[i];
                double kj = key[j];
                if (kj < pivot) {
                    idx[i] = idx[lt];
                    idx[lt++] = j;
                    i++;
                    belowMass += a[j] * room[j];
                } else if (kj > pivot) {
                    idx[i] = idx[--gt];
                    idx[gt] = j;
                    aboveSlope += a[j] * (l2 ? a[j] : 1);
                } else {
                    i++;
                    equalMass += a[j] * room[j];
                    equalSlope += a[j] * (l2 ? a[j] : 1);
                }
            }
            // phi(pivot): breakpoints below the pivot clipped, the rest (equal ones included) free
            double phi = clipped + belowMass + pivot * (slope + equalSlope + aboveSlope);
            if (phi >= beta) {
                slope += equalSlope + aboveSlope; // the root is at most the pivot: these stay free
                hi = lt;
            } else {
                clipped += belowMass + equalMass; // the root is above the pivot: these are clipped
                lo = gt;
            }
        }
        double lambda = (beta - clipped) / slope;
        for (int k = 0; k < p; k++) {
            out[order[k]] = dir[k] * Math.min(lambda * (l2 ? a[k] : 1), room[k]);
        }
    }

    private static double median(double x, double y, double z) {
        return Math.max(Math.min(x, y), Math.min(Math.max(x, y), z));
    }

    /** Fills coordinates by decreasing a_i until Σ a_i m_i = β. Requires Σ a_i B_i &gt; β &gt; 0. */
    private void knapsack(int p, double beta, double[] out) {
        int[] idx = spare;
        for (int k = 0; k < p; k++) {
            idx[k] = k;
            key[k] = -a[k];
        }
        sortByKey(idx, p);
        double acc = 0;
        for (int k = 0; k < p; k++) {
            int j = idx[k];
            double full = a[j] * room[j];
            if (acc + full >= beta) {
                out[order[j]] = dir[j] * Math.min(Math.max((beta - acc) / a[j], 0), room[j]);
                return;
            }
            out[order[j]] = dir[j] * room[j];
            acc += full;
        }
    }

    /** Stable bottom-up merge sort of idx[0..p) by key[idx], ascending. */
    private void sortByKey(int[] idx, int p) {
        int[] src = idx;
        // insertion sort runs of 16, then merge
        final int run = 16;
        for (int lo = 0; lo < p; lo += run) {
            int hi = Math.min(lo + run, p);
            for (int i = lo + 1; i < hi; i++) {
                int v = src[i];
                double kv = key[v];
                int j = i - 1;
                while (j >= lo && key[src[j]] > kv) {
                    src[j + 1] = src[j];
                    j--;
                }
                src[j + 1] = v;
            }
        }
        if (p <= run) {
            return;
        }
        int[] from = src;
        int[] to = merge;
        for (int width = run; width < p; width *= 2) {
            for (int lo = 0; lo < p; lo += 2 * width) {
                int mid = Math.min(lo + width, p);
                int hi = Math.min(lo + 2 * width, p);
                int i = lo;
                int j = mid;
                int k = lo;
                while (i < mid && j < hi) to[k++] = key[from[j]] < key[from[i]] ? from[j++] : from[i++];
                while (i < mid) to[k++] = from[i++];
                while (j < hi) to[k++] = from[j++];
            }
            int[] t = from;
            from = to;
            to = t;
        }
        if (from != src) System.arraycopy(from, 0, src, 0, p);
    }
}
