package org.robustj.benchmark.corruption;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustj.benchmark.Entry;
import org.robustj.benchmark.LocalZoo;
import org.robustj.benchmark.Tracks;
import org.robustj.data.Dataset;
import org.robustj.data.Datasets;
import org.robustj.errors.InvalidInputException;
import org.robustj.errors.UnknownNameException;
import org.robustj.provenance.FileHash;

/** The cache and the corruption track on the bundled MNIST test set with bundled models (no ../shared needed). */
class CorruptionBenchmarkTest {
    @TempDir
    Path tmp;

    @Test
    void cachedSetsAreReusedCheckedAndKeyedByPointIndex() throws Exception {
        CorruptionCache cache = new CorruptionCache(tmp);
        Corruptions.Suite s = Corruptions.suite("mnist");
        Dataset ten = Datasets.load("mnist", "test", null).first(10);
        CorruptionCache.Corrupted a = cache.get(s, s.get("shot_noise"), 3, ten, 5);
        assertTrue(a.generated());
        CorruptionCache.Corrupted b = cache.get(s, s.get("shot_noise"), 3, ten, 5);
        assertFalse(b.generated());
        assertEquals(a.hash(), b.hash());
        assertArrayEquals(a.data().values(ten.allIndices()), b.data().values(ten.allIndices()));
        // a damaged file is made again, never read
        byte[] bytes = Files.readAllBytes(a.file());
        bytes[bytes.length - 1] ^= 1;
        Files.write(a.file(), bytes);
        CorruptionCache.Corrupted c = cache.get(s, s.get("shot_noise"), 3, ten, 5);
        assertTrue(c.generated());
        assertEquals(a.hash(), c.hash());
        // point i's image does not depend on how many points there are
        Dataset four = ten.first(4);
        CorruptionCache.Corrupted d = cache.get(s, s.get("shot_noise"), 3, four, 5);
        assertArrayEquals(a.data().values(new int[] {0, 1, 2, 3}), d.data().values(four.allIndices()));
        // another seed draws other images
        CorruptionCache.Corrupted e = cache.get(s, s.get("shot_noise"), 3, ten, 6);
        assertFalse(java.util.Arrays.equals(a.data().values(ten.allIndices()), e.data().values(ten.allIndices())));
        assertEquals(ten.labels().length, a.data().size());
        assertArrayEquals(ten.labels(), a.data().labels());
    }

    private CorruptionBenchmark bench() {
        return new CorruptionBenchmark(new LocalZoo(tmp.resolve("zoo")), new CorruptionCache(tmp.resolve("cache")), null);
    }

