package org.robustj.attack.ensemble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.robustj.data.Dataset;
import org.robustj.errors.InvalidInputException;
import org.robustj.eval.RunRecord;
import org.robustj.io.Json;
import org.robustj.model.Classifier;
import org.robustj.tensor.Engines;
import org.robustj.testkit.Oracles;
import org.robustj.threat.Norm;

/**
 * Shard invariance (seeding scheme 2): the same evaluation with batch sizes 7, 50 and 500, on one or two
 * libtorch threads, and over 1, 2 and 5 partitions of the points gives identical per-point results (robust
 * flags, who broke each point, perturbation and minimal norms, adversarial labels); partial records merge,
 * associatively, into exactly the record of the whole run. On a 4-class linear model with every attack of the
 * standard ensemble (shortened), at two ε, with 120 points so that batches of 500 are also cut into shards.
 */
class ShardInvarianceTest {
    static final int N = 120;
    static NDManager manager;
    static Oracles.LinearProblem problem;
    static RunRecord full;

    static final Map<String, Map<String, Object>> OPTIONS = options();

    private static Map<String, Map<String, Object>> options() {
        Map<String, Map<String, Object>> o = new LinkedHashMap<>();
        o.put("apgd-ce", Map.of("steps", 8, "restarts", 2));
        o.put("apgd-t", Map.of("steps", 8, "target_classes", 2));
        o.put("fab-t", Map.of("steps", 8, "target_classes", 2, "restarts", 2));
        o.put("square", Map.of("steps", 40, "restarts", 2));
        return o;
    }

    @BeforeAll
    @BeforeContainer
    static void setUp() {
        if (manager != null) return;
        manager = NDManager.newBaseManager();
        problem = Oracles.linear(manager, 4, 16, N, 5);
        full = record(500, null);
    }

    @AfterAll
    @AfterContainer
    static void tearDown() {
        if (manager == null) return;
        problem.close();
        manager.close();
        manager = null;
    }

    static EvaluationConfig config(int batch) {
        return new EvaluationConfig(null, List.of("apgd-ce", "apgd-t", "fab-t", "square"), OPTIONS, Norm.LINF,
                List.of(0.03, 0.015), 7, batch);
    }

    static Dataset data() {
        return problem.data().data();
    }

    static RunRecord record(int batch, int[] points) {
        Classifier m = problem.model();
        EvaluationResult r = new AutoEvaluation(config(batch)).run(m, data(), points);
        return Records.of(r, m, "linear", data(), Json.tree(Map.of("seed", 7)), true);
    }

    /** A record as JSON without what may differ between equal runs: timings and provenance. */
    static JsonNode comparable(RunRecord r) {
        ObjectNode t = (ObjectNode) Json.tree(r);
        t.remove(List.of("seconds", "provenance"));
        for (JsonNode a : (ArrayNode) t.get("attacks")) ((ObjectNode) a).remove("seconds");
        return t;
    }

    @Test
    void theWholeRunIsAMeaningfulWitness() {
        // some points broken by attacks (not only clean errors) and some robust, at each eps
        long byAttack = full.points().stream().filter(p -> p.cleanCorrect() && !p.robust()).count();
        long robust = full.points().stream().filter(RunRecord.PointRecord::robust).count();
        assertTrue(byAttack > 5 && robust > 5, byAttack + " broken by attacks, " + robust + " robust");
        assertTrue(full.points().stream().anyMatch(p -> p.otherEps().get(0).robust() && !p.robust()),
                "some point broken at the headline eps only");
        assertTrue(full.attacks().stream().map(RunRecord.AttackSummary::name).distinct().count() >= 3);
    }

    @Test
    void batchSizeDoesNotChangeAnyPoint() {
        for (int b : new int[] {7, 50}) {
            assertEquals(full.points(), record(b, null).points(), "batch size " + b);
        }
    }

    @Test
    void threadCountDoesNotChangeAnyPoint() {
        int before = Engines.threads();
        try {
            for (int threads : new int[] {1, 2}) {
                Engines.setThreads(threads);
                assertEquals(full.points(), record(50, null).points(), threads + " libtorch threads");
                assertEquals(full.points(), record(500, null).points(), threads + " libtorch threads, sharded");
            }
        } finally {
            Engines.setThreads(before);
        }
    }

