package org.robustj.attack.ensemble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.robustj.errors.InvalidInputException;
import org.robustj.errors.MissingCapabilityException;
import org.robustj.eval.RunRecord;
import org.robustj.testkit.Oracles;
import org.robustj.threat.Norm;

/**
 * The ensemble on the sparse threat models: version sparse (Sparse-RS) is their default and the only version
 * they take, Lp versions and gradient attacks are refused naming sparse-rs, and queries per point reach the
 * summary (mean, median over broken points) and the points of the record.
 */
class SparseEvaluationTest {
    static NDManager manager;
    static Oracles.LinearProblem problem;

    @BeforeAll
    static void setUp() {
        manager = NDManager.newBaseManager();
        problem = Oracles.linearImage(manager, 4, 1, 6, 6, 40, 3);
    }

    @AfterAll
    static void tearDown() {
        problem.close();
        manager.close();
    }

    @Test
    void sparseNormsDefaultToVersionSparseAndLpNormsToStrong() {
        assertEquals("sparse", new EvaluationConfig(null, null, null, Norm.L0, List.of(3.0), 0, 100).version());
        assertEquals("sparse", new EvaluationConfig(null, null, null, Norm.PATCH, List.of(4.0), 0, 100).version());
        assertEquals("strong", new EvaluationConfig(null, null, null, Norm.LINF, List.of(0.3), 0, 100).version());
        InvalidInputException aa = assertThrows(InvalidInputException.class,
                () -> new EvaluationConfig("standard", null, null, Norm.L0, List.of(3.0), 0, 100));
        assertTrue(aa.getMessage().contains("sparse-rs"), aa.getMessage());
        assertThrows(InvalidInputException.class,
                () -> new EvaluationConfig("sparse", null, null, Norm.LINF, List.of(0.3), 0, 100));
        Versions.Plan plan = Versions.plan(new EvaluationConfig(null, null, null, Norm.FRAME, List.of(1.0), 0, 100), 10);
        assertEquals(List.of("sparse-rs"), plan.attacks().stream().map(Versions.Planned::name).toList());
    }

    @Test
    void gradientAttacksOnASparseNormAreRefusedBeforeAnyWork() {
        EvaluationConfig cfg = new EvaluationConfig(null, List.of("apgd-ce"), null, Norm.L0, List.of(3.0), 0, 100);
        MissingCapabilityException e = assertThrows(MissingCapabilityException.class, () -> Versions.validate(cfg));
        assertTrue(e.getMessage().contains("sparse-rs"), e.getMessage());
    }

    @Test
    void queriesPerPointReachTheSummaryAndTheRecord() {
        EvaluationConfig cfg = new EvaluationConfig(null, null, Map.of("sparse-rs", Map.of("queries", 300)), Norm.L0,
                List.of(3.0), 0, 100);
        EvaluationResult r = new AutoEvaluation(cfg).run(problem.model(), problem.data().data());
        RunRecord.AttackSummary s = r.perEps().get(0).summaries.get(0);
        assertEquals("sparse-rs", s.name());
        assertTrue(s.broken() > 0, "nothing broken");
        List<Long> q = new ArrayList<>();
        for (int i = 0; i < r.perEps().get(0).robust.length; i++) {
            if ("sparse-rs".equals(r.perEps().get(0).brokenBy[i])) {
                Long qi = r.perEps().get(0).queries[i];
                assertNotNull(qi);
                assertTrue(qi >= 1 && qi <= 300, "queries " + qi);
                assertEquals(3f, r.perEps().get(0).norm[i], 0f, "pixels changed");
                q.add(qi);
            }
        }
        double mean = q.stream().mapToLong(Long::longValue).average().orElseThrow();
        assertEquals(mean, s.meanQueries(), 1e-9);
        long[] sorted = q.stream().mapToLong(Long::longValue).sorted().toArray();
        double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : 0.5 * (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]);
        assertEquals(median, s.medianQueries(), 1e-9);
        RunRecord rec = Records.of(r, problem.model(), "linear", problem.data().data(), null, true);
        assertTrue(rec.points().stream().anyMatch(p -> p.queries() != null));
    }

    @Test
    void queryStatisticsOfMergedPartsAreThoseOfTheWholeRun() {
        EvaluationConfig cfg = new EvaluationConfig(null, null, Map.of("sparse-rs", Map.of("queries", 300)), Norm.L0,
                List.of(3.0), 0, 100);
        var data = problem.data().data();
        RunRecord whole = Records.of(new AutoEvaluation(cfg).run(problem.model(), data), problem.model(), "linear",
                data, null, true);
        int n = whole.points().size();
        int[] first = java.util.stream.IntStream.range(0, n / 3).toArray();
        int[] rest = java.util.stream.IntStream.range(n / 3, n).toArray();
        RunRecord a = Records.of(new AutoEvaluation(cfg).run(problem.model(), data, first), problem.model(), "linear",
                data, null, true);
        RunRecord b = Records.of(new AutoEvaluation(cfg).run(problem.model(), data, rest), problem.model(), "linear",
                data, null, true);
        RunRecord.AttackSummary w = whole.attacks().get(0);
        RunRecord.AttackSummary m = Records.merge(a, b).attacks().get(0);
        assertNotNull(w.meanQueries());
        // the parts' own statistics differ from the whole run's (else the check below proves nothing)
        assertTrue(!w.meanQueries().equals(a.attacks().get(0).meanQueries())
                || !w.medianQueries().equals(a.attacks().get(0).medianQueries()), "parts as the whole");
        assertEquals(w.meanQueries(), m.meanQueries(), 1e-9);
        assertEquals(w.medianQueries(), m.medianQueries());
        assertEquals(w.brokenQueries(), m.brokenQueries());
    }

    @Test
    void aBudgetLargerThanTheImageIsRefusedBeforeAnyWork() {
        EvaluationConfig cfg = new EvaluationConfig(null, null, null, Norm.L0, List.of(37.0), 0, 100);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> new AutoEvaluation(cfg).run(problem.model(), problem.data().data()));
        assertTrue(e.getMessage().contains("6×6"), e.getMessage());
    }
}
