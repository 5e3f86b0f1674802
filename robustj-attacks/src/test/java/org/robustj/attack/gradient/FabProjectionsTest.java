package org.robustj.attack.gradient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.robustj.threat.Norm;

/**
 * FAB's projections onto a hyperplane within a box: feasible, inside the box, and no larger than any
 * feasible point we can find (random ones, and small moves away from the answer along the hyperplane).
 */
class FabProjectionsTest {
    static final int TRIALS = 1500;

    @ParameterizedTest
    @EnumSource(value = Norm.class, names = {"LINF", "L2", "L1"})
    void matchesClosedFormWhenTheBoxIsFar(Norm norm) {
        SplittableRandom rng = new SplittableRandom(11);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + rng.nextInt(20);
            double[] w = new double[n];
            double[] lo = new double[n];
            double[] hi = new double[n];
            for (int i = 0; i < n; i++) {
                w[i] = Norm.gaussian(rng);
                lo[i] = -1e6;
                hi[i] = 1e6;
            }
            double b = 3 * Norm.gaussian(rng);
            double[] d = FabProjections.project(norm, w, b, lo, hi);
            // distance from 0 to {w·d + b = 0} in norm p is |b| / ||w||_q
            double expected = Math.abs(b) / dualNorm(norm, w);
            assertEquals(expected, norm(norm, d), 1e-9 * (1 + expected), norm + " trial " + trial);
            assertEquals(0, dot(w, d) + b, 1e-9 * (1 + Math.abs(b)));
        }
    }

    @ParameterizedTest
    @EnumSource(value = Norm.class, names = {"LINF", "L2", "L1"})
    void isFeasibleInsideTheBoxAndNoLargerThanRandomFeasiblePoints(Norm norm) {
        SplittableRandom rng = new SplittableRandom(2024 + norm.ordinal());
        int feasibleCases = 0;
        int beaten = 0;
        for (int trial = 0; trial < TRIALS; trial++) {
            Problem p = Problem.random(rng, trial % 3 == 0);
            double[] d = FabProjections.project(norm, p.w, p.b, p.lo, p.hi);
            for (int i = 0; i < d.length; i++) {
                assertTrue(d[i] >= p.lo[i] - 1e-12 && d[i] <= p.hi[i] + 1e-12, "outside the box at " + i);
            }
            double dn = norm(norm, d);
            if (p.capacity() >= Math.abs(p.b)) {
                feasibleCases++;
                double scale = 1e-9 * (1 + Math.abs(p.b) + l1(p.w));
                assertEquals(0, dot(p.w, d) + p.b, scale, norm + " trial " + trial + ": not on the hyperplane");
                // random feasible points: where a segment between two box points crosses the hyperplane
                for (int k = 0; k < 100; k++) {
                    double[] z = p.randomFeasible(rng);
                    if (z == null) continue;
                    assertTrue(dn <= norm(norm, z) + 1e-9, norm + " trial " + trial + ": " + dn + " > feasible "
                            + norm(norm, z));
                    beaten++;
                }
                // small feasible moves away from d along the hyperplane never shrink the norm (convexity)
                for (int k = 0; k < 100; k++) {
                    double[] z = p.nearbyFeasible(d, rng);
                    if (z == null) continue;
                    assertTrue(dn <= norm(norm, z) + 1e-9, norm + " trial " + trial + ": local improvement "
                            + dn + " -> " + norm(norm, z));
                }
            } else {
                // infeasible: the box point that gets closest to the hyperplane, and the smallest such point
                for (int i = 0; i < d.length; i++) {
                    double want = p.w[i] == 0 ? 0 : (p.w[i] * p.b > 0 ? p.lo[i] : p.hi[i]);
                    assertEquals(want, d[i], 1e-12, "infeasible case, coordinate " + i);
                }
                double gap = Math.abs(dot(p.w, d) + p.b);
                for (int k = 0; k < 50; k++) {
                    double[] z = p.randomBoxPoint(rng);
                    assertTrue(gap <= Math.abs(dot(p.w, z) + p.b) + 1e-12, "a box point is closer to the plane");
                }
            }
        }
        assertTrue(feasibleCases > TRIALS / 2, "too few feasible cases: " + feasibleCases);
        assertTrue(beaten > 20 * TRIALS, "too few random feasible points: " + beaten);
    }

    @Test
    void zeroOffsetGivesZeroAndZeroWeightsAreNeverMoved() {
        double[] w = {0, 2, 0, -1};
        double[] lo = {-1, -1, -1, -1};
        double[] hi = {1, 1, 1, 1};
        for (Norm norm : Norm.LP) {
            double[] d = FabProjections.project(norm, w, 0, lo, hi);
            for (double v : d) assertEquals(0, v, 0);
            d = FabProjections.project(norm, w, 0.5, lo, hi);
            assertEquals(0, d[0], 0);
            assertEquals(0, d[2], 0);
            assertEquals(0, dot(w, d) + 0.5, 1e-12);
        }
        // L1 puts everything on the largest |w_i|; L∞ spreads it evenly over the used coordinates
        assertEquals(-0.25, FabProjections.project(Norm.L1, w, 0.5, lo, hi)[1], 1e-12);
        assertEquals(0, FabProjections.project(Norm.L1, w, 0.5, lo, hi)[3], 0);
        double[] inf = FabProjections.project(Norm.LINF, w, 0.5, lo, hi);
        assertEquals(-1.0 / 6, inf[1], 1e-12);
        assertEquals(1.0 / 6, inf[3], 1e-12);
    }

    @Test
    void aBindingBoxMovesTheRestElsewhere() {
        // w = (1, 1), need w·d = -1, but coordinate 0 may only go down by 0.1
        double[] w = {1, 1};
        double[] lo = {-0.1, -5};
        double[] hi = {5, 5};
        double[] l2 = FabProjections.project(Norm.L2, w, 1, lo, hi);
        assertEquals(-0.1, l2[0], 1e-12);
        assertEquals(-0.9, l2[1], 1e-12);
        double[] inf = FabProjections.project(Norm.LINF, w, 1, lo, hi);
        assertEquals(-0.1, inf[0], 1e-12);
        assertEquals(-0.9, inf[1], 1e-12);
        double[] l1 = FabProjections.project(Norm.L1, new double[] {2, 1}, 1, lo, hi);
        assertEquals(-0.1, l1[0], 1e-12);
        assertEquals(-0.8, l1[1], 1e-12);
    }

    /** A random instance: offsets d from a point t in [0,1]^n, so lo = −t, hi = 1 − t. */
    record Problem(double[] w, double b, double[] lo, double[] hi) {
        static Problem random(SplittableRandom rng, boolean nearFaces) {
            int n = 1 + rng.nextInt(rng.nextBoolean() ? 6 : 40);
            double[] w = new double[n];
            double[] lo = new double[n];
            double[] hi = new double[n];
            for (int i = 0; i < n; i++) {
                double r = rng.nextDouble();
                // zero weights, ties in |w| and sign changes all occur
                w[i] = r < 0.1 ? 0 : r < 0.2 ? (rng.nextBoolean() ? 0.5 : -0.5) : Norm.gaussian(rng);
                double t = nearFaces ? (rng.nextBoolean() ? rng.nextDouble() * 0.05 : 1 - rng.nextDouble() * 0.05)
                        : rng.nextDouble();
                if (rng.nextDouble() < 0.1) t = rng.nextBoolean() ? 0 : 1;
                lo[i] = -t;
                hi[i] = 1 - t;
            }
            Problem base = new Problem(w, 0, lo, hi);
            // the hyperplane through a random box point (feasible), or further than the box can reach
            double sign = rng.nextBoolean() ? 1 : -1;
            double b = rng.nextDouble() < 0.8 ? -dot(w, base.randomBoxPoint(rng))
                    : sign * (base.capacity(sign) + 0.1 + rng.nextDouble());
            return new Problem(w, b, lo, hi);
        }

        /** Largest |w·d| reachable in the box, in the direction that cancels b. */
        double capacity() {
            return capacity(Math.signum(b) == 0 ? 1 : Math.signum(b));
        }

        double capacity(double sign) {
            double c = 0;
            for (int i = 0; i < w.length; i++) {
                // maximise sign·(−w·d)
                c += Math.max(-sign * w[i] * lo[i], -sign * w[i] * hi[i]);
            }
            return c;
        }

        double[] randomBoxPoint(SplittableRandom rng) {
            double[] z = new double[w.length];
            for (int i = 0; i < z.length; i++) {
                double u = rng.nextDouble();
                // sometimes exactly on a face
                z[i] = u < 0.15 ? lo[i] : u < 0.3 ? hi[i] : lo[i] + rng.nextDouble() * (hi[i] - lo[i]);
            }
            return z;
        }

        double[] randomFeasible(SplittableRandom rng) {
            double[] p = randomBoxPoint(rng);
            double[] q = randomBoxPoint(rng);
            double gp = dot(w, p) + b;
            double gq = dot(w, q) + b;
            if (gp * gq > 0 || gp == gq) return null;
            double s = gp / (gp - gq);
            double[] z = new double[p.length];
            for (int i = 0; i < z.length; i++) z[i] = Math.min(hi[i], Math.max(lo[i], p[i] + s * (q[i] - p[i])));
            return z;
        }

        /** d plus a small random move orthogonal to w, if it stays in the box. */
        double[] nearbyFeasible(double[] d, SplittableRandom rng) {
            int n = w.length;
            double[] v = new double[n];
            for (int i = 0; i < n; i++) v[i] = rng.nextDouble() < 0.5 ? 0 : Norm.gaussian(rng);
            double ww = dot(w, w);
            if (ww == 0) return null;
            double c = dot(w, v) / ww;
            double step = Math.pow(10, -1 - 4 * rng.nextDouble());
            double[] z = new double[n];
            for (int i = 0; i < n; i++) {
                z[i] = d[i] + step * (v[i] - c * w[i]);
                if (z[i] < lo[i] || z[i] > hi[i]) return null;
            }
            return z;
        }
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    static double l1(double[] a) {
        double s = 0;
        for (double v : a) s += Math.abs(v);
        return s;
    }

    static double norm(Norm norm, double[] v) {
        double acc = 0;
        for (double x : v) {
            double a = Math.abs(x);
            if (norm == Norm.LINF) acc = Math.max(acc, a);
            else if (norm == Norm.L2) acc += a * a;
            else acc += a;
        }
        return norm == Norm.L2 ? Math.sqrt(acc) : acc;
    }

    static double dualNorm(Norm norm, double[] v) {
        return norm(norm.dual(), v);
    }
}
