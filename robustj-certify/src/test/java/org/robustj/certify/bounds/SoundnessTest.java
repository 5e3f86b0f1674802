package org.robustj.certify.bounds;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.robustj.model.graph.LayerGraph;
import org.robustj.tensor.Engines;
import org.robustj.threat.Norm;

/**
 * Soundness by sampling (auto_LiRPA's test_1d_activation idea): on random graphs that use every operator, the
 * margins at points sampled in the ε-ball ∩ [0, 1] (uniform, on the sphere, at vertices) lie within the
 * bounds of IBP, CROWN-IBP and CROWN.
 */
class SoundnessTest {
    static {
        Engines.pytorch();
    }

    private static final int CLASSES = 3;

    @Provide
    Arbitrary<Norm> norms() {
        return Arbitraries.of(Norm.LP);
    }

    @Property(tries = 40, seed = "1401")
    void everyMethodContainsSampledMargins(@ForAll @IntRange(min = 0, max = 100000) int seed,
            @ForAll("norms") Norm norm, @ForAll @DoubleRange(min = 0.0, max = 0.3) double eps,
            @ForAll boolean globalPool, @ForAll boolean floor) {
        check(seed, norm, eps, false, globalPool, floor);
    }

    @Property(tries = 15, seed = "1402")
    void ibpContainsSampledMarginsWithMaxPool(@ForAll @IntRange(min = 0, max = 100000) int seed,
            @ForAll("norms") Norm norm, @ForAll @DoubleRange(min = 0.0, max = 0.3) double eps) {
        check(seed, norm, eps, true, false, false);
    }

    @Property(tries = 40, seed = "1403")
    void everyMethodContainsSampledMarginsOfAnMlp(@ForAll @IntRange(min = 0, max = 100000) int seed,
            @ForAll("norms") Norm norm, @ForAll @DoubleRange(min = 0.0, max = 0.5) double eps) {
        SplittableRandom r = new SplittableRandom(seed);
        try (NDManager m = NDManager.newBaseManager()) {
            LayerGraph g = TestGraphs.mlp(m, r, 6, 8, 8, CLASSES);
            NDArray x = TestGraphs.uniform(m, r, 0, 1, new Shape(1, 6));
            assertContains(g, x, norm, eps, r, false);
        }
    }

    private static void check(int seed, Norm norm, double eps, boolean maxPool, boolean globalPool, boolean floor) {
        SplittableRandom r = new SplittableRandom(seed);
        try (NDManager m = NDManager.newBaseManager()) {
            LayerGraph g = TestGraphs.everyOperator(m, r, maxPool, globalPool, floor, CLASSES);
            NDArray x = TestGraphs.uniform(m, r, 0, 1, new Shape(1).addAll(TestGraphs.IMAGE));
            assertContains(g, x, norm, eps, r, maxPool);
        }
    }

    private static void assertContains(LayerGraph g, NDArray x, Norm norm, double eps, SplittableRandom r,
            boolean ibpOnly) {
        NDManager m = x.getManager();
        int label = r.nextInt(CLASSES);
        NDArray c = Bounds.marginSpec(m, new int[] {label}, CLASSES);
        float[][] rows = TestGraphs.marginRows(label, CLASSES);
        float[][] sampled = TestGraphs.margins(g, TestGraphs.sample(x, norm, eps, 40, r), rows);
        InputSet set = new InputSet(x, norm, eps);
        for (Bounds.Method method : Bounds.Method.values()) {
            if (ibpOnly && method != Bounds.Method.IBP) continue;
            Interval b = Bounds.compute(g, set, c, method, BoundOptions.defaults());
            float[] lo = b.lower().toFloatArray();
            float[] hi = b.upper().toFloatArray();
            for (float[] point : sampled) {
                for (int s = 0; s < rows.length; s++) {
                    double tol = 1e-4 * (1 + Math.abs(point[s]));
                    assertTrue(lo[s] <= point[s] + tol, method + " lower " + lo[s] + " > sampled " + point[s]);
                    assertTrue(hi[s] >= point[s] - tol, method + " upper " + hi[s] + " < sampled " + point[s]);
                }
            }
        }
    }
}