    @Test
    void partitionsMergeIntoExactlyTheWholeRun() {
        for (int parts : new int[] {1, 2, 5}) {
            List<RunRecord> records = new ArrayList<>();
            for (int k = 0; k < parts; k++) {
                int from = N * k / parts;
                int to = N * (k + 1) / parts;
                int[] idx = new int[to - from];
                Arrays.setAll(idx, i -> from + i);
                records.add(record(k % 2 == 0 ? 7 : 50, parts == 1 ? null : idx));
            }
            RunRecord merged = parts == 1 ? records.get(0) : Records.mergeAll(records);
            assertEquals(full.points(), merged.points(), parts + " partitions");
            assertEquals(comparable(full), comparable(merged), parts + " partitions");
        }
    }

    @Property(tries = 4, seed = "13")
    void anyPartitionMergesInAnyGroupingIntoTheWholeRun(@ForAll("assignments") List<Integer> part,
            @ForAll("batchSizes") int batch, @ForAll long order) {
        setUp();
        int parts = Collections.max(part) + 1;
        List<RunRecord> records = new ArrayList<>();
        for (int k = 0; k < parts; k++) {
            List<Integer> idx = new ArrayList<>();
            for (int i = 0; i < N; i++) if (part.get(i) == k) idx.add(i);
            if (!idx.isEmpty()) records.add(record(batch, idx.stream().mapToInt(Integer::intValue).toArray()));
        }
        Collections.shuffle(records, new java.util.Random(order));
        JsonNode want = comparable(full);
        // left fold, right fold and a random tree: merging is associative and gives the whole run
        assertEquals(want, comparable(Records.mergeAll(records)));
        RunRecord right = records.get(records.size() - 1);
        for (int k = records.size() - 2; k >= 0; k--) right = Records.merge(records.get(k), right);
        assertEquals(want, comparable(right));
        assertEquals(want, comparable(tree(records, new SplittableRandom(order))));
    }

    private static RunRecord tree(List<RunRecord> rs, SplittableRandom rng) {
        if (rs.size() == 1) return rs.get(0);
        int cut = 1 + rng.nextInt(rs.size() - 1);
        return Records.merge(tree(rs.subList(0, cut), rng), tree(rs.subList(cut, rs.size()), rng));
    }

    @Provide
    Arbitrary<List<Integer>> assignments() {
        return Arbitraries.integers().between(0, 4).list().ofSize(N);
    }

    @Provide
    Arbitrary<Integer> batchSizes() {
        return Arbitraries.of(7, 50, 500);
    }

    @Test
    void overlappingOrForeignRecordsAreRefused() {
        int[] a = new int[40];
        Arrays.setAll(a, i -> i);
        int[] b = new int[40];
        Arrays.setAll(b, i -> 30 + i);
        RunRecord ra = record(50, a);
        RunRecord rb = record(50, b);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Records.merge(ra, rb));
        assertTrue(e.getMessage().contains("point 30 is in both records"), e.getMessage());
        Classifier m = problem.model();
        EvaluationConfig other = new EvaluationConfig(null, List.of("apgd-ce"), OPTIONS, Norm.LINF, List.of(0.03, 0.015),
                7, 50);
        int[] c = new int[20];
        Arrays.setAll(c, i -> 100 + i);
        RunRecord rc = Records.of(new AutoEvaluation(other).run(m, data(), c), m, "linear", data(),
                Json.tree(Map.of("seed", 7, "attacks", "apgd-ce")), true);
        assertThrows(InvalidInputException.class, () -> Records.merge(ra, rc));
    }

    @Test
    void aPartialRecordSaysWhichPointsItHolds() {
        int[] idx = {3, 4, 5, 9};
        RunRecord r = record(50, idx);
        assertEquals(4, r.dataset().n());
        assertEquals(N, r.dataset().dataSetSize());
        assertEquals("first " + N + ", points 3:6,9:10", r.dataset().selection());
        assertEquals(List.of(3, 4, 5, 9), r.points().stream().map(RunRecord.PointRecord::index).toList());
        assertEquals(org.robustj.provenance.Seeds.SCHEME, r.provenance().seeding());
    }
}
