package org.robustj.benchmark.robustbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustj.benchmark.Entry;
import org.robustj.benchmark.Leaderboard;
import org.robustj.benchmark.Track;
import org.robustj.benchmark.Tracks;
import org.robustj.errors.DataFormatException;
import org.robustj.errors.InvalidInputException;
import org.robustj.eval.RunRecord;
import org.robustj.io.Json;

class RobustBenchInfoTest {
    @TempDir
    Path tmp;

    /** RobustBench's Wong2020Fast.json, as in model_info/cifar10/Linf/. */
    private static final String WONG = "{\"link\": \"https://arxiv.org/abs/2001.03994\", \"name\": \"Fast is better "
            + "than free: Revisiting adversarial training\", \"authors\": \"Eric Wong, Leslie Rice, J. Zico Kolter\", "
            + "\"additional_data\": false, \"number_forward_passes\": 1, \"dataset\": \"cifar10\", \"venue\": \"ICLR "
            + "2020\", \"architecture\": \"PreActResNet-18\", \"eps\": \"8/255\", \"clean_acc\": \"83.34\", "
            + "\"reported\": \"46.06\", \"footnote\": \"Focuses on fast adversarial training.\", \"autoattack_acc\": "
            + "\"43.21\"}";

    private Path write(String folder, String name, String json) throws Exception {
        Path d = tmp.resolve("model_info").resolve(folder);
        Files.createDirectories(d);
        Path f = d.resolve(name + ".json");
        Files.writeString(f, json);
        return f;
    }

    private static Entry evaluated(String track, double clean, double aa) {
        Track t = Tracks.get(track);
        RunRecord r = new RunRecord(RunRecord.SCHEMA, "robust", Json.tree(java.util.Map.of("model", "m.pt")),
                new RunRecord.ModelInfo("m.pt", "m", "small-cnn", "abc", 10),
                new RunRecord.DataInfo(t.dataset(), "test", 1000, "first 1000"), clean / 100, List.of(), 0.01, aa / 100,
                List.of(t.eps()), List.of(aa / 100), List.of(), List.of(), List.of(), true, 1.0, null);
        return new Entry(Entry.SCHEMA, "my-cnn", "zoo:my-cnn", "abc", "small-cnn", "pgd-at", track, t.dataset(),
                t.threatModel(), t.epsLabel(), t.eps(), 1000, clean, aa, null, null, "standard",
                List.of("apgd-ce", "apgd-t", "fab-t", "square"), new Entry.Flags(false, false, false, List.of()), null,
                null, "2026-01-01T00:00:00Z", r);
    }

    @Test
    void importsARobustBenchFileAsAnExternalRow() throws Exception {
        Entry e = RobustBenchInfo.read(write("cifar10/Linf", "Wong2020Fast", WONG), null);
        assertEquals("Wong2020Fast", e.name());
        assertEquals("cifar10-linf-8/255", e.track());
        assertEquals(83.34, e.cleanAcc());
        assertEquals(43.21, e.autoattackAcc());
        assertEquals("PreActResNet-18", e.architecture());
        assertEquals(10000, e.nPoints());
        assertFalse(e.evaluatedHere());
        assertNull(e.run());
        assertEquals("robustbench", e.imported().origin());
        assertEquals(46.06, e.imported().reported());
        assertEquals("ICLR 2020", e.imported().venue());
        // it is an entry file like any other: written, read back, ranked without a rank of its own
        List<Path> w = RobustBenchInfo.importInto(List.of(write("cifar10/Linf", "Wong2020Fast", WONG)), null,
                tmp.resolve("entries"));
        assertEquals(1, w.size());
        evaluated("cifar10-linf-8/255", 80, 40).writeInto(tmp.resolve("entries"), null);
        Leaderboard lb = Leaderboard.load(tmp.resolve("entries"));
        assertTrue(lb.problems().isEmpty(), lb.problems().toString());
        List<Leaderboard.Row> rows = lb.tracks().get("cifar10-linf-8/255");
        assertEquals(2, rows.size());
        assertEquals("Wong2020Fast", rows.get(0).entry().name());
        assertEquals(0, rows.get(0).rank());
        assertEquals(1, rows.get(1).rank());
    }

    @Test
    void exportThenImportRoundTrips() throws Exception {
        Entry e = evaluated("cifar10-linf-8/255", 79.5, 41.2);
        Path f = RobustBenchInfo.export(e, new RobustBenchInfo.Paper("Mine2026Cnn", "https://example.org/p", "A paper",
                "A. Author", "arXiv", false), tmp.resolve("out"));
        assertEquals(tmp.resolve("out/cifar10/Linf/Mine2026Cnn.json"), f);
        JsonNode o = Json.mapper().readTree(f.toFile());
        assertEquals("79.50", o.get("clean_acc").asText());
        assertEquals("41.20", o.get("autoattack_acc").asText());
        assertEquals("8/255", o.get("eps").asText());
        assertEquals("small-cnn", o.get("architecture").asText());
        assertTrue(o.get("footnote").asText().contains("first 1000 test points"), o.toString());
        for (String k : List.of("link", "name", "authors", "additional_data", "number_forward_passes", "dataset", "venue",
                "architecture", "eps", "clean_acc", "reported", "autoattack_acc")) {
            assertTrue(o.has(k), k);
        }
        Entry back = RobustBenchInfo.read(f, null);
        assertEquals("Mine2026Cnn", back.name());
        assertEquals(e.track(), back.track());
        assertEquals(e.cleanAcc(), back.cleanAcc());
        assertEquals(e.autoattackAcc(), back.autoattackAcc());
        assertEquals(e.architecture(), back.architecture());
        assertEquals(e.eps(), back.eps());
        assertEquals("A paper", back.imported().paper());
        // and the imported row exports again to the same file content
        Path again = RobustBenchInfo.export(back, new RobustBenchInfo.Paper(null, "https://example.org/p", "A paper",
                "A. Author", "arXiv", false), tmp.resolve("again"));
        JsonNode o2 = Json.mapper().readTree(again.toFile());
        for (String k : List.of("clean_acc", "autoattack_acc", "eps", "architecture", "dataset", "link")) {
            assertEquals(o.get(k), o2.get(k), k);
        }
    }

