package org.robustj.certify.bounds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.robustj.model.graph.AvgPool;
import org.robustj.model.graph.BatchNorm;
import org.robustj.model.graph.Clip;
import org.robustj.model.graph.Conv2d;
import org.robustj.model.graph.Flatten;
import org.robustj.model.graph.Ceil;
import org.robustj.model.graph.Floor;
import org.robustj.model.graph.GlobalAvgPool;
import org.robustj.model.graph.Linear;
import org.robustj.model.graph.Normalize;
import org.robustj.model.graph.Op;
import org.robustj.model.graph.Relu;
import org.robustj.model.graph.Round;
import org.robustj.model.graph.Sign;
import org.robustj.model.graph.ScalarAffine;
import org.robustj.tensor.Engines;

/**
 * Each bound rule on its own: every operator has one; the backward step of each affine operator is its exact
 * adjoint (⟨a, f(x)⟩ = ⟨back(a), x⟩ + constant); each element-wise relaxation holds on its interval.
 */
class RulesTest {
    static {
        Engines.pytorch();
    }

    @Test
    void everyOperatorHasARule() {
        Set<Class<?>> permitted = new HashSet<>(List.of(Op.class.getPermittedSubclasses()));
        assertEquals(permitted, new HashSet<>(Rules.covered()), "operators without a bound rule");
    }

    @Property(tries = 40, seed = "11")
    void affineBackwardIsTheAdjoint(@ForAll @IntRange(min = 0, max = 100000) int seed,
            @ForAll @IntRange(min = 0, max = 9) int which) {
        SplittableRandom r = new SplittableRandom(seed);
        try (NDManager m = NDManager.newBaseManager()) {
            Shape in = new Shape(4, 7, 6);
            Op op;
            switch (which) {
                case 0: op = new Conv2d(TestGraphs.gauss(m, r, 1, 3, 4, 3, 3), TestGraphs.gauss(m, r, 1, 3),
                        new int[] {1, 1}, new int[] {1, 1}); break;
                case 1: op = new Conv2d(TestGraphs.gauss(m, r, 1, 5, 4, 3, 2), TestGraphs.gauss(m, r, 1, 5),
                        new int[] {2, 3}, new int[] {1, 0}); break;
                case 2: op = new Conv2d(TestGraphs.gauss(m, r, 1, 4, 2, 3, 3), null, new int[] {2, 2},
                        new int[] {2, 1}, new int[] {2, 1}, 2); break;
                case 3: op = new AvgPool(new int[] {2, 2}, new int[] {2, 2}, new int[] {0, 0}, false); break;
                case 4: op = new AvgPool(new int[] {3, 3}, new int[] {2, 2}, new int[] {1, 1}, false); break;
                case 5: op = new AvgPool(new int[] {3, 2}, new int[] {1, 2}, new int[] {1, 1}, true); break;
                case 6: op = new GlobalAvgPool(); break;
                case 7: op = new BatchNorm(TestGraphs.gauss(m, r, 1, 4), TestGraphs.gauss(m, r, 1, 4)); break;
                case 8: op = new Normalize(new float[] {0.1f, 0.2f, 0.3f, 0.4f}, new float[] {0.5f, -2f, 1f, 3f});
                    break;
                default: op = new ScalarAffine(-1.7, 0.3);
            }
            assertAdjoint(m, r, op, in);
        }
    }

    @Test
    void linearAndFlattenBackwardAreTheAdjoint() {
        SplittableRandom r = new SplittableRandom(3);
        try (NDManager m = NDManager.newBaseManager()) {
            assertAdjoint(m, r, new Linear(TestGraphs.gauss(m, r, 1, 5, 8), TestGraphs.gauss(m, r, 1, 5)),
                    new Shape(8));
            assertAdjoint(m, r, new Flatten(), new Shape(2, 3, 4));
            assertAdjoint(m, r, new AvgPool(new int[] {3, 3}, new int[] {2, 2}, new int[] {1, 1}, false), new Shape(3, 4, 4));
            NDArray y = new AvgPool(new int[] {3, 3}, new int[] {2, 2}, new int[] {1, 1}, false)
                    .forward(List.of(m.ones(new Shape(1, 1, 4, 4))));
            for (float v : y.toFloatArray()) assertEquals(1f, v, 1e-6, "count_include_pad = 0 averages real cells only");
            assertAdjoint(m, r, new AvgPool(new int[] {3, 3}, new int[] {2, 2}, new int[] {1, 1}, true), new Shape(3, 4, 4));
        }
    }

