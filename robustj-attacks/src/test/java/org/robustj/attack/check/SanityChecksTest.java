package org.robustj.attack.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.robustj.attack.ensemble.EvaluationConfig;
import org.robustj.attack.ensemble.Wrapped;
import org.robustj.eval.RunRecord;
import org.robustj.testkit.Oracles;
import org.robustj.threat.Norm;

/** The checks before the attacks report the same thing for the same seed. */
class SanityChecksTest {
    @Test
    void randomizedModelCheckIsReproducibleFromTheRunSeed() {
        try (NDManager manager = NDManager.newBaseManager();
                Oracles.LinearProblem p = Oracles.linear(manager, 4, 16, 20, 3)) {
            Wrapped noisy = Wrapped.noisy(p.model(), 0.05);
            EvaluationConfig cfg = new EvaluationConfig(null, List.of("fgsm"), null, Norm.L2, List.of(0.1), 7, 20);
            List<RunRecord.Warning> a = SanityChecks.before(noisy, p.data().data(), cfg);
            // whatever the engine's generator did in between, the check starts from the run's seed
            manager.randomNormal(new ai.djl.ndarray.types.Shape(13)).close();
            List<RunRecord.Warning> b = SanityChecks.before(noisy, p.data().data(), cfg);
            assertTrue(a.stream().anyMatch(w -> w.check().equals("randomized-defense")), a.toString());
            assertEquals(a, b, "same seed, different check report");
        }
    }
}
