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
 * The contract every registered attack keeps, for every norm it declares ({@link Attack#norms()}, Lp and
 * sparse): outputs inside ε-ball ∩ [0,1] (sparse threat models: at most k pixels, one patch, the frame);
 * success agrees with fresh predictions; failed points are returned clean; the same seed gives the same result;
 * no arrays leak into the caller's manager. For every norm it does not declare, it refuses with an error
 * naming the attacks that do.
 */
class AttackContractTest {
    static NDManager manager;
    static Oracles.LinearProblem problem;
    /** The sparse threat models need pixels: a linear model on 1×6×6 images. */
    static Oracles.LinearProblem images;

    @BeforeAll
    static void setUp() {
        manager = NDManager.newBaseManager();
        problem = Oracles.linear(manager, 4, 12, 24, 7);
        images = Oracles.linearImage(manager, 4, 1, 6, 6, 24, 7);
    }

    @AfterAll
    static void tearDown() {
        problem.close();
        images.close();
        manager.close();
    }

    static double eps(Norm norm) {
        switch (norm) {
            case LINF: return 0.03;
            case L2: return 0.08;
            case L1: return 0.25;
            case L0: return 3;
            case PATCH: return 4;
            default: return 1;
        }
    }

    static Stream<Arguments> attacksAndNorms() {
        return AttackRegistry.providers().stream()
                .flatMap(p -> Stream.of(Norm.values()).map(n -> Arguments.of(p.name(), n)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("attacksAndNorms")
    void keepsTheContract(String name, Norm norm) {
        Attack attack = AttackRegistry.create(name);
        Oracles.LinearProblem problem = norm.sparse() ? images : AttackContractTest.problem;
        Dataset d = problem.data().data();
        double eps = eps(norm);
        ThreatModel threat = ThreatModel.of(norm, eps);
        try (NDManager m = manager.newSubManager()) {
            int[] idx = d.allIndices();
            NDArray x = d.batch(m, idx);
            LabeledBatch batch = new LabeledBatch(x, d.labels());
            if (!attack.norms().contains(norm)) {
                // a declared limitation: refused before any work, naming the attacks that support the norm
                org.robustj.errors.MissingCapabilityException e = org.junit.jupiter.api.Assertions.assertThrows(
                        org.robustj.errors.MissingCapabilityException.class,
                        () -> attack.run(problem.model(), batch, threat, AttackContext.seeded(3)));
                assertTrue(e.getMessage().contains(norm.id()), e.getMessage());
                boolean namesOne = AttackRegistry.providers().stream()
                        .filter(p -> p.create(java.util.Map.of()).norms().contains(norm))
                        .anyMatch(p -> e.getMessage().contains(p.name()));
                assertTrue(namesOne, "names no attack that supports " + norm.id() + ": " + e.getMessage());
                return;
            }
            AttackResult r1;
            int before = m.getManagedArrays().size();
            r1 = attack.run(problem.model(), batch, threat, AttackContext.seeded(3));
            assertEquals(before + 1, m.getManagedArrays().size(), "only the adversarial batch may be left");
            NDArray delta = r1.adversarial().sub(x);
            float[] norms = norm.normsOf(delta);
            for (int i = 0; i < norms.length; i++) {
                assertTrue(threat.contains(norms[i]), name + ": norm " + norms[i] + " outside " + threat);
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
