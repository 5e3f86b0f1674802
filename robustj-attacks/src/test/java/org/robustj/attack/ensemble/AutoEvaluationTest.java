package org.robustj.attack.ensemble;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustj.data.Dataset;
import org.robustj.errors.InvalidInputException;
import org.robustj.eval.RunRecord;
import org.robustj.testkit.Oracles;
import org.robustj.threat.Norm;

/** The ensemble's book-keeping: worst case per point, monotone counts, seeds, multi-eps carry-over, resume. */
class AutoEvaluationTest {
    static NDManager manager;
    static Oracles.LinearProblem problem;

    @TempDir
    Path tmp;

    @BeforeAll
    static void setUp() {
        manager = NDManager.newBaseManager();
        problem = Oracles.linear(manager, 4, 16, 60, 11);
    }

    @AfterAll
    static void tearDown() {
        problem.close();
        manager.close();
    }

    static List<String> gradientAttacks() {
        List<String> names = new ArrayList<>();
        for (String a : List.of("fgsm", "pgd", "apgd-ce", "apgd-t")) {
            try {
                org.robustj.attack.AttackRegistry.provider(a);
                names.add(a);
            } catch (org.robustj.errors.UnknownNameException e) {
                // not registered in this build
            }
        }
        return names;
    }

    private EvaluationConfig config(List<Double> eps, int batch, long seed) {
        return new EvaluationConfig(null, gradientAttacks(), null, Norm.L2, eps, seed, batch);
    }

    @Test
    void robustCountNeverRisesAlongTheEnsemble() {
        Dataset d = problem.data().data();
        EvaluationResult r = new AutoEvaluation(config(List.of(0.05), 16, 1)).run(problem.model(), d);
        double prev = r.clean().accuracy();
        for (RunRecord.AttackSummary s : r.perEps().get(0).summaries) {
            assertTrue(s.robustAccuracyAfter() <= prev + 1e-12, s.name() + " raised the robust accuracy");
            prev = s.robustAccuracyAfter();
        }
        assertEquals(prev, r.robustAccuracy(), 1e-12);
        // pointwise worst case: every non-robust correct point names the attack that broke it
        EvaluationState.PerEps pe = r.perEps().get(0);
        for (int i = 0; i < d.size(); i++) {
            if (!pe.robust[i]) {
                assertTrue(pe.brokenBy[i] != null);
            }
        }
    }

    @Test
    void noNativeArraysAreLeftBehindAcrossBatchesAndRuns() {
        Dataset d = problem.data().data();
        EvaluationConfig cfg = config(List.of(0.05), 8, 1);
        new AutoEvaluation(cfg).run(problem.model(), d); // warm-up: lazily created arrays
        int before = problem.model().manager().getManagedArrays().size();
        for (int k = 0; k < 3; k++) {
            new AutoEvaluation(cfg).run(problem.model(), d);
        }
        assertEquals(before, problem.model().manager().getManagedArrays().size(), "arrays leaked into the model's manager");
    }

    @Test
    void sameSeedSameResult() {
        Dataset d = problem.data().data();
        EvaluationResult a = new AutoEvaluation(config(List.of(0.04), 16, 5)).run(problem.model(), d);
        EvaluationResult b = new AutoEvaluation(config(List.of(0.04), 16, 5)).run(problem.model(), d);
        assertArrayEquals(a.perEps().get(0).robust, b.perEps().get(0).robust);
        assertArrayEquals(a.perEps().get(0).norm, b.perEps().get(0).norm);
    }

    @Test
    void robustAccuracyFallsWithEpsAndBreaksCarryOver() {
        Dataset d = problem.data().data();
        List<Double> eps = List.of(0.06, 0.02, 0.04);
        EvaluationResult r = new AutoEvaluation(config(eps, 16, 2)).run(problem.model(), d);
        assertTrue(r.robustAccuracy(1) >= r.robustAccuracy(2));
        assertTrue(r.robustAccuracy(2) >= r.robustAccuracy(0));
        for (int i = 0; i < d.size(); i++) {
            if (!r.perEps().get(1).robust[i]) {
                assertTrue(!r.perEps().get(2).robust[i] && !r.perEps().get(0).robust[i], "break did not carry at " + i);
            }
        }
    }

    @Test
    void killedRunResumesToTheSameResult() throws Exception {
        Dataset d = problem.data().data();
        EvaluationConfig cfg = config(List.of(0.05), 8, 3);
        EvaluationResult straight = new AutoEvaluation(cfg).run(problem.model(), d);

        Path state = tmp.resolve("state.json");
        int[] batches = {0};
        EvaluationListener killer = new EvaluationListener() {
            @Override
            public void progress(int done, int robust) {
                if (++batches[0] == 3) {
                    throw new IllegalStateException("killed");
                }
            }
        };
        assertThrows(IllegalStateException.class,
                () -> new AutoEvaluation(cfg, killer, state, true).run(problem.model(), d));
        assertTrue(Files.exists(state), "no state saved before the kill");
        int[] attacked = {0};
        EvaluationListener counter = new EvaluationListener() {
            @Override
            public void attackStarted(String attack, double eps, int points) {
                attacked[0]++;
            }
        };
        EvaluationResult resumed = new AutoEvaluation(cfg, counter, state, true).run(problem.model(), d);
        assertArrayEquals(straight.perEps().get(0).robust, resumed.perEps().get(0).robust);
        assertEquals(straight.robustAccuracy(), resumed.robustAccuracy(), 1e-12);
        assertEquals(gradientAttacks().size(), attacked[0], "resumed run must continue, not restart, the attack list");
    }

    @Test
    void stateOfAnotherConfigurationIsRefused() {
        Dataset d = problem.data().data();
        Path state = tmp.resolve("s.json");
        new AutoEvaluation(config(List.of(0.05), 16, 3), null, state, false).run(problem.model(), d);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> new AutoEvaluation(config(List.of(0.06), 16, 3), null, state, false).run(problem.model(), d));
        assertTrue(e.getMessage().contains("different evaluation"));
    }
}
