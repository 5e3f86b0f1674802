package org.robustj.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustj.certify.TestCertifiers;
import org.robustj.eval.RunRecord;
import org.robustj.model.BlockClassifier;
import org.robustj.model.ModelCard;
import org.robustj.model.Models;

/** Certified tracks: a certified column from a certificate of every point, checked against the attacks. */
class CertifiedTrackTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void register() {
        TestCertifiers.register();
    }

    /** A linear model (no hidden layer) for MNIST-shaped inputs, randomly initialised. */
    private Path linear() throws Exception {
        ModelCard card = new ModelCard("lin", ModelCard.ROBUSTJ_FORMAT, "mlp", Map.of("hidden", List.of()), "mnist",
                List.of(1L, 28L, 28L), 10, null, null, 3L, null, null, null, null, null, null, null);
        try (NDManager m = NDManager.newBaseManager(); BlockClassifier c = BlockClassifier.create(m, card, 3)) {
            Models.save(c, tmp.resolve("lin"));
        }
        return tmp.resolve("lin.json");
    }

    private BenchmarkRunner.Result run(String track, String method) throws Exception {
        BenchmarkRunner.Request req = BenchmarkRunner.Request.of(linear().toString(), Tracks.get(track)).withN(20)
                .withAttacks(List.of("fgsm"), Map.of()).withCertify(method);
        return new BenchmarkRunner(new LocalZoo(tmp.resolve("zoo")), null).run(req);
    }

    @Test
    void certifiedTracksAreRegisteredWithAMethod() {
        Track t = Tracks.get("mnist-linf-0.1-certified");
        assertTrue(t.certified());
        assertEquals("ibp", t.certify());
        assertEquals(0.1, t.eps());
        assertTrue(Tracks.get("mnist-linf-0.3-certified").certified());
        assertNull(Tracks.get("mnist-linf-0.3").certify());
    }

    @Test
    void theCertifiedColumnComesFromTheRecordAndNeverExceedsTheAttacks() throws Exception {
        BenchmarkRunner.Result r = run("mnist-linf-0.1-certified", TestCertifiers.LINEAR);
        Entry e = r.entry();
        RunRecord.Certification c = r.record().certification();
        assertNotNull(c);
        assertEquals(TestCertifiers.LINEAR, e.certifyMethod());
        assertEquals(Entry.percent(c.certifiedAccuracy().get(0)), e.certifiedAcc());
        assertTrue(e.certifiedAcc() <= e.autoattackAcc() && e.autoattackAcc() <= e.cleanAcc(), e.toString());
        assertEquals(e.certifiedAcc(), e.rankingAccuracy(), "a certified track ranks by certified accuracy");
        for (RunRecord.PointRecord p : r.record().points()) {
            assertNotNull(p.certified(), "point " + p.index());
            assertTrue(!p.certified() || p.robust(), "point " + p.index() + " certified but broken");
        }
        assertTrue(r.record().warnings().stream().noneMatch(w -> w.check().equals("certified-not-robust")));
    }

    @Test
    void aCertifierRefutedByTheAttacksFlagsTheEntry() throws Exception {
        BenchmarkRunner.Result r = run("mnist-linf-0.3-certified", TestCertifiers.WRONG);
        long refuted = r.record().points().stream().filter(p -> p.certified() && !p.robust()).count();
        assertTrue(refuted > 0, "FGSM at 0.3 breaks points of a random linear model that the wrong certifier claims");
        long warned = r.record().warnings().stream().filter(w -> w.check().equals("certified-not-robust")).count();
        assertEquals(refuted, warned);
        assertTrue(r.entry().flags().labels().contains("warning: certified-not-robust"), r.entry().flags().toString());
    }

    @Test
    void onAnAttackOnlyTrackTheCertifiedColumnIsAsked() throws Exception {
        BenchmarkRunner.Result plain = run("mnist-linf-0.3", null);
        assertNull(plain.entry().certifiedAcc());
        assertNull(plain.record().certification());
        assertEquals(plain.entry().autoattackAcc(), plain.entry().rankingAccuracy());
    }
}
