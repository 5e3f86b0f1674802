package org.robustj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustj.benchmark.Entry;

/** The corruption track and RobustBench import/export as a user runs them, and their one-line errors. */
class CorruptionCliTest {
    @TempDir
    Path tmp;

    @Test
    void unknownCorruptionsAndSeveritiesAreListedBeforeAnyWork() {
        Path entries = tmp.resolve("entries");
        CliRun a = CliRun.of("benchmark", "--model", "zoo:mnist-cnn", "--track", "mnist-corruptions", "--entries",
                entries.toString(), "--corruptions", "rotat", "--cache", tmp.resolve("cache").toString());
        assertTrue(a.oneLineError(), a.err());
        assertTrue(a.err().contains("unknown corruption 'rotat'") && a.err().contains("translate"), a.err());
        CliRun b = CliRun.of("benchmark", "--model", "zoo:mnist-cnn", "--track", "mnist-corruptions", "--entries",
                entries.toString(), "--severities", "0,6");
        assertTrue(b.oneLineError(), b.err());
        assertTrue(b.err().contains("severities: 1, 2, 3, 4, 5"), b.err());
        assertFalse(Files.exists(entries));
        assertFalse(Files.exists(tmp.resolve("cache")));
        CliRun c = CliRun.of("benchmark", "--list-corruptions", "--track", "mnist-linf-0.3");
        assertTrue(c.oneLineError(), c.err());
        CliRun d = CliRun.of("benchmark", "--model", "zoo:mnist-cnn", "--track", "mnist-linf-0.3", "--entries",
                entries.toString(), "--severities", "1");
        assertTrue(d.oneLineError() && d.err().contains("corruption tracks only"), d.err());
        CliRun list = CliRun.of("benchmark", "--list-corruptions");
        assertEquals(0, list.exit(), list.err());
        assertTrue(list.out().contains("jpeg_compression") && list.out().contains("translate"), list.out());
    }

    @Test
    void benchmarkReplayExportImportAndLeaderboard() throws Exception {
        Path entries = tmp.resolve("entries");
        Path cache = tmp.resolve("cache");
        CliRun run = CliRun.of("benchmark", "--model", "zoo:mnist-cnn-pgd-at", "--track", "mnist-corruptions", "--n",
                "20", "--corruptions", "brightness,rotate", "--severities", "2,5", "--entries", entries.toString(),
                "--cache", cache.toString(), "--quiet");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("mean corruption accuracy"), run.out());
        Path entry = entries.resolve("mnist-corruptions__mnist-cnn-pgd-at.json");
        Path report = entries.resolve("mnist-corruptions__mnist-cnn-pgd-at.html");
        assertTrue(Files.isRegularFile(entry) && Files.isRegularFile(report));
        assertTrue(Files.readString(report).contains("corruption-matrix"));
        Entry e = Entry.read(entry);
        assertEquals(4, e.run().provenance().files().stream().filter(f -> f.name().startsWith("corruptions/")).count());
        CliRun replay = CliRun.of("benchmark", "--replay", entry.toString(), "--cache", cache.toString());
        assertEquals(0, replay.exit(), replay.err() + replay.out());
        assertTrue(replay.out().contains("replay identical"), replay.out());

        Path info = tmp.resolve("model_info");
        CliRun ex = CliRun.of("robustbench", "export", "--entry", entry.toString(), "--out", info.toString(), "--id",
                "Robustj2026Mnist");
        assertEquals(0, ex.exit(), ex.err());
        Path exported = info.resolve("mnist/corruptions/Robustj2026Mnist.json");
        assertTrue(Files.isRegularFile(exported), ex.out());
        Path other = tmp.resolve("other");
        CliRun im = CliRun.of("robustbench", "import", "--entries", other.toString(), exported.toString());
        assertEquals(0, im.exit(), im.err());
        Entry back = Entry.read(other.resolve("mnist-corruptions__robustbench-Robustj2026Mnist.json"));
        assertEquals(e.corruptionsAcc(), back.corruptionsAcc());
        assertEquals(e.cleanAcc(), back.cleanAcc());
        assertFalse(back.evaluatedHere());

        // a mismatched file: one error line, nothing written
        Path bad = tmp.resolve("model_info/mnist/Linf/Bad.json");
        Files.createDirectories(bad.getParent());
        Files.writeString(bad, "{\"dataset\": \"mnist\", \"eps\": \"0.3\", \"clean_acc\": \"99.1\"}");
        Path third = tmp.resolve("third");
        CliRun wrong = CliRun.of("robustbench", "import", "--entries", third.toString(), exported.toString(),
                bad.toString());
        assertTrue(wrong.oneLineError(), wrong.err());
        assertTrue(wrong.err().contains("missing autoattack_acc"), wrong.err());
        assertFalse(Files.list(third).findAny().isPresent());

        Files.copy(other.resolve("mnist-corruptions__robustbench-Robustj2026Mnist.json"),
                entries.resolve("mnist-corruptions__robustbench-Robustj2026Mnist.json"));
        CliRun site = CliRun.of("leaderboard", "--entries", entries.toString(), "--out", tmp.resolve("site").toString());
        assertEquals(0, site.exit(), site.err());
        String index = Files.readString(tmp.resolve("site/index.html"));
        assertTrue(index.contains("not evaluated here") && index.contains("mCE"));
    }
}
