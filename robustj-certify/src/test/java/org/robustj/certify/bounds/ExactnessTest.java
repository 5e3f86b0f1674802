package org.robustj.certify.bounds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.apache.commons.math3.optim.MaxIter;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.linear.LinearConstraint;
import org.apache.commons.math3.optim.linear.LinearConstraintSet;
import org.apache.commons.math3.optim.linear.LinearObjectiveFunction;
import org.apache.commons.math3.optim.linear.NoFeasibleSolutionException;
import org.apache.commons.math3.optim.linear.NonNegativeConstraint;
import org.apache.commons.math3.optim.linear.Relationship;
import org.apache.commons.math3.optim.linear.SimplexSolver;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.junit.jupiter.api.Test;
import org.robustj.model.graph.LayerGraph;
import org.robustj.model.graph.Linear;
import org.robustj.model.graph.Node;
import org.robustj.tensor.Engines;
import org.robustj.threat.Norm;

/**
 * Bounds against exact minima: a linear model's margins in closed form (per-coordinate choice over the box;
 * dual norm over a ball inside the box), and a tiny ReLU network's exact minimum margin over an L∞ box by
 * enumerating activation patterns and solving one linear programme per pattern (Commons Math simplex).
 */
class ExactnessTest {
    static {
        Engines.pytorch();
    }

    @Provide
    Arbitrary<Norm> norms() {
        return Arbitraries.of(Norm.LP);
    }

    @Property(tries = 40, seed = "21")
    void linearModelBoundIsTheExactMinimumOverTheClippedBox(@ForAll @IntRange(min = 0, max = 100000) int seed,
            @ForAll @DoubleRange(min = 0, max = 0.6) double eps) {
        SplittableRandom r = new SplittableRandom(seed);
        int d = 7;
        int k = 4;
        try (NDManager m = NDManager.newBaseManager()) {
            float[][] w = randomMatrix(r, k, d);
            float[] b = randomVector(r, k);
            LayerGraph g = linear(m, w, b);
            float[] x = new float[d];
            for (int i = 0; i < d; i++) x[i] = (float) r.nextDouble();
            int y = r.nextInt(k);
            NDArray c = Bounds.marginSpec(m, new int[] {y}, k);
            InputSet set = new InputSet(m.create(x, new Shape(1, d)), Norm.LINF, eps);
            for (Bounds.Method method : Bounds.Method.values()) {
                float[] lb = Bounds.compute(g, set, c, method, BoundOptions.defaults()).lower().toFloatArray();
                for (int row = 0; row < k - 1; row++) {
                    int j = Bounds.marginClass(y, row);
                    double exact = b[y] - b[j];
                    for (int i = 0; i < d; i++) {
                        double wi = (double) w[y][i] - w[j][i];
                        double lo = Math.max(0, x[i] - eps);
                        double hi = Math.min(1, x[i] + eps);
                        exact += Math.min(wi * lo, wi * hi);
                    }
                    assertEquals(exact, lb[row], 1e-4, method + " margin " + j);
                }
            }
        }
    }

    @Property(tries = 40, seed = "22")
    void linearModelCrownBoundIsTheDualNormFormulaWhenTheBoxIsInactive(
            @ForAll @IntRange(min = 0, max = 100000) int seed, @ForAll("norms") Norm norm,
            @ForAll @DoubleRange(min = 0, max = 0.2) double eps) {
        SplittableRandom r = new SplittableRandom(seed);
        int d = 6;
        int k = 3;
        try (NDManager m = NDManager.newBaseManager()) {
            float[][] w = randomMatrix(r, k, d);
            float[] b = randomVector(r, k);
            LayerGraph g = linear(m, w, b);
            float[] x = new float[d];
            for (int i = 0; i < d; i++) x[i] = (float) (0.25 + 0.5 * r.nextDouble());
            int y = r.nextInt(k);
            NDArray c = Bounds.marginSpec(m, new int[] {y}, k);
            InputSet set = new InputSet(m.create(x, new Shape(1, d)), norm, eps);
            for (Bounds.Method method : new Bounds.Method[] {Bounds.Method.CROWN, Bounds.Method.CROWN_IBP}) {
                float[] lb = Bounds.compute(g, set, c, method, BoundOptions.defaults()).lower().toFloatArray();
                for (int row = 0; row < k - 1; row++) {
                    int j = Bounds.marginClass(y, row);
                    double centre = b[y] - b[j];
                    float[] dw = new float[d];
                    for (int i = 0; i < d; i++) {
                        dw[i] = w[y][i] - w[j][i];
                        centre += (double) dw[i] * x[i];
                    }
                    double exact = centre - eps * norm.dual().of(dw);
                    assertEquals(exact, lb[row], 1e-4, method + " " + norm + " margin " + j);
                }
            }
        }
    }

