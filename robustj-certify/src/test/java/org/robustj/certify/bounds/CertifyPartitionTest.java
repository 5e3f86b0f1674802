package org.robustj.certify.bounds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.robustj.certify.CertifiedEvaluation;
import org.robustj.certify.CertifyConfig;
import org.robustj.certify.CertifyRecords;
import org.robustj.certify.CertifyResult;
import org.robustj.data.Dataset;
import org.robustj.errors.InvalidInputException;
import org.robustj.eval.RunRecord;
import org.robustj.io.Json;
import org.robustj.model.graph.LayerGraph;
import org.robustj.tensor.Engines;
import org.robustj.threat.Norm;

/**
 * Partial certification runs ({@code certify --points FROM:TO}): the parts of a partition of the points, certified
 * separately, merge (in any grouping) into exactly the record of one run on all of them — certificates, margin
 * bounds, certified accuracy per radius, clean accuracy, ECE and the method's figures — for bound methods (IBP
 * with its tightness figure, CROWN) and for smoothing (draws keyed by the point's index). On a 5-10-10-3 MLP with
 * random labels, so that some points are misclassified, some certified and some not.
 */
class CertifyPartitionTest {
    static final int N = 80;
    static final int BATCH = 8;
    static NDManager manager;
    static GraphClassifier model;
    static Dataset data;

    @BeforeAll
    static void setUp() {
        Engines.pytorch();
        manager = NDManager.newBaseManager();
        SplittableRandom r = new SplittableRandom(11);
        LayerGraph g = TestGraphs.mlp(manager, r, 5, 10, 10, 3);
        float[] v = new float[N * 5];
        for (int i = 0; i < v.length; i++) v[i] = (float) r.nextDouble();
        NDArray x = manager.create(v, new Shape(N, 5));
        float[] z = g.forward(x).toFloatArray();
        int[] labels = new int[N];
        for (int i = 0; i < N; i++) {
            int best = 0;
            for (int k = 1; k < 3; k++) if (z[i * 3 + k] > z[i * 3 + best]) best = k;
            labels[i] = i % 5 == 4 ? (best + 1) % 3 : best; // every fifth point misclassified
        }
        data = Dataset.ofFloats("toy", "test", new Shape(5), v, labels, List.of("a", "b", "c"), List.of());
        model = new GraphClassifier(g, manager, 3, true);
    }

    @AfterAll
    static void tearDown() {
        manager.close();
    }

    static CertifyConfig config(String method) {
        return method.equals("smoothing")
                ? new CertifyConfig(Norm.L2, List.of(0.0, 0.1, 0.25), 0.25, 20, 200, 0.001, 64, 5)
                : new CertifyConfig(Norm.LINF, List.of(0.005, 0.02, 0.08), 0.25, 100, 1000, 0.001, BATCH, 5);
    }

    static RunRecord record(String method, int[] points) {
        CertifyResult r = new CertifiedEvaluation(method, config(method)).run(model, data, points);
        return CertifyRecords.of(r, model, "mlp", data, Json.tree(Map.of("method", method)), true);
    }

    /** A record without what differs between equal runs: timings and provenance. */
    static JsonNode comparable(RunRecord r) {
        ObjectNode t = (ObjectNode) Json.tree(r);
        t.remove(List.of("seconds", "provenance"));
        ObjectNode c = (ObjectNode) t.get("certification");
        c.remove("seconds");
        for (JsonNode p : c.get("points")) ((ObjectNode) p).remove("seconds");
        return t;
    }

    static int[] range(int from, int to) {
        int[] idx = new int[to - from];
        Arrays.setAll(idx, i -> from + i);
        return idx;
    }

    @ParameterizedTest
    @ValueSource(strings = {"ibp", "crown", "smoothing"})
    void partitionsMergeIntoExactlyTheWholeRun(String method) {
        RunRecord full = record(method, null);
        List<Double> acc = full.certification().certifiedAccuracy();
        assertTrue(acc.get(0) > 0 && acc.get(acc.size() - 1) < full.cleanAccuracy(),
                "a meaningful witness: some points certified, not all: " + acc);
        assertTrue(full.cleanAccuracy() < 1, "some points misclassified");
        if (method.equals("ibp")) {
            assertTrue(full.certification().figures().containsKey("ibp_tightness"));
        }
        // 1, 3 and 5 parts on multiples of every batch size (bounds 8, the clean pass and smoothing 16)
        for (int[] cuts : List.of(new int[] {0, N}, new int[] {0, 32, 48, N}, new int[] {0, 16, 32, 48, 64, N})) {
            List<RunRecord> parts = new ArrayList<>();
            for (int k = 0; k + 1 < cuts.length; k++) {
                parts.add(record(method, cuts.length == 2 ? null : range(cuts[k], cuts[k + 1])));
            }
            RunRecord merged = CertifyRecords.mergeAll(parts);
            assertEquals(comparable(full), comparable(merged), method + " cut at " + Arrays.toString(cuts));
            if (parts.size() >= 3) {
                // associative: (a + b) + c = a + (b + c), and the order of the parts does not matter
                RunRecord right = CertifyRecords.merge(parts.get(0), CertifyRecords.mergeAll(parts.subList(1, parts.size())));
                assertEquals(comparable(merged), comparable(right), "grouping");
                List<RunRecord> reversed = new ArrayList<>(parts);
                java.util.Collections.reverse(reversed);
                assertEquals(comparable(merged), comparable(CertifyRecords.mergeAll(reversed)), "order");
            }
        }
        // cut inside batches: the same certificates (float rounding may differ in the last bits of margins)
        RunRecord inside = CertifyRecords.mergeAll(List.of(record(method, range(0, 3)), record(method, range(3, 17)),
                record(method, range(17, N))));
        assertEquals(full.certification().certifiedAccuracy(), inside.certification().certifiedAccuracy());
        assertEquals(full.cleanAccuracy(), inside.cleanAccuracy());
        for (int i = 0; i < N; i++) {
            RunRecord.CertifiedPoint a = full.certification().points().get(i);
            RunRecord.CertifiedPoint b = inside.certification().points().get(i);
            assertEquals(a.certified(), b.certified(), "point " + i);
            assertEquals(a.prediction(), b.prediction(), "point " + i);
        }
        assertEquals(method.equals("smoothing") ? 16 : BATCH,
                new CertifiedEvaluation(method, config(method)).alignment());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ibp"})
    void aPartialRecordSaysWhichPointsItHoldsAndRefusesOverlaps(String method) {
        RunRecord a = record(method, range(0, 24));
        RunRecord b = record(method, range(16, N));
        assertEquals(24, a.dataset().n());
        assertEquals(N, a.dataset().dataSetSize());
        assertEquals("first 80, points 0:24", a.dataset().selection());
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> CertifyRecords.merge(a, b));
        assertTrue(e.getMessage().contains("point 16 is in both records"), e.getMessage());
        RunRecord other = CertifyRecords.of(new CertifiedEvaluation("crown", config("crown")).run(model, data,
                range(24, N)), model, "mlp", data, Json.tree(Map.of("method", "crown")), true);
        assertThrows(InvalidInputException.class, () -> CertifyRecords.merge(a, other));
        RunRecord partial = CertifyRecords.merge(a, record(method, range(32, N)));
        assertEquals("first 80, points 0:24,32:80", partial.dataset().selection());
    }
}
