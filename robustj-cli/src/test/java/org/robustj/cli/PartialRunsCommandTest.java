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
import org.robustj.benchmark.Entry;
import org.robustj.io.Json;

/**
 * Partial runs of {@code benchmark} and {@code certify} ({@code --points FROM:TO}) and their merge with {@code
 * robustj merge}: the parts of a partition, merged in any order, give the entry (record) of the whole run; and
 * without the Spark module on the classpath, {@code --spark} is one {@code error:} line naming it.
 */
class PartialRunsCommandTest {
    @TempDir
    Path tmp;

    private static List<String> bench(String... more) {
        List<String> a = new ArrayList<>(List.of("benchmark", "--model", "zoo:mnist-cnn", "--track", "mnist-linf-0.3",
                "--n", "9", "--attacks", "apgd-ce,square", "--attack-option", "apgd-ce.steps=5", "--attack-option",
                "square.queries=60", "--name", "cnn", "--quiet"));
        a.addAll(List.of(more));
        return a;
    }

    private static JsonNode comparable(JsonNode run) {
        ObjectNode t = (ObjectNode) run.deepCopy();
        t.remove(List.of("seconds", "provenance"));
        ((ObjectNode) t.get("config")).remove(List.of("command", "points", "batch_size"));
        if (t.get("attacks") != null) {
            for (JsonNode a : t.get("attacks")) ((ObjectNode) a).remove("seconds");
        }
        if (t.get("certification") instanceof ObjectNode c) {
            c.remove("seconds");
            for (JsonNode p : c.get("points")) ((ObjectNode) p).remove("seconds");
        }
        return t;
    }

    @Test
    void partialBenchmarkEntriesMergeIntoTheWholeEntry() throws Exception {
        Path entries = tmp.resolve("entries");
        assertOk(CliRun.of(bench("--entries", entries.toString()).toArray(String[]::new)));
        Entry whole;
        try (var files = Files.list(entries)) {
            whole = Entry.read(files.filter(f -> f.toString().endsWith(".json")).findFirst().orElseThrow());
        }
        Path a = tmp.resolve("a.json");
        Path b = tmp.resolve("b.json");
        CliRun ra = CliRun.of(bench("--points", "0:4", "--out", a.toString()).toArray(String[]::new));
        assertOk(ra);
        assertTrue(ra.out().contains("robustj merge"), ra.out());
        assertOk(CliRun.of(bench("--points", "4:9", "--out", b.toString(), "--batch-size", "2")
                .toArray(String[]::new)));
        Entry pa = Entry.read(a);
        assertEquals(4, pa.nPoints());
        assertTrue(pa.flags().fewerPoints());
        Path merged = tmp.resolve("merged.json");
        CliRun m = CliRun.of("merge", "--out", merged.toString(), b.toString(), a.toString());
        assertOk(m);
        assertTrue(m.out().contains("9 of 9 points"), m.out());
        Entry e = Entry.read(merged);
        assertEquals(whole.cleanAcc(), e.cleanAcc());
        assertEquals(whole.autoattackAcc(), e.autoattackAcc());
        assertEquals(whole.nPoints(), e.nPoints());
        assertEquals(whole.flags(), e.flags());
        assertEquals(whole.attacks(), e.attacks());
        assertEquals(comparable(Json.tree(whole.run())), comparable(Json.tree(e.run())));
        // a partial entry and a run record are not one kind
        Path rec = tmp.resolve("rec.json");
        Files.writeString(rec, Json.write(whole.run()));
        assertOneLineError(CliRun.of("merge", "--out", tmp.resolve("x.json").toString(), a.toString(),
                rec.toString()), "not of one kind");
        // a whole benchmark writes into --entries, a part only to --out
        assertOneLineError(CliRun.of(bench("--points", "0:4", "--out", a.toString(), "--entries",
                entries.toString()).toArray(String[]::new)), "drop --entries");
        assertOneLineError(CliRun.of(bench("--out", a.toString(), "--entries", entries.toString())
                .toArray(String[]::new)), "needs --points");
    }

    private static List<String> certify(String... more) {
        List<String> a = new ArrayList<>(List.of("certify", "--method", "smoothing", "--model", "zoo:mnist-cnn", "--n",
                "7", "--n0", "20", "--samples", "100", "--quiet"));
        a.addAll(List.of(more));
        return a;
    }

    @Test
    void partialCertificationRecordsMergeIntoTheWholeRecord() throws Exception {
        Path whole = tmp.resolve("whole.json");
        assertOk(CliRun.of(certify("--out", whole.toString()).toArray(String[]::new)));
        Path a = tmp.resolve("a.json");
        Path b = tmp.resolve("b.json");
        Path c = tmp.resolve("c.json");
        assertOk(CliRun.of(certify("--points", "0:2", "--out", a.toString()).toArray(String[]::new)));
        assertOk(CliRun.of(certify("--points", "2:3", "--out", b.toString()).toArray(String[]::new)));
        assertOk(CliRun.of(certify("--points", "3:7", "--out", c.toString()).toArray(String[]::new)));
        JsonNode part = Json.mapper().readTree(c.toFile());
        assertEquals("first 7, points 3:7", part.path("dataset").path("selection").asText());
        Path merged = tmp.resolve("merged.json");
        CliRun m = CliRun.of("merge", "--out", merged.toString(), c.toString(), a.toString(), b.toString());
        assertOk(m);
        assertTrue(m.out().contains("7 of 7 points") && m.out().contains("certified accuracy"), m.out());
        assertEquals(comparable(Json.mapper().readTree(whole.toFile())),
                comparable(Json.mapper().readTree(merged.toFile())));
        assertOneLineError(CliRun.of("merge", "--out", tmp.resolve("x.json").toString(), a.toString(), a.toString()),
                "point 0 is in both records");
    }

    @Test
    void withoutTheSparkModuleSparkIsAOneLineErrorNamingIt() {
        CliRun r = CliRun.of("evaluate", "--n", "4", "--attacks", "apgd-ce", "--spark", "local[2]", "--quiet", "--out",
                tmp.resolve("r.json").toString());
        assertOneLineError(r, "needs the robustj-spark module");
        assertFalse(Files.exists(tmp.resolve("r.json")));
        assertOneLineError(CliRun.of("certify", "--method", "smoothing", "--n", "4", "--spark", "local[2]"),
                "robustj-spark");
        assertOneLineError(CliRun.of("evaluate", "--n", "4", "--partitions", "2"), "needs --spark");
        assertOneLineError(CliRun.of("evaluate", "--n", "4", "--points", "0:2", "--spark", "local[2]"),
                "--points does not combine with --spark");
    }

    private static void assertOk(CliRun r) {
        assertEquals(0, r.exit(), "stdout: " + r.out() + "\nstderr: " + r.err());
    }

    private static void assertOneLineError(CliRun r, String expected) {
        assertTrue(r.oneLineError(), "not a one-line error: exit " + r.exit() + ", stderr: " + r.err());
        assertTrue(r.err().contains(expected), "expected '" + expected + "' in: " + r.err());
    }
}