    /** Tight where known, never above the exact minimum: IBP ≤ CROWN-IBP (certifier) ≤ exact, CROWN ≤ exact. */
    @Property(tries = 60, seed = "23")
    void tinyReluNetBoundsAreBelowTheExactMinimum(@ForAll @IntRange(min = 0, max = 100000) int seed,
            @ForAll @DoubleRange(min = 0.01, max = 0.4) double eps) {
        Tiny t = tiny(seed, eps);
        for (int row = 0; row < t.exact.length; row++) {
            double tol = 1e-4 * (1 + Math.abs(t.exact[row]));
            assertTrue(t.ibp[row] <= t.exact[row] + tol, "IBP " + t.ibp[row] + " > exact " + t.exact[row]);
            assertTrue(t.crownIbp[row] <= t.exact[row] + tol, "CROWN-IBP above exact");
            assertTrue(t.crown[row] <= t.exact[row] + tol, "CROWN " + t.crown[row] + " > exact " + t.exact[row]);
            assertTrue(t.alphaCrown[row] <= t.exact[row] + tol, "α-CROWN " + t.alphaCrown[row] + " > exact "
                    + t.exact[row]);
            assertTrue(t.alphaCrown[row] >= t.crown[row] - 1e-6, "α-CROWN " + t.alphaCrown[row] + " < CROWN "
                    + t.crown[row]);
            assertTrue(t.sampledMin[row] >= t.exact[row] - tol, "the LP missed a sampled point: "
                    + t.sampledMin[row] + " < " + t.exact[row]);
        }
    }

    /** CROWN is not tighter than IBP for every margin, but it is on the great majority, and never looser on average. */
    @Test
    void crownIsUsuallyTighterThanIbpAndExactOnStableNets() {
        int tighter = 0;
        int total = 0;
        double gapIbp = 0;
        double gapCrown = 0;
        for (int seed = 0; seed < 60; seed++) {
            Tiny t = tiny(seed, 0.15);
            for (int row = 0; row < t.exact.length; row++) {
                total++;
                if (t.crown[row] >= t.ibp[row] - 1e-6) tighter++;
                gapIbp += t.exact[row] - t.ibp[row];
                gapCrown += t.exact[row] - t.crown[row];
            }
        }
        assertTrue(tighter >= 0.8 * total, "CROWN ≥ IBP on only " + tighter + " of " + total);
        assertTrue(gapCrown < gapIbp, "CROWN's mean gap " + gapCrown / total + " ≥ IBP's " + gapIbp / total);
        // with a tiny radius no neuron is unstable and CROWN is exact
        int exact = 0;
        for (int seed = 0; seed < 20; seed++) {
            Tiny t = tiny(seed, 1e-4);
            for (int row = 0; row < t.exact.length; row++) {
                if (Math.abs(t.crown[row] - t.exact[row]) < 1e-4) exact++;
            }
        }
        assertTrue(exact >= 18, "CROWN exact on only " + exact + " of 20 margins at ε = 1e-4");
    }

    /**
     * α-CROWN is never looser than CROWN (its first iterate is CROWN's slope), and on unstable nets it is
     * strictly tighter on some margins: the optimisation does something.
     */
    @Test
    void alphaCrownIsTighterThanCrownSomewhere() {
        int tighter = 0;
        double gain = 0;
        for (int seed = 0; seed < 40; seed++) {
            Tiny t = tiny(seed, 0.3);
            for (int row = 0; row < t.exact.length; row++) {
                assertTrue(t.alphaCrown[row] >= t.crown[row] - 1e-6, "seed " + seed + ": α-CROWN below CROWN");
                if (t.alphaCrown[row] > t.crown[row] + 1e-4) tighter++;
                gain += t.alphaCrown[row] - t.crown[row];
            }
        }
        assertTrue(tighter >= 3, "α-CROWN strictly tighter than CROWN on only " + tighter + " of 40 margins");
        assertTrue(gain > 0, "no gain over CROWN");
    }

    private record Tiny(double[] exact, double[] ibp, double[] crownIbp, double[] crown, double[] alphaCrown,
            double[] sampledMin) {}

