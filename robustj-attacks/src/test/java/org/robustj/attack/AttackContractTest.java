package org.robustj.attack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.robustj.data.Dataset;
import org.robustj.testkit.Oracles;
import org.robustj.threat.Norm;
import org.robustj.threat.ThreatModel;

/**
 * The contract every registered attack keeps, for every norm: outputs inside ε-ball ∩ [0,1]; success agrees
 * with fresh predictions; failed points are returned clean; the same seed gives the same result; no arrays
 * leak into the caller's manager.
 */
class AttackContractTest {
    static NDManager manager;
    static Oracles.LinearProblem problem;

    @BeforeAll
    static void setUp() {
        manager = NDManager.newBaseManager();
        problem = Oracles.linear(manager, 4, 12, 24, 7);
    }

    @AfterAll
    static void tearDown() {
        problem.close();
        manager.close();
    }

    static Stream<Arguments> attacksAndNorms() {
        return AttackRegistry.providers().stream()
                .flatMap(p -> Stream.of(Norm.values()).map(n -> Arguments.of(p.name(), n)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("attacksAndNorms")
    void keepsTheContract(String name, Norm norm) {
        Attack attack = AttackRegistry.create(name);
        Dataset d = problem.data().data();
        double eps = norm == Norm.LINF ? 0.03 : norm == Norm.L2 ? 0.08 : 0.25;
        ThreatModel threat = ThreatModel.of(norm, eps);
        try (NDManager m = manager.newSubManager()) {
            int[] idx = d.allIndices();
            NDArray x = d.batch(m, idx);
            LabeledBatch batch = new LabeledBatch(x, d.labels());
            AttackResult r1;
            try {
                int before = m.getManagedArrays().size();
                r1 = attack.run(problem.model(), batch, threat, AttackContext.seeded(3));
                assertEquals(before + 1, m.getManagedArrays().size(), "only the adversarial batch may be left");
            } catch (org.robustj.errors.InvalidInputException e) {
                // a declared limitation (e.g. an attack that does not support this norm) must say so clearly
                assertTrue(e.getMessage().contains(norm.id()) || e.getMessage().contains("norm"), e.getMessage());
                return;
            }
            NDArray delta = r1.adversarial().sub(x);
            float[] norms = norm.normsOf(delta);
            for (int i = 0; i < norms.length; i++) {
                assertTrue(norms[i] <= eps * (1 + 1e-5) + 1e-6, name + ": norm " + norms[i] + " > eps " + eps);
                assertEquals(norms[i], r1.norms()[i], 1e-4);
            }
            float[] adv = r1.adversarial().toFloatArray();
            for (float v : adv) assertTrue(v >= -1e-6 && v <= 1 + 1e-6, "outside [0,1]: " + v);
            int[] pred = Inputs.argmaxChecked(problem.model().logits(r1.adversarial()), "linear");
            for (int i = 0; i < pred.length; i++) {
                assertEquals(pred[i] != d.label(i), r1.success()[i], name + ": success flag disagrees at " + i);
                if (!r1.success()[i]) assertEquals(0f, norms[i], 0f, "failed point not returned clean");
            }
            AttackResult r2 = attack.run(problem.model(), batch, threat, AttackContext.seeded(3));
            assertArrayEquals(r1.success(), r2.success(), "same seed, different successes");
            assertTrue(Arrays.equals(adv, r2.adversarial().toFloatArray()), "same seed, different points");
        }
    }
}