    @Test
    void entryHoldsEveryCellTheMeanAndTheMce() throws Exception {
        CorruptionBenchmark.Request req = CorruptionBenchmark.Request.of("zoo:mnist-cnn-pgd-at",
                Tracks.get("mnist-corruptions")).withN(30).withSubset(List.of("rotate", "brightness", "shot_noise"),
                        List.of(1, 5));
        CorruptionBenchmark.Result r = bench().run(req);
        Entry e = r.entry();
        assertEquals("mnist-corruptions", e.track());
        assertEquals("corruptions", e.threatModel());
        assertNull(e.autoattackAcc());
        assertEquals(List.of("shot_noise", "brightness", "rotate"), List.copyOf(e.corruptions().accuracy().keySet()));
        assertEquals(List.of(1, 5), e.corruptions().severities());
        double sum = 0;
        for (List<Double> l : e.corruptions().accuracy().values()) {
            assertEquals(2, l.size());
            for (double v : l) {
                sum += v;
                // 30 points: every accuracy is a multiple of 1/30
                assertEquals(0, Math.abs(v / 100 * 30 - Math.round(v / 100 * 30)), 0.01, "cell " + v);
            }
        }
        assertEquals(Entry.percent(sum / 6 / 100), e.corruptionsAcc(), 1e-9);
        // mCE from the cells: Σ_s err / Σ_s err_baseline per corruption, then the mean
        double mce = 0;
        boolean defined = true;
        for (String k : e.corruptions().accuracy().keySet()) {
            List<Double> m = e.corruptions().accuracy().get(k), b = e.corruptions().baselineAccuracy().get(k);
            double em = 0, eb = 0;
            for (int i = 0; i < m.size(); i++) {
                em += 100 - m.get(i);
                eb += 100 - b.get(i);
            }
            if (eb == 0) {
                // the baseline made no error on this corruption: no CE, hence no mCE
                assertNull(e.corruptions().ce().get(k), k);
                defined = false;
                continue;
            }
            assertEquals(Entry.percent(em / eb), e.corruptions().ce().get(k), 0.02); // cells are rounded to 0.01
            mce += e.corruptions().ce().get(k) / 3;
        }
        if (defined) {
            assertEquals(Entry.percent(mce / 100), e.corruptionsMce(), 0.011);
        } else {
            assertNull(e.corruptionsMce());
        }
        // rotation by one radian fools the standard baseline on some of 30 digits
        assertNotNull(e.corruptions().ce().get("rotate"));
        assertEquals("zoo:mnist-cnn", e.corruptions().baseline());
        assertTrue(e.flags().subset() && e.flags().fewerPoints());
        assertTrue(e.flags().labels().contains("subset of corruptions"));
        // the cached files' hashes are in the record's provenance
        long cached = e.run().provenance().files().stream().map(FileHash::name)
                .filter(n -> n.startsWith("corruptions/")).count();
        assertEquals(6, cached);
        assertEquals("corruptions", e.run().kind());
        assertEquals(3, r.gallery().examples().size());
        assertEquals(2, r.gallery().examples().get("rotate").size());
        // it reads back, and a replay reproduces every number from the cache
        Path file = tmp.resolve("e.json");
        e.write(file);
        Entry back = Entry.read(file);
        assertEquals(e.corruptions(), back.corruptions());
        assertEquals(e.rankingAccuracy(), back.corruptionsAcc());
        CorruptionBenchmark.Replay replay = bench().replay(back, null);
        assertTrue(replay.identical(), replay.differences().toString());
    }

    @Test
    void theModelAsItsOwnBaselineHasMce100() {
        CorruptionBenchmark.Request req = CorruptionBenchmark.Request.of("zoo:mnist-cnn", Tracks.get("mnist-corruptions"))
                .withN(20).withSubset(List.of("rotate"), List.of(5)).withBaseline("zoo:mnist-cnn");
        Entry e = bench().run(req).entry();
        // a rotation by one radian fools the standard CNN on some of 20 digits, so the CE is defined
        assertTrue(e.corruptions().accuracy().get("rotate").get(0) < 100, e.corruptions().toString());
        assertEquals(100.0, e.corruptions().ce().get("rotate"));
        assertEquals(100.0, e.corruptionsMce());
        assertEquals(e.corruptions().accuracy(), e.corruptions().baselineAccuracy());
        assertNotNull(e.corruptionsAcc());
    }

    @Test
    void badRequestsFailBeforeAnyWork() {
        CorruptionBenchmark b = bench();
        CorruptionBenchmark.Request req = CorruptionBenchmark.Request.of("zoo:mnist-cnn", Tracks.get("mnist-corruptions"));
        UnknownNameException u = assertThrows(UnknownNameException.class,
                () -> b.run(req.withSubset(List.of("frost"), null)));
        assertTrue(u.getMessage().contains("translate"), u.getMessage());
        InvalidInputException s = assertThrows(InvalidInputException.class,
                () -> b.run(req.withSubset(null, List.of(6))));
        assertTrue(s.getMessage().contains("1, 2, 3, 4, 5"), s.getMessage());
        assertThrows(InvalidInputException.class,
                () -> b.run(CorruptionBenchmark.Request.of("zoo:mnist-cnn", Tracks.get("mnist-linf-0.3"))));
        assertFalse(Files.exists(tmp.resolve("cache")));
    }
}
