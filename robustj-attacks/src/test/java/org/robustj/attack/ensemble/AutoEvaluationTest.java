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
    @Test
    void fingerprintIsCanonicalWhateverTheOrderOfTheOptions() {
        Dataset d = problem.data().data();
        java.util.Map<String, java.util.Map<String, Object>> o1 = new java.util.LinkedHashMap<>();
        o1.put("pgd", new java.util.LinkedHashMap<>(java.util.Map.of("steps", 5)));
        o1.get("pgd").put("restarts", 2);
        o1.put("fgsm", new java.util.LinkedHashMap<>());
        java.util.Map<String, java.util.Map<String, Object>> o2 = new java.util.LinkedHashMap<>();
        o2.put("fgsm", new java.util.LinkedHashMap<>());
        o2.put("pgd", new java.util.LinkedHashMap<>(java.util.Map.of("restarts", 2)));
        o2.get("pgd").put("steps", 5);
        AutoEvaluation a = new AutoEvaluation(new EvaluationConfig(null, List.of("fgsm", "pgd"), o1, Norm.L2,
                List.of(0.05), 1, 16));
        AutoEvaluation b = new AutoEvaluation(new EvaluationConfig(null, List.of("fgsm", "pgd"), o2, Norm.L2,
                List.of(0.05), 1, 16));
        int k = problem.model().numClasses();
        assertEquals(a.fingerprint(problem.model(), d, a.plan(k).attacks(), d.allIndices()),
                b.fingerprint(problem.model(), d, b.plan(k).attacks(), d.allIndices()));
        // and it is a hash of sorted JSON, not of a map's iteration order
        assertEquals(org.robustj.io.Json.canonical(java.util.Map.of("b", 1, "a", java.util.Map.of("d", 2, "c", 3))),
                "{\"a\":{\"c\":3,\"d\":2},\"b\":1}");
    }

    @Test
    void resumedAttackReportsWhatAnUninterruptedOneWould() {
        Dataset d = problem.data().data();
        EvaluationConfig cfg = config(List.of(0.05), 8, 3);
        EvaluationResult straight = new AutoEvaluation(cfg).run(problem.model(), d);
        Path state = tmp.resolve("state.json");
        int[] batches = {0};
        EvaluationListener killer = new EvaluationListener() {
            @Override
            public void progress(int done, int robust) {
                if (++batches[0] == 10) { // in the middle of the second attack
                    throw new IllegalStateException("killed");
                }
            }
        };
        assertThrows(IllegalStateException.class,
                () -> new AutoEvaluation(cfg, killer, state, false).run(problem.model(), d));
        EvaluationResult resumed = new AutoEvaluation(cfg, null, state, false).run(problem.model(), d);
        List<RunRecord.AttackSummary> s0 = straight.perEps().get(0).summaries;
        List<RunRecord.AttackSummary> s1 = resumed.perEps().get(0).summaries;
        assertEquals(s0.size(), s1.size());
        for (int i = 0; i < s0.size(); i++) {
            assertEquals(s0.get(i).broken(), s1.get(i).broken(), s0.get(i).name() + ": broken");
            assertEquals(s0.get(i).modelCalls(), s1.get(i).modelCalls(), s0.get(i).name() + ": model calls");
            assertEquals(s0.get(i).robustAccuracyAfter(), s1.get(i).robustAccuracyAfter(), 0.0);
        }
        assertArrayEquals(straight.perEps().get(0).brokenBy, resumed.perEps().get(0).brokenBy);
        assertArrayEquals(straight.perEps().get(0).norm, resumed.perEps().get(0).norm);
    }

    @Test
    void attacksThatNeedMoreClassesAreSkippedDeclaredAndReported() {
        try (Oracles.LinearProblem binary = Oracles.linear(manager, 2, 16, 24, 5)) {
            Dataset d = binary.data().data();
            EvaluationConfig cfg = new EvaluationConfig(null, List.of("apgd-ce", "apgd-dlr", "apgd-t"), null,
                    Norm.L2, List.of(0.05), 1, 24);
            EvaluationResult r = new AutoEvaluation(cfg).run(binary.model(), d);
            assertEquals(List.of("apgd-ce"), r.attackNames());
            assertEquals(List.of("apgd-dlr", "apgd-t"), r.skipped().stream().map(AutoEvaluation.Skipped::attack).toList());
            assertTrue(r.skipped().get(1).reason().contains("at least 4 classes"), r.skipped().toString());
            assertEquals(2, r.warnings().stream().filter(w -> w.check().equals("attack-skipped")).count());
            assertTrue(!r.fullEnsemble());
            assertEquals(1, r.perEps().get(0).summaries.size());
        }
    }

    @Test
    void nothingThatCanRunIsRefusedBeforeAnyWork() {
        try (Oracles.LinearProblem binary = Oracles.linear(manager, 2, 16, 24, 5)) {
            EvaluationConfig cfg = new EvaluationConfig(null, List.of("apgd-dlr", "apgd-t"), null, Norm.L2,
                    List.of(0.05), 1, 24);
            int[] started = {0};
            EvaluationListener l = new EvaluationListener() {
                @Override
                public void log(String line) {
                    started[0]++;
                }
            };
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> new AutoEvaluation(cfg, l, null, false).run(binary.model(), binary.data().data()));
            assertTrue(e.getMessage().contains("none of the requested attacks can run"), e.getMessage());
            assertTrue(e.getMessage().contains("apgd-dlr needs at least 3 classes"), e.getMessage());
            assertEquals(0, started[0], "work started before the refusal");
        }
    }

    @Test
    void noAttackStartsOnceNoPointIsRobust() {
        Dataset d = problem.data().data();
        List<Integer> points = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        EvaluationListener l = new EvaluationListener() {
            @Override
            public void attackStarted(String attack, double eps, int n) {
                points.add(n);
            }

            @Override
            public void log(String line) {
                lines.add(line);
            }
        };
        // at eps 5 the first attack breaks every point; at 10 every point is broken by the carry-over
        EvaluationResult r = new AutoEvaluation(config(List.of(5.0, 10.0), 16, 1), l, null, false)
                .run(problem.model(), d);
        assertEquals(0.0, r.robustAccuracy(0));
        assertTrue(points.stream().allMatch(n -> n > 0), "an attack started on no point: " + points);
        assertEquals(1, points.size(), lines.toString());
        assertTrue(lines.stream().anyMatch(s -> s.startsWith("no robust point left at eps 10")), lines.toString());
    }

    @Test
    void totalTimeIsCumulativeAsInAutoAttack() {
        Dataset d = problem.data().data().first(8);
        List<Double> totals = new ArrayList<>();
        EvaluationListener l = new EvaluationListener() {
            @Override
            public void log(String line) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("total time ([0-9.]+) s").matcher(line);
                if (m.find()) totals.add(Double.parseDouble(m.group(1)));
            }
        };
        // every forward pass takes 30 ms, so each attack (5 steps on robust points) takes well over 0.1 s
        EvaluationResult r = new AutoEvaluation(new EvaluationConfig(null, List.of("pgd", "apgd-ce"),
                java.util.Map.of("pgd", java.util.Map.of("steps", 5), "apgd-ce", java.util.Map.of("steps", 5)),
                Norm.L2, List.of(1e-4), 1, 8), l, null, false).run(Wrapped.slow(problem.model(), 30), d);
        List<RunRecord.AttackSummary> s = r.perEps().get(0).summaries;
        assertEquals(2, totals.size());
        assertTrue(s.get(0).seconds() > 0.12 && s.get(1).seconds() > 0.12, "the slow model was not slow: " + s);
        assertEquals(s.get(0).seconds(), totals.get(0), 0.051);
        assertEquals(s.get(0).seconds() + s.get(1).seconds(), totals.get(1), 0.051);
    }

    @Test
    void warningsAreReturnedNotLoggedDuringTheRun() {
        Dataset d = problem.data().data();
        List<String> lines = new ArrayList<>();
        EvaluationListener l = new EvaluationListener() {
            @Override
            public void log(String line) {
                lines.add(line);
            }
        };
        EvaluationResult r = new AutoEvaluation(config(List.of(0.05), 16, 1), l, null, false)
                .run(org.robustj.testkit.MaskedClassifier.quantized(problem.model(), 4), d);
        assertTrue(r.warnings().stream().anyMatch(w -> w.check().equals("zero-gradient")), r.warnings().toString());
        assertTrue(lines.stream().noneMatch(s -> s.toLowerCase(java.util.Locale.ROOT).contains("warning")),
                lines.toString());
    }
}
