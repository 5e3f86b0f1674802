package org.robustj.attack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.robustj.data.Dataset;
import org.robustj.testkit.Oracles;
import org.robustj.threat.Norm;
import org.robustj.threat.ThreatModel;

/**
 * Attacks report progress within one call (a sharded batch of 120 points), in rising fractions, and the
 * reporting changes nothing in the result.
 */
class AttackProgressTest {
    static NDManager manager;
    static Oracles.LinearProblem problem;

    @BeforeAll
    static void setUp() {
        manager = NDManager.newBaseManager();
        problem = Oracles.linear(manager, 4, 12, 120, 11);
    }

    @AfterAll
    static void tearDown() {
        problem.close();
        manager.close();
    }

    private static Map<String, Object> small(String name) {
        return switch (name) {
            case "square" -> Map.of("queries", 40);
            case "fab-t", "fab" -> Map.of("n_iter", 10);
            default -> Map.of("steps", 10);
        };
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"apgd-ce", "apgd-t", "fab-t", "square", "pgd"})
    void progressMovesWithinOneCallAndChangesNothing(String name) {
        Attack attack = AttackRegistry.create(name, small(name));
        Dataset d = problem.data().data();
        ThreatModel threat = ThreatModel.of(Norm.LINF, 0.002); // small: most points stay robust to the end
        try (NDManager m = manager.newSubManager()) {
            NDArray x = d.batch(m, d.allIndices());
            LabeledBatch batch = new LabeledBatch(x, d.labels());
            AttackResult plain = attack.run(problem.model(), batch, threat, AttackContext.seeded(5));
            List<Double> seen = Collections.synchronizedList(new ArrayList<>());
            AttackResult heard = attack.run(problem.model(), batch, threat,
                    AttackContext.seeded(5).withProgress(AttackProgress.to(seen::add)));
            assertArrayEquals(plain.adversarial().toFloatArray(), heard.adversarial().toFloatArray(), name);
            assertArrayEquals(plain.success(), heard.success(), name);
            long within = seen.stream().filter(f -> f > 0 && f < 1).count();
            assertTrue(within >= 3, name + ": progress within the call " + seen);
            for (int i = 1; i < seen.size(); i++) {
                assertTrue(seen.get(i) > seen.get(i - 1), name + ": fractions rise " + seen);
            }
            assertTrue(seen.get(seen.size() - 1) <= 1.0, name + ": " + seen);
        }
    }

    @Test
    void shardsReportTheirMean() {
        List<Double> seen = new ArrayList<>();
        AttackProgress root = AttackProgress.to(seen::add);
        AttackProgress a = root.shard(0, 2);
        AttackProgress b = root.shard(1, 2);
        a.expect(2);
        b.expect(4);
        a.tick(); // 0.5 of shard 0: mean 0.25
        b.tick(); // 0.25 of shard 1: mean 0.375
        a.tick();
        a.tick(); // beyond its work: capped at 1, no new report
        assertTrue(seen.equals(List.of(0.25, 0.375, 0.625)), seen.toString());
        AttackProgress.NONE.expect(3);
        AttackProgress.NONE.tick(); // a no-op
    }
}
