package org.robustj.attack.universal;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.SplittableRandom;
import org.robustj.data.Dataset;
import org.robustj.testkit.LinearClassifier;

/**
 * A binary linear model z = (0, u·x − c) whose fitting points all sit on the class-0 side with margins
 * m(x) = c − u·x spread over an interval, and values in [0.3, 0.7] so that x + v never leaves the box at the
 * radii used. The best universal perturbation is known in closed form: v = ε·u/‖u‖₂ (L2) or ε·sign(u) (L∞)
 * raises u·x by ε‖u‖₂ or ε‖u‖₁, and no v in the ball raises it more, so the best fooling rate is the fraction
 * of points with m(x) &lt; ε‖u‖_dual.
 *
 * <p>Why one class: a universal perturbation pushes every point the same way, and on a binary linear model the
 * two classes want opposite directions; the reference algorithm then follows whichever class it saw last
 * (each DeepFool step jumps across the origin), so there is no optimum to approach. On one class the optimum is
 * a single direction the algorithm should find.
 */
record LinearProblems(LinearClassifier model, Dataset data, float[] u, double c) implements AutoCloseable {
    static LinearProblems make(NDManager manager, int d, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] u = new float[d];
        for (int i = 0; i < d; i++) u[i] = (float) ((r.nextBoolean() ? 1 : -1) * (0.5 + r.nextDouble()));
        float[] x = new float[n * d];
        for (int i = 0; i < x.length; i++) x[i] = (float) (0.3 + 0.4 * r.nextDouble());
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < n; k++) max = Math.max(max, dot(u, x, k));
        double c = max + 0.05;
        float[][] w = {new float[d], u};
        LinearClassifier m = new LinearClassifier(manager, w, new float[] {0, (float) -c});
        Dataset data = Dataset.ofFloats("linear", "train", new Shape(d), x, new int[n], List.of("0", "1"), List.of());
        return new LinearProblems(m, data, u, c);
    }

    static double dot(float[] u, float[] x, int row) {
        double s = 0;
        for (int i = 0; i < u.length; i++) s += (double) u[i] * x[row * u.length + i];
        return s;
    }

    /** The margin c − u·x of every point. */
    double[] margins() {
        float[] x = data.values(data.allIndices());
        double[] m = new double[data.size()];
        for (int k = 0; k < m.length; k++) m[k] = c - dot(u, x, k);
        return m;
    }

    /** ‖u‖ in the dual of {@code p} (L2 for L2, L1 for L∞). */
    double dual(org.robustj.threat.Norm p) {
        return Perturbations.norm(u, p.dual());
    }

    /** The best fooling rate any perturbation of radius eps in norm p reaches: #{m &lt; ε‖u‖_dual} / n. */
    double optimum(org.robustj.threat.Norm p, double eps) {
        double reach = eps * dual(p);
        int c = 0;
        for (double m : margins()) if (m < reach) c++;
        return c / (double) data.size();
    }

    /**
     * A radius at which the optimum fools the fraction q of the points: half-way between two margins, so that no
     * point sits on the edge of what the ball can reach (where float rounding would decide).
     */
    double radiusFor(org.robustj.threat.Norm p, double q) {
        double[] m = margins().clone();
        java.util.Arrays.sort(m);
        int k = (int) (q * m.length);
        return (m[k - 1] + m[k]) / 2 / dual(p);
    }

    @Override
    public void close() {
        model.close();
    }
}