    /** A 2-3-3-2 ReLU network, a point, its margin bounds by each method, the exact minimum and a sampled one. */
    private static Tiny tiny(int seed, double eps) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] widths = {2, 3, 3, 2};
        try (NDManager m = NDManager.newBaseManager()) {
            float[][][] w = new float[3][][];
            float[][] b = new float[3][];
            List<Node> nodes = new ArrayList<>();
            String prev = LayerGraph.INPUT;
            for (int l = 0; l < 3; l++) {
                w[l] = randomMatrix(r, widths[l + 1], widths[l]);
                b[l] = randomVector(r, widths[l + 1]);
                nodes.add(new Node("fc" + l, new Linear(m.create(w[l]), m.create(b[l])), List.of(prev)));
                prev = "fc" + l;
                if (l < 2) {
                    nodes.add(new Node("relu" + l, new org.robustj.model.graph.Relu(), List.of(prev)));
                    prev = "relu" + l;
                }
            }
            LayerGraph g = new LayerGraph(new Shape(2), nodes);
            float[] x = {(float) r.nextDouble(), (float) r.nextDouble()};
            int y = r.nextInt(2);
            NDArray xs = m.create(x, new Shape(1, 2));
            NDArray c = Bounds.marginSpec(m, new int[] {y}, 2);
            InputSet set = new InputSet(xs, Norm.LINF, eps);
            double[] ibp = doubles(Bounds.ibp(g, set, c).lower());
            double[] crownIbp = doubles(Bounds.crownIbp(g, set, c).lower());
            double[] crown = doubles(Bounds.crown(g, set, c).lower());
            double[] alphaCrown = doubles(Bounds.alphaCrown(g, set, c).lower());
            double[] lo = new double[2];
            double[] hi = new double[2];
            for (int i = 0; i < 2; i++) {
                lo[i] = Math.max(0, x[i] - eps);
                hi[i] = Math.min(1, x[i] + eps);
            }
            double exact = exactMinimum(w, b, y, lo, hi);
            double sampled = Double.POSITIVE_INFINITY;
            for (int t = 0; t < 400; t++) {
                double[] p = {lo[0] + (hi[0] - lo[0]) * r.nextDouble(), lo[1] + (hi[1] - lo[1]) * r.nextDouble()};
                if (t < 4) p = new double[] {t % 2 == 0 ? lo[0] : hi[0], t < 2 ? lo[1] : hi[1]};
                double[] z = forward(w, b, p);
                sampled = Math.min(sampled, z[y] - z[1 - y]);
            }
            return new Tiny(new double[] {exact}, ibp, crownIbp, crown, alphaCrown, new double[] {sampled});
        }
    }

    /** min over the box of z_y − z_{1−y}: one LP per ReLU activation pattern, over the patterns' regions. */
    private static double exactMinimum(float[][][] w, float[][] b, int y, double[] lo, double[] hi) {
        double best = Double.POSITIVE_INFINITY;
        for (int pattern = 0; pattern < 64; pattern++) {
            List<LinearConstraint> cons = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                double[] e = new double[2];
                e[i] = 1;
                cons.add(new LinearConstraint(e, Relationship.GEQ, lo[i]));
                cons.add(new LinearConstraint(e, Relationship.LEQ, hi[i]));
            }
            // affine map of x (2 inputs) for each layer's pre-activation under the pattern: coef·x + off
            double[][] coef = {{1, 0}, {0, 1}};
            double[] off = {0, 0};
            for (int l = 0; l < 3; l++) {
                int out = w[l].length;
                double[][] nc = new double[out][2];
                double[] no = new double[out];
                for (int o = 0; o < out; o++) {
                    no[o] = b[l][o];
                    for (int i = 0; i < coef.length; i++) {
                        no[o] += w[l][o][i] * off[i];
                        for (int v = 0; v < 2; v++) nc[o][v] += w[l][o][i] * coef[i][v];
                    }
                }
                if (l < 2) {
                    for (int o = 0; o < out; o++) {
                        boolean active = ((pattern >> (3 * l + o)) & 1) == 1;
                        cons.add(new LinearConstraint(nc[o], active ? Relationship.GEQ : Relationship.LEQ, -no[o]));
                        if (!active) {
                            nc[o] = new double[2];
                            no[o] = 0;
                        }
                    }
                }
                coef = nc;
                off = no;
            }
            double[] obj = {coef[y][0] - coef[1 - y][0], coef[y][1] - coef[1 - y][1]};
            try {
                PointValuePair p = new SimplexSolver().optimize(new MaxIter(200),
                        new LinearObjectiveFunction(obj, off[y] - off[1 - y]), new LinearConstraintSet(cons),
                        GoalType.MINIMIZE, new NonNegativeConstraint(false));
                best = Math.min(best, p.getValue());
            } catch (NoFeasibleSolutionException empty) {
                // this activation pattern occurs nowhere in the box
            }
        }
        return best;
    }

    private static double[] forward(float[][][] w, float[][] b, double[] x) {
        double[] h = x;
        for (int l = 0; l < 3; l++) {
            double[] z = new double[w[l].length];
            for (int o = 0; o < z.length; o++) {
                z[o] = b[l][o];
                for (int i = 0; i < h.length; i++) z[o] += w[l][o][i] * h[i];
                if (l < 2) z[o] = Math.max(0, z[o]);
            }
            h = z;
        }
        return h;
    }

    private static LayerGraph linear(NDManager m, float[][] w, float[] b) {
        return new LayerGraph(new Shape(w[0].length),
                List.of(new Node("logits", new Linear(m.create(w), m.create(b)), List.of(LayerGraph.INPUT))));
    }

    private static float[][] randomMatrix(SplittableRandom r, int rows, int cols) {
        float[][] a = new float[rows][cols];
        for (float[] row : a) for (int i = 0; i < cols; i++) row[i] = (float) Norm.gaussian(r);
        return a;
    }

    private static float[] randomVector(SplittableRandom r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (0.5 * Norm.gaussian(r));
        return a;
    }

    private static double[] doubles(NDArray a) {
        float[] f = a.toFloatArray();
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }
}
