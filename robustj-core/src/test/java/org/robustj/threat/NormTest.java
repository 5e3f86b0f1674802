package org.robustj.threat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Per-norm maths: projections land in ε-ball ∩ box, are idempotent and optimal; Hölder holds. */
class NormTest {
    private static float[] randomBox(SplittableRandom r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) r.nextDouble();
        return a;
    }

    @Property(tries = 60, seed = "42")
    void projectionLandsInBallAndBoxAndIsIdempotent(@ForAll("norms") Norm norm,
            @ForAll @DoubleRange(min = 0.01, max = 3) double eps, @ForAll @IntRange(min = 0, max = 1000) int seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = 3;
        int d = 20;
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x0 = m.create(randomBox(r, n * d), new Shape(n, d));
            float[] v = new float[n * d];
            for (int i = 0; i < v.length; i++) v[i] = (float) (4 * r.nextDouble() - 2);
            NDArray x = x0.add(m.create(v, new Shape(n, d)));
            NDArray p = norm.project(x0, x, eps, 0, 1);
            float[] nrm = norm.normsOf(p.sub(x0));
            for (float f : nrm) assertTrue(f <= eps * (1 + 1e-5) + 1e-6, "norm " + f + " > " + eps);
            for (float f : p.toFloatArray()) assertTrue(f >= 0 && f <= 1, "outside box: " + f);
            NDArray pp = norm.project(x0, p, eps, 0, 1);
            float[] a = p.toFloatArray();
            float[] b = pp.toFloatArray();
            for (int i = 0; i < a.length; i++) assertEquals(a[i], b[i], 2e-5, "not idempotent");
        }
    }

    @Property(tries = 40, seed = "7")
    void projectionIsNoFartherThanAnyFeasiblePoint(@ForAll("norms") Norm norm,
            @ForAll @DoubleRange(min = 0.05, max = 2) double eps, @ForAll @IntRange(min = 0, max = 1000) int seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int d = 12;
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x0 = m.create(randomBox(r, d), new Shape(1, d));
            float[] v = new float[d];
            for (int i = 0; i < d; i++) v[i] = (float) (2 * r.nextDouble() - 1);
            NDArray x = x0.add(m.create(v, new Shape(1, d)));
            NDArray p = norm.project(x0, x, eps, 0, 1);
            double best = Norm.L2.normsOf(p.sub(x))[0];
            for (int t = 0; t < 200; t++) {
                // random feasible candidate: a random point projected is feasible; so is a scaled-down one
                float[] c = norm.randomInBall(new Shape(1, d), eps, r);
                NDArray cand = norm.project(x0, x0.add(m.create(c, new Shape(1, d))), eps, 0, 1);
                double dist = Norm.L2.normsOf(cand.sub(x))[0];
                assertTrue(best <= dist + 1e-4, "a feasible point is closer than the projection: " + dist + " < " + best);
            }
        }
    }

    @Property(tries = 100, seed = "3")
    void holderInequalityHolds(@ForAll("norms") Norm norm, @ForAll @IntRange(min = 0, max = 10000) int seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[15];
        float[] b = new float[15];
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) (2 * r.nextDouble() - 1);
            b[i] = (float) (2 * r.nextDouble() - 1);
            dot += a[i] * b[i];
        }
        assertTrue(Math.abs(dot) <= norm.of(a) * norm.dual().of(b) + 1e-6);
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<Norm> norms() {
        return net.jqwik.api.Arbitraries.of(Norm.LP);
    }

    @Test
    void randomStartsHaveTheRightNorm() {
        SplittableRandom r = new SplittableRandom(1);
        for (Norm norm : Norm.LP) {
            float[] s = norm.randomOnSphere(new Shape(4, 50), 0.3, r);
            for (int i = 0; i < 4; i++) {
                float[] row = java.util.Arrays.copyOfRange(s, i * 50, (i + 1) * 50);
                assertEquals(0.3, norm.of(row), 1e-5, norm + " sphere");
                float[] in = java.util.Arrays.copyOfRange(norm.randomInBall(new Shape(1, 50), 0.3, r), 0, 50);
                assertTrue(norm.of(in) <= 0.3 + 1e-6, norm + " ball");
            }
        }
    }

    @Test
    void steepestAscentHasUnitNormAndAlignsWithTheGradient() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray g = m.create(new float[] {3, -4, 0, 0, 1, 1}, new Shape(2, 3));
            for (Norm norm : Norm.LP) {
                NDArray s = norm.normalizeGradient(g);
                float[] f = s.toFloatArray();
                assertEquals(1.0, norm.of(java.util.Arrays.copyOfRange(f, 0, 3)), 1e-6, norm.id());
                assertTrue(f[0] > 0 && f[1] < 0);
            }
        }
    }

    @Test
    void parseAcceptsCommonSpellings() {
        assertEquals(Norm.LINF, Norm.parse("Linf"));
        assertEquals(Norm.L2, Norm.parse("2"));
        assertEquals(Norm.L1, Norm.parse("l1"));
    }
}