    /** f(x) − f(0) is linear: ⟨a, f(x)⟩ = ⟨back(a), x⟩ + bias, and bias = ⟨a, f(0)⟩. */
    private static void assertAdjoint(NDManager m, SplittableRandom r, Op op, Shape in) {
        int n = 2;
        int s = 3;
        NDArray x = TestGraphs.gauss(m, r, 1, new Shape(n).addAll(in).getShape());
        NDArray y = op.forward(List.of(x));
        NDArray y0 = op.forward(List.of(x.zerosLike()));
        Shape out = y.getShape().slice(1);
        NDArray a = TestGraphs.gauss(m, r, 1, new Shape(n, s).addAll(out).getShape());
        BoundRule.Back back = Rules.of(op).backward(op, a, new BoundRule.Step("node", List.of(in), out, null));
        NDArray coef = back.coefficients().get(0);
        assertEquals(new Shape(n, s).addAll(in), coef.getShape(), op.describe());
        float[] lhs = BoundRule.sumTrailing(a.mul(y.expandDims(1))).toFloatArray();
        float[] rhs = BoundRule.sumTrailing(coef.mul(x.expandDims(1))).toFloatArray();
        float[] c0 = BoundRule.sumTrailing(a.mul(y0.expandDims(1))).toFloatArray();
        float[] bias = back.bias() == null ? new float[lhs.length] : back.bias().toFloatArray();
        for (int i = 0; i < lhs.length; i++) {
            assertEquals(lhs[i], rhs[i] + bias[i], 1e-3 * (1 + Math.abs(lhs[i])), op.describe() + " adjoint");
            assertEquals(c0[i], bias[i], 1e-3 * (1 + Math.abs(c0[i])), op.describe() + " constant");
        }
    }

    @Property(tries = 60, seed = "12")
    void elementwiseRelaxationsHoldOnTheirInterval(@ForAll @IntRange(min = 0, max = 100000) int seed,
            @ForAll @IntRange(min = 0, max = 7) int which) {
        SplittableRandom r = new SplittableRandom(seed);
        Op op;
        switch (which) {
            case 0: op = new Relu(); break;
            case 1: op = new Round(); break;
            case 2: op = new Floor(); break;
            case 3: op = new Clip(-0.5, 0.7); break;
            case 6: op = new Ceil(); break;
            case 7: op = new Sign(); break;
            case 4: op = new Clip(Double.NEGATIVE_INFINITY, 0.2); break;
            default: op = new Clip(0.1, Double.POSITIVE_INFINITY);
        }
        int d = 200;
        float[] lo = new float[d];
        float[] hi = new float[d];
        for (int i = 0; i < d; i++) {
            double c = 4 * r.nextDouble() - 2;
            double w = r.nextInt(4) == 0 ? 0 : 3 * r.nextDouble() * r.nextDouble();
            lo[i] = (float) (c - w);
            hi[i] = (float) (c + w);
        }
        try (NDManager m = NDManager.newBaseManager()) {
            Interval iv = new Interval(m.create(lo, new Shape(1, d)), m.create(hi, new Shape(1, d)));
            Relaxation rel = ((ElementwiseRule) Rules.of(op)).relax(op, iv);
            float[] al = rel.lowerSlope().toFloatArray();
            float[] bl = rel.lowerShift().toFloatArray();
            float[] au = rel.upperSlope().toFloatArray();
            float[] bu = rel.upperShift().toFloatArray();
            for (int t = 0; t <= 20; t++) {
                float[] z = new float[d];
                for (int i = 0; i < d; i++) {
                    z[i] = t == 0 ? lo[i] : t == 20 ? hi[i] : (float) (lo[i] + (hi[i] - lo[i]) * r.nextDouble());
                }
                float[] f = op.forward(List.of(m.create(z, new Shape(1, d)))).toFloatArray();
                for (int i = 0; i < d; i++) {
                    double tol = 1e-5 * (1 + Math.abs(z[i]));
                    assertTrue(al[i] * z[i] + bl[i] <= f[i] + tol, op.describe() + " lower line above f at " + z[i]
                            + " in [" + lo[i] + ", " + hi[i] + "]");
                    assertTrue(au[i] * z[i] + bu[i] >= f[i] - tol, op.describe() + " upper line below f at " + z[i]
                            + " in [" + lo[i] + ", " + hi[i] + "]");
                }
            }
        }
    }
}
