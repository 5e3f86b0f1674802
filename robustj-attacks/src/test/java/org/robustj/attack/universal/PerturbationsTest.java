package org.robustj.attack.universal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;
import org.robustj.threat.Norm;

/** The ball projections: inside the ball, idempotent, the nearest point (checked against random ball points). */
class PerturbationsTest {
    @Property(tries = 60, seed = "7")
    void projectionLandsInTheBallAndIsIdempotent(@ForAll @LongRange(min = 0, max = 1000) long seed,
            @ForAll @DoubleRange(min = 0.01, max = 3) double eps) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[30];
        for (int i = 0; i < v.length; i++) v[i] = (float) (2 * Norm.gaussian(r));
        for (Norm n : new Norm[] {Norm.LINF, Norm.L2, Norm.L1}) {
            float[] p = Perturbations.project(v, n, eps);
            assertTrue(Perturbations.norm(p, n) <= eps * (1 + 1e-5), n + " outside the ball");
            float[] again = Perturbations.project(p, n, eps);
            for (int i = 0; i < p.length; i++) assertEquals(p[i], again[i], 1e-6 * (1 + eps));
            // no random point of the ball is nearer to v than its projection (the ball is convex)
            double d = dist(v, p);
            for (int k = 0; k < 20; k++) {
                float[] q = Perturbations.random(v.length, n, eps * r.nextDouble(), r);
                assertTrue(dist(v, q) >= d - 1e-5, n + ": a ball point is nearer than the projection");
            }
        }
    }

    @Property(tries = 20, seed = "3")
    void insideTheBallNothingMoves(@ForAll @LongRange(min = 0, max = 1000) long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[10];
        for (int i = 0; i < v.length; i++) v[i] = (float) (0.01 * Norm.gaussian(r));
        for (Norm n : new Norm[] {Norm.LINF, Norm.L2, Norm.L1}) assertArrayEquals(v, Perturbations.project(v, n, 1));
    }

    private static double dist(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += (a[i] - b[i]) * (double) (a[i] - b[i]);
        return Math.sqrt(s);
    }
}
