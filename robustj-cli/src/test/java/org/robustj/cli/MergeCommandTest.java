package org.robustj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustj.io.Json;

/**
 * {@code evaluate --points FROM:TO} and {@code robustj merge}: the bundled CNN's run on 12 points, cut in three
 * parts with different batch sizes and merged, is the record of the whole run (up to timings, provenance and
 * the command line); bad ranges and records that do not belong together are one-line errors.
 */
class MergeCommandTest {
    @TempDir
    Path tmp;

    private static List<String> run(Path out, String points, int batch) {
        List<String> a = new ArrayList<>(List.of("evaluate", "--model", "zoo:mnist-cnn", "--n", "12", "--eps", "0.1",
                "--seed", "3", "--attacks", "apgd-ce,square", "--attack-option", "apgd-ce.steps=10",
                "--attack-option", "square.queries=100", "--batch-size", Integer.toString(batch), "--quiet", "--out",
                out.toString()));
        if (points != null) a.addAll(List.of("--points", points));
        return a;
    }

    private static JsonNode comparable(Path record) throws Exception {
        ObjectNode t = (ObjectNode) Json.mapper().readTree(record.toFile());
        t.remove(List.of("seconds", "provenance"));
        ((ObjectNode) t.get("config")).remove(List.of("command", "batch_size", "points"));
        for (JsonNode a : t.get("attacks")) ((ObjectNode) a).remove("seconds");
        return t;
    }

    @Test
    void partialRecordsMergeIntoTheWholeRun() throws Exception {
        Path whole = tmp.resolve("whole.json");
        assertOk(CliRun.of(run(whole, null, 12).toArray(String[]::new)));
        Path a = tmp.resolve("a.json");
        Path b = tmp.resolve("b.json");
        Path c = tmp.resolve("c.json");
        assertOk(CliRun.of(run(a, "0:5", 2).toArray(String[]::new)));
        assertOk(CliRun.of(run(b, "5:7", 7).toArray(String[]::new)));
        CliRun last = CliRun.of(run(c, "7:12", 3).toArray(String[]::new));
        assertOk(last);
        assertTrue(last.out().contains("robustj merge"), last.out());
        JsonNode part = Json.mapper().readTree(c.toFile());
        assertEquals("first 12, points 7:12", part.path("dataset").path("selection").asText());
        assertEquals(5, part.path("dataset").path("n").asInt());
        assertFalse(part.path("points").path(0).path("index").asInt() != 7);

        Path merged = tmp.resolve("merged.json");
        CliRun m = CliRun.of("merge", "--out", merged.toString(), c.toString(), a.toString(), b.toString());
        assertOk(m);
        assertTrue(m.out().contains("12 of 12 points"), m.out());
        assertEquals(comparable(whole), comparable(merged));
        assertEquals(2, Json.mapper().readTree(merged.toFile()).path("provenance").path("seeding").asInt());

        // a part missing: still partial, and says so
        Path ab = tmp.resolve("ab.json");
        CliRun p = CliRun.of("merge", "--out", ab.toString(), a.toString(), b.toString());
        assertOk(p);
        assertTrue(p.out().contains("still partial: first 12, points 0:7"), p.out());
    }

    @Test
    void badRangesAndForeignRecordsAreOneLineErrors() throws Exception {
        assertOneLineError(CliRun.of(run(tmp.resolve("x.json"), "5:3", 4).toArray(String[]::new)), "--points");
        assertOneLineError(CliRun.of(run(tmp.resolve("x.json"), "0:40", 4).toArray(String[]::new)), "goes past");
        assertOneLineError(CliRun.of(run(tmp.resolve("x.json"), "a:b", 4).toArray(String[]::new)), "FROM:TO");
        Path a = tmp.resolve("a.json");
        assertOk(CliRun.of(run(a, "0:4", 4).toArray(String[]::new)));
        Path b = tmp.resolve("b.json");
        assertOk(CliRun.of(run(b, "2:6", 4).toArray(String[]::new)));
        assertOneLineError(CliRun.of("merge", "--out", tmp.resolve("m.json").toString(), a.toString(), b.toString()),
                "point 2 is in both records");
        // a record of the old seeding scheme (no "seeding" in its provenance) does not merge
        ObjectNode old = (ObjectNode) Json.mapper().readTree(b.toFile());
        ((ObjectNode) old.get("provenance")).remove("seeding");
        Path o = tmp.resolve("old.json");
        Files.writeString(o, Json.write(old));
        assertOneLineError(CliRun.of("merge", "--out", tmp.resolve("m.json").toString(), a.toString(), o.toString()),
                "seeding scheme 1");
        assertFalse(Files.exists(tmp.resolve("m.json")), "nothing written on error");
    }

    private static void assertOk(CliRun r) {
        assertEquals(0, r.exit(), "stdout: " + r.out() + "\nstderr: " + r.err());
    }

    private static void assertOneLineError(CliRun r, String expected) {
        assertTrue(r.oneLineError(), "not a one-line error: exit " + r.exit() + ", stderr: " + r.err());
        assertTrue(r.err().contains(expected), "expected '" + expected + "' in: " + r.err());
    }
}
