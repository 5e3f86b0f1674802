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
 * The sparse threat models from the command line: version sparse by default, said in the log and the record;
 * every bad budget is one {@code error:} line, a non-zero exit and no output file.
 */
class SparseCliTest {
    @TempDir
    Path tmp;

    private void assertOneLineError(CliRun r, String expected) {
        assertTrue(r.oneLineError(), "not a one-line error: exit " + r.exit() + ", stderr: " + r.err());
        assertTrue(r.err().contains(expected), "expected '" + expected + "' in: " + r.err());
    }

    @Test
    void badSparseBudgetsAreOneLineErrors() {
        Path out = tmp.resolve("run.json");
        String o = out.toString();
        assertOneLineError(CliRun.of("evaluate", "--norm", "l0", "--eps", "0", "--n", "5", "--out", o), "eps");
        assertOneLineError(CliRun.of("evaluate", "--norm", "l0", "--eps", "-3", "--n", "5", "--out", o), "eps");
        assertOneLineError(CliRun.of("evaluate", "--norm", "l0", "--eps", "2.5", "--n", "5", "--out", o),
                "whole number");
        assertOneLineError(CliRun.of("evaluate", "--norm", "patch", "--eps", "20", "--n", "5", "--out", o),
                "square number");
        assertOneLineError(CliRun.of("evaluate", "--norm", "l0", "--eps", "785", "--n", "5", "--out", o),
                "more pixels than the 28×28 image");
        assertOneLineError(CliRun.of("evaluate", "--norm", "patch", "--eps", "900", "--n", "5", "--out", o),
                "30×30 patch");
        assertOneLineError(CliRun.of("evaluate", "--norm", "frame", "--eps", "15", "--n", "5", "--out", o),
                "frame 15 pixels wide");
        assertOneLineError(CliRun.of("evaluate", "--norm", "l0", "--eps", "5", "--n", "5", "--attack-option",
                "sparse-rs.queries=0", "--out", o), "steps");
        assertOneLineError(CliRun.of("evaluate", "--norm", "l0", "--eps", "5", "--n", "5", "--attacks", "apgd-ce",
                "--out", o), "attacks that do: sparse-rs");
        assertOneLineError(CliRun.of("evaluate", "--norm", "l0", "--eps", "5", "--n", "5", "--version", "standard",
                "--out", o), "sparse threat model");
        assertOneLineError(CliRun.of("certify", "--norm", "l0", "--eps", "5", "--n", "5", "--method", "ibp"),
                "sparse threat model");
        assertFalse(Files.exists(out), "an error left a record");
    }

    @Test
    void l0RunsVersionSparseAndSaysSoInTheLogAndTheRecord() throws Exception {
        Path out = tmp.resolve("run.json");
        // the bundled PGD-trained CNN: robust to 5 pixels, not to 40
        CliRun r = CliRun.of("evaluate", "--norm", "l0", "--eps", "40", "--n", "8", "--attack-option",
                "sparse-rs.queries=300", "--quiet", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("version sparse (Sparse-RS"), r.out());
        assertTrue(r.out().contains("using sparse version including sparse-rs."), r.out());
        assertTrue(r.out().contains("queries mean / median"), r.out());
        JsonNode rec = Json.mapper().readTree(out.toFile());
        assertTrue(rec.path("attacks").get(0).path("broken").asInt() > 0, r.out());
        assertEquals("sparse", rec.path("config").path("version").asText());
        assertEquals("pixels changed", rec.path("config").path("perturbation_unit").asText());
        for (JsonNode p : rec.path("points")) {
            if (p.path("broken_by").asText().equals("sparse-rs")) {
                assertTrue(p.path("perturbation_norm").asDouble() <= 40, p.toString());
                assertTrue(p.path("queries").asInt() >= 1 && p.path("queries").asInt() <= 300, p.toString());
            }
        }
    }
}