    @Test
    void corruptionRowsRoundTripToo() throws Exception {
        String std = "{\"link\": \"https://github.com/RobustBench/robustbench/\", \"name\": \"Standardly trained "
                + "model\", \"authors\": \"\", \"additional_data\": false, \"number_forward_passes\": 1, \"dataset\": "
                + "\"cifar10\", \"venue\": \"N/A\", \"architecture\": \"WideResNet-28-10\", \"eps\": \"0.5\", "
                + "\"clean_acc\": \"94.78\", \"reported\": \"73.46\", \"corruptions_acc\": \"73.46\"}";
        Entry e = RobustBenchInfo.read(write("cifar10/corruptions", "Standard", std), null);
        assertEquals("cifar10-corruptions", e.track());
        assertEquals(73.46, e.corruptionsAcc());
        assertNull(e.autoattackAcc());
        assertEquals(73.46, e.rankingAccuracy());
        Path f = RobustBenchInfo.export(e, RobustBenchInfo.Paper.none(), tmp.resolve("out"));
        assertEquals("73.46", Json.mapper().readTree(f.toFile()).get("corruptions_acc").asText());
        assertEquals(73.46, RobustBenchInfo.read(f, null).corruptionsAcc());
    }

    @Test
    void mismatchedFilesAreRefusedWithOneLineAndNothingIsWritten() throws Exception {
        Path good = write("cifar10/Linf", "Wong2020Fast", WONG);
        // the threat model of the folder does not fit the file's fields
        Path wrongFolder = write("cifar10/corruptions", "Wong2020Fast", WONG);
        DataFormatException a = assertThrows(DataFormatException.class, () -> RobustBenchInfo.read(wrongFolder, null));
        assertTrue(a.getMessage().contains("missing corruptions_acc") && a.getMessage().contains("autoattack_acc"),
                a.getMessage());
        // an ε no track has
        Path eps = write("cifar10/Linf", "Odd", WONG.replace("8/255", "4/255"));
        DataFormatException b = assertThrows(DataFormatException.class, () -> RobustBenchInfo.read(eps, null));
        assertTrue(b.getMessage().contains("no robustj track for cifar10 Linf eps 4/255"), b.getMessage());
        // a data set without tracks
        Path ds = write("imagenet/Linf", "Salman2020Do_R18", WONG.replace("cifar10", "imagenet"));
        assertThrows(DataFormatException.class, () -> RobustBenchInfo.read(ds, null));
        // accuracies that are not percentages
        Path pct = write("cifar10/Linf", "Pct", WONG.replace("\"43.21\"", "\"forty\""));
        DataFormatException c = assertThrows(DataFormatException.class, () -> RobustBenchInfo.read(pct, null));
        assertTrue(c.getMessage().contains("autoattack_acc must be a percentage"), c.getMessage());
        Path big = write("cifar10/Linf", "Big", WONG.replace("\"83.34\"", "\"183.34\""));
        assertThrows(DataFormatException.class, () -> RobustBenchInfo.read(big, null));
        // not JSON, not an object, no folder to tell the threat model
        Path bad = write("cifar10/Linf", "Bad", "{\"link\": ");
        assertThrows(DataFormatException.class, () -> RobustBenchInfo.read(bad, null));
        Path arr = write("cifar10/Linf", "Arr", "[1, 2]");
        assertThrows(DataFormatException.class, () -> RobustBenchInfo.read(arr, null));
        Path loose = write("", "Loose", WONG);
        DataFormatException d = assertThrows(DataFormatException.class, () -> RobustBenchInfo.read(loose, null));
        assertTrue(d.getMessage().contains("--threat-model"), d.getMessage());
        assertEquals("cifar10-linf-8/255", RobustBenchInfo.read(loose, "Linf").track());
        assertThrows(InvalidInputException.class, () -> RobustBenchInfo.read(loose, "L0"));
        // one bad file among good ones: nothing is written
        Path entries = tmp.resolve("entries");
        assertThrows(DataFormatException.class, () -> RobustBenchInfo.importInto(List.of(good, pct), null, entries));
        assertFalse(Files.exists(entries) && Files.list(entries).findAny().isPresent());
        for (String m : List.of(a.getMessage(), b.getMessage(), c.getMessage(), d.getMessage())) {
            assertFalse(m.contains("\n"), m);
        }
    }

    @Test
    void exportRefusesThreatModelsRobustBenchHasNot() {
        Entry e = evaluated("cifar10-patch-5x5", 80, 20);
        InvalidInputException x = assertThrows(InvalidInputException.class,
                () -> RobustBenchInfo.toModelInfo(e, RobustBenchInfo.Paper.none()));
        assertTrue(x.getMessage().contains("Linf, L2, corruptions"), x.getMessage());
    }
}
