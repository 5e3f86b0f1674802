package org.robustj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustj.io.Json;

/**
 * {@code evaluate --query-only}, {@code --query-budget} and the bad input of query-only evaluations: the
 * blackbox version is the default for a query-only model and says why, the budget is never exceeded and is in
 * the record per point, and an unknown backend, a corrupt ONNX file, a gradient attack on a query-only model
 * and a budget ≤ 0 are one-line errors that leave no record behind.
 */
class QueryOnlyCommandTest {
    @TempDir
    Path tmp;

    private static void assertOneLineError(CliRun r, String expected) {
        assertTrue(r.oneLineError(), "not a one-line error: exit " + r.exit() + ", stderr: " + r.err());
        assertTrue(r.err().contains(expected), "expected '" + expected + "' in: " + r.err());
    }

    @Test
    void aQueryOnlyModelGetsTheBlackboxVersionWithinItsBudget() throws Exception {
        Path out = tmp.resolve("run.json");
        CliRun r = CliRun.of("evaluate", "--model", "zoo:mnist-cnn", "--query-only", "--n", "12", "--eps", "0.3",
                "--query-budget", "60", "--quiet", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("version blackbox: the default for query-only models"), r.out());
        assertTrue(r.out().contains("using blackbox version including square (query budget 60 per point"), r.out());
        assertTrue(r.out().contains("queries per point (budget 60): at most "), r.out());
        JsonNode rec = Json.mapper().readTree(out.toFile());
        assertEquals("blackbox", rec.get("config").get("version").asText());
        assertTrue(rec.get("config").get("query_only").asBoolean());
        for (JsonNode p : rec.get("points")) {
            long q = p.get("queries").asLong();
            assertTrue(q <= 60, "point " + p.get("index") + " used " + q);
            if (p.get("robust").asBoolean()) assertEquals(60, q, "a robust point had the whole budget");
        }
    }

    @Test
    void transferAttacksFromASurrogateAreReportedBesideTheQueryAttack() throws Exception {
        Path out = tmp.resolve("transfer.json");
        CliRun r = CliRun.of("evaluate", "--model", "zoo:mnist-cnn", "--query-only", "--surrogate",
                "zoo:mnist-cnn-pgd-at", "--n", "10", "--eps", "0.3", "--query-budget", "30", "--quiet", "--out",
                out.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("using blackbox version including transfer-apgd-ce, square"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.contains(" transfer-apgd-ce ") && l.contains("%")), r.out());
        JsonNode rec = Json.mapper().readTree(out.toFile());
        assertEquals("transfer-apgd-ce", rec.get("attacks").get(0).get("name").asText());
        assertEquals("zoo:mnist-cnn-pgd-at", rec.get("attacks").get(0).get("config").get("surrogate").asText());
        assertEquals("zoo:mnist-cnn-pgd-at", rec.get("config").get("surrogate").asText());
        CliRun misfit = CliRun.of("evaluate", "--model", "zoo:mnist-cnn", "--query-only", "--surrogate",
                "zoo:cifar10-cnn-pgd-at", "--n", "2");
        assertOneLineError(misfit, "zoo:cifar10-cnn-pgd-at");
    }

    @Test
    void badInputIsOneLineAndLeavesNoRecord() throws Exception {
        Path out = tmp.resolve("none.json");
        assertOneLineError(CliRun.of("evaluate", "--model", "zoo:mnist-cnn", "--backend", "tensorrt", "--n", "2",
                "--out", out.toString()), "unknown backend 'tensorrt'");
        assertOneLineError(CliRun.of("evaluate", "--model", "zoo:mnist-cnn", "--backend", "onnxruntime", "--n", "2"),
                "--backend onnxruntime runs ONNX files");
        Path bad = tmp.resolve("corrupt.onnx");
        Files.write(bad, "not an onnx model at all".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertOneLineError(CliRun.of("evaluate", "--model", bad.toString(), "--backend", "onnxruntime", "--n", "2",
                "--out", out.toString()), "error: cannot read ONNX model " + bad);
        assertOneLineError(CliRun.of("evaluate", "--model", bad.toString(), "--n", "2"),
                "error: cannot read ONNX model " + bad);
        assertOneLineError(CliRun.of("evaluate", "--model", "zoo:mnist-cnn", "--query-only", "--attacks", "apgd-ce",
                "--n", "2", "--out", out.toString()), "attack apgd-ce needs input gradients, but zoo:mnist-cnn is "
                + "query-only");
        CliRun standard = CliRun.of("evaluate", "--model", "zoo:mnist-cnn", "--query-only", "--version", "standard",
                "--n", "2");
        assertOneLineError(standard, "--attacks square");
        assertOneLineError(CliRun.of("evaluate", "--model", "zoo:mnist-cnn", "--query-only", "--query-budget", "0",
                "--n", "2"), "at least 1");
        assertOneLineError(CliRun.of("evaluate", "--model", "zoo:mnist-cnn", "--query-budget", "100", "--n", "2"),
                "--query-budget bounds the queries of gradient-free attacks");
        assertOneLineError(CliRun.of("evaluate", "--model", "zoo:mnist-cnn", "--query-only", "--bpda", "--n", "2"),
                "use one of them");
        assertFalse(Files.exists(out), "no record after an error");
    }
}
