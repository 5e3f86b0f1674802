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
 * Model specifications on the command line ({@code ensemble:A,B}, {@code noise:SIGMA:M:MODEL}) and the model
 * options on every command that takes {@code --model}: a randomized model gets the rand version and says why,
 * its record holds the entropy of broken points, and a malformed specification, a member that does not fit the
 * others and a model option a command cannot honour are one-line errors that leave nothing behind.
 */
class RandomizedCommandTest {
    @TempDir
    Path tmp;

    private static void assertOneLineError(CliRun r, String expected) {
        assertTrue(r.oneLineError(), "not a one-line error: exit " + r.exit() + ", stderr: " + r.err());
        assertTrue(r.err().contains(expected), "expected '" + expected + "' in: " + r.err());
    }

    @Test
    void aNoiseModelIsEvaluatedWithEotAndItsEntropiesAreRecorded() throws Exception {
        Path out = tmp.resolve("noise.json");
        CliRun r = CliRun.of("evaluate", "--model", "noise:0.25:2:zoo:mnist-cnn", "--n", "4", "--eps", "0.3",
                "--attack-option", "apgd-ce.steps=3", "--attack-option", "apgd-dlr.steps=3",
                "--attack-option", "apgd-ce.eot_iter=2", "--attack-option", "apgd-dlr.eot_iter=2", "--quiet",
                "--out", out.toString(), "--report", tmp.resolve("noise.html").toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("version rand: the default for randomized models"), r.out());
        JsonNode rec = Json.mapper().readTree(out.toFile());
        assertEquals("rand", rec.get("config").get("version").asText());
        assertEquals("noise:0.25:2:zoo:mnist-cnn", rec.get("model").get("source").asText());
        for (JsonNode p : rec.get("points")) {
            if (p.get("clean_correct").asBoolean() && !p.get("robust").asBoolean()) {
                assertTrue(p.has("entropy"), p.toString());
            }
        }
        // each attack's entropy summary is that of the points it broke, and its AUROC a probability
        assertTrue(r.out().contains("entropy mean / median") && r.out().contains("AUROC"), r.out());
        for (JsonNode a : rec.get("attacks")) {
            double sum = 0;
            int count = 0;
            for (JsonNode p : rec.get("points")) {
                if (a.get("name").asText().equals(p.path("broken_by").asText()) && p.has("entropy")) {
                    sum += p.get("entropy").asDouble();
                    count++;
                }
            }
            if (count == 0) {
                assertFalse(a.has("entropy"), a.toString());
                continue;
            }
            JsonNode h = a.get("entropy");
            assertEquals(count, h.get("broken").asInt(), a.toString());
            assertEquals(sum / count, h.get("mean").asDouble(), 1e-6, a.toString());
            double auroc = h.get("auroc").asDouble();
            assertTrue(auroc >= 0 && auroc <= 1, a.toString());
        }
        // the report shows the same summaries in its uncertainty-detection section (when an attack has one)
        org.jsoup.nodes.Document report = org.jsoup.Jsoup.parse(tmp.resolve("noise.html").toFile(), "UTF-8");
        org.jsoup.nodes.Element section = report.selectFirst("#entropy");
        boolean summarised = false;
        for (JsonNode a : rec.get("attacks")) summarised |= a.has("entropy");
        assertEquals(summarised, section != null, "uncertainty-detection section in the report");
        if (section != null) {
            assertTrue(org.robustj.report.PageChecks.assertNumbersMatch(section, rec, null) > 0);
        }
    }

    @Test
    void anMcDropoutModelAnswersCleanAccuracy() {
        CliRun r = CliRun.of("evaluate", "--model", "mc-dropout:0.25:2:zoo:mnist-cnn", "--attacks", "none", "--n",
                "20", "--quiet");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("clean accuracy: "), r.out());
    }

    @Test
    void badSpecificationsAreOneLineErrors() {
        assertOneLineError(CliRun.of("evaluate", "--model", "mc-dropout:1.5:2:zoo:mnist-cnn", "--n", "2"),
                "P must be in [0, 1) and K >= 1");
        assertOneLineError(CliRun.of("evaluate", "--model", "noise:abc:4:zoo:mnist-cnn", "--n", "2"),
                "noise model noise:abc:4:zoo:mnist-cnn: SIGMA 'abc' is not a number");
        assertOneLineError(CliRun.of("evaluate", "--model", "noise:0.5:0:zoo:mnist-cnn", "--n", "2"),
                "SIGMA must be > 0 and M >= 1");
        assertOneLineError(CliRun.of("evaluate", "--model", "ensemble:zoo:mnist-cnn,,zoo:mnist-cnn", "--n", "2"),
                "has an empty member");
        assertOneLineError(CliRun.of("evaluate", "--model", "ensemble:zoo:mnist-cnn,missing.pt", "--n", "2"),
                "model file not found: missing.pt");
    }

    @Test
    void anEnsembleMemberThatDoesNotFitIsRefusedByName() {
        Path out = tmp.resolve("e.json");
        CliRun r = CliRun.of("evaluate", "--model", "ensemble:zoo:mnist-cnn,zoo:cifar10-cnn-pgd-at", "--n", "2",
                "--out", out.toString());
        assertOneLineError(r, "ensemble member zoo:cifar10-cnn-pgd-at takes inputs of shape (3, 32, 32)");
        assertFalse(Files.exists(out));
    }

    @Test
    void modelOptionsWorkOnCertifyAndDiagnoseAndAreRefusedWhereTheyCannot() {
        // --query-only on certify: a bound method then needs the graph the option hides
        assertOneLineError(CliRun.of("certify", "--model", "zoo:mnist-cnn", "--method", "ibp", "--query-only",
                "--n", "2"), "--method ibp (a bound method: it propagates bounds through the model's layers, "
                + "white-box) needs a readable layer graph, but zoo:mnist-cnn is query-only");
        assertOneLineError(CliRun.of("benchmark", "--model", "zoo:mnist-cnn", "--track", "mnist-linf-0.3",
                "--entries", tmp.toString(), "--query-only"), "--query-only is not available for benchmark");
        assertOneLineError(CliRun.of("export", "--model", "zoo:mnist-cnn", "--out", tmp.resolve("x.onnx").toString(),
                "--bpda"), "--bpda is not available for export");
        assertOneLineError(CliRun.of("diagnose", "collapse", "--model", "zoo:mnist-cnn", "--backend", "onnxruntime",
                "--n", "10"), "--backend onnxruntime runs ONNX files, but zoo:mnist-cnn is not one");
    }
}
