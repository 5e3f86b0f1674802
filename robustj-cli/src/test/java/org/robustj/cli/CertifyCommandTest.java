package org.robustj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustj.certify.TestCertifiers;
import org.robustj.io.Json;

/**
 * {@code robustj certify} and {@code evaluate --certify} end to end, with test-only certifiers that are
 * exact for linear models (robustj-certify's test jar): bad input, the record's per-point fields, the
 * report, the clean / robust / certified columns, and a wrong certifier caught by the attacks.
 */
class CertifyCommandTest {
    @TempDir
    static Path shared;

    @TempDir
    Path tmp;

    /** A linear model (mlp without hidden layers) trained briefly on synthetic-multiclass. */
    static Path linear;

    @BeforeAll
    static void setUp() {
        TestCertifiers.register();
        Path out = shared.resolve("linear");
        CliRun r = CliRun.of("train", "--dataset", "synthetic-multiclass", "--arch", "mlp", "--arch-options",
                "{\"hidden\":[]}", "--epochs", "8", "--quiet", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        linear = shared.resolve("linear.json");
    }

    private List<String> certify(String... extra) {
        List<String> a = new ArrayList<>(List.of("certify", "--model", linear.toString(), "--dataset",
                "synthetic-multiclass", "--quiet"));
        a.addAll(List.of(extra));
        return a;
    }

    private static CliRun run(List<String> args) {
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void everyBadInputIsOneErrorLineBeforeAnyWorkAndLeavesNoOutput() throws Exception {
        Path out = tmp.resolve("run.json");
        String o = out.toString();
        String[][] cases = {
            {"--sigma", "0", "--method", TestCertifiers.RADIUS, "--out", o, "|--sigma must be a finite number > 0"},
            {"--sigma", "-1", "--method", TestCertifiers.RADIUS, "--out", o, "|--sigma must be a finite number > 0"},
            {"--sigma", "NaN", "--method", TestCertifiers.RADIUS, "--out", o, "|--sigma"},
            {"--sigma", "Infinity", "--method", TestCertifiers.RADIUS, "--out", o, "|--sigma"},
            {"--n0", "0", "--method", TestCertifiers.RADIUS, "--out", o, "|--n0 must be >= 1"},
            {"--samples", "0", "--method", TestCertifiers.RADIUS, "--out", o, "|--samples must be >= 1"},
            {"--alpha", "0", "--method", TestCertifiers.RADIUS, "--out", o, "|--alpha must be in (0, 1)"},
            {"--alpha", "1", "--method", TestCertifiers.RADIUS, "--out", o, "|--alpha must be in (0, 1)"},
            {"--alpha", "1.5", "--method", TestCertifiers.RADIUS, "--out", o, "|--alpha must be in (0, 1)"},
            {"--eps", "-0.1", "--method", TestCertifiers.LINEAR, "--out", o, "|--eps must be finite numbers >= 0"},
            {"--eps", "nan", "--method", TestCertifiers.LINEAR, "--out", o, "|--eps"},
            {"--eps", "2", "--method", TestCertifiers.LINEAR, "--out", o, "|out of range for linf"},
            {"--batch-size", "0", "--method", TestCertifiers.LINEAR, "--out", o, "|--batch-size must be >= 1"},
            {"--method", "no-such-method", "--out", o, "|unknown certification method 'no-such-method'"},
            {"--method", TestCertifiers.RADIUS, "--norm", "linf", "--out", o, "|certifies L2 radii"},
            {"--method", TestCertifiers.LINEAR, "--norm", "l3", "--out", o, "|l3"},
            {"--method", TestCertifiers.LINEAR, "--n", "0", "--out", o, "|--n must be between 1 and 1000"},
            {"--method", TestCertifiers.LINEAR, "--n", "5000", "--out", o, "|--n must be between 1 and 1000"},
            {"--method", TestCertifiers.LINEAR, "--out", tmp.resolve("no/such/run.json").toString(),
                "|cannot write --out"},
            {"--method", TestCertifiers.LINEAR, "--out", o, "--report", tmp.toString(), "|cannot write --report"},
        };
        for (String[] c : cases) {
            String expected = c[c.length - 1].substring(1);
            List<String> args = certify(java.util.Arrays.copyOf(c, c.length - 1));
            CliRun r = run(args);
            assertTrue(r.oneLineError(), args + " → exit " + r.exit() + ", stderr: " + r.err());
            assertTrue(r.err().contains(expected), args + ": expected '" + expected + "' in " + r.err());
            assertFalse(r.out().contains("model "), args + ": work started before the refusal: " + r.out());
            assertFalse(Files.exists(out), args + ": an output was written");
            assertFalse(Files.exists(Path.of(o + ".lock")), args + ": a lock was left");
            assertFalse(Files.exists(Path.of(o + ".state.json")), args + ": a state was left");
        }
        CliRun missing = CliRun.of("certify", "--method", TestCertifiers.LINEAR, "--model",
                tmp.resolve("missing.pt").toString(), "--out", o);
        assertTrue(missing.oneLineError() && missing.err().contains("model file not found"), missing.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void aBoundMethodOnTorchScriptSaysTheModelIsOpaqueAndHowToExportIt() {
        Path pt = Path.of(System.getProperty("robustj.shared", "../shared"), "models", "mlp_std.pt");
        assumeTrue(Files.exists(pt), "skipping: ../shared/models/mlp_std.pt absent");
        Path out = tmp.resolve("run.json");
        CliRun r = CliRun.of("certify", "--model", pt.toString(), "--method", TestCertifiers.GRAPH, "--n", "5",
                "--quiet", "--out", out.toString());
        assertTrue(r.oneLineError(), r.err());
        assertTrue(r.err().contains("is TorchScript, which is opaque") && r.err().contains("torch.onnx.export")
                && r.err().contains("--model net.onnx") && r.err().contains("--method smoothing"), r.err());
        assertFalse(Files.exists(out));
        assertFalse(Files.exists(out.resolveSibling("run.json.lock")));
    }

    @Test
    void aBoundMethodOnAQueryOnlyModelSaysItNeedsTheLayerGraphAndPointsToSmoothing() {
        Path out = tmp.resolve("run.json");
        for (String method : List.of("ibp", "crown")) {
            CliRun r = CliRun.of(certify("--method", method, "--query-only", "--n", "4", "--out", out.toString())
                    .toArray(String[]::new));
            assertTrue(r.oneLineError(), r.err());
            assertTrue(r.err().startsWith("error: --method " + method + " (a bound method: it propagates bounds "
                    + "through the model's layers, white-box) needs a readable layer graph, but " + linear
                    + " is query-only (it answers logits, nothing else), so it has none; open it as a white-box "
                    + "model"), r.err());
            assertTrue(r.err().contains("use --method smoothing, which needs only logits and works on query-only "
                    + "models"), r.err());
            assertFalse(r.err().contains("opaque"), "a query-only model is not TorchScript: " + r.err());
            assertFalse(Files.exists(out));
        }
        // and smoothing, the alternative named, does run on the query-only model
        CliRun ok = CliRun.of(certify("--method", "smoothing", "--query-only", "--n", "2", "--samples", "20",
                "--n0", "10", "--out", out.toString()).toArray(String[]::new));
        assertEquals(0, ok.exit(), ok.err());
        assertTrue(Files.exists(out));
        // a model that is query-only by its backend (ONNX Runtime) declares the same capabilities
        Path onnx = Path.of(System.getProperty("robustj.shared", "../shared"), "models", "mlp_std.onnx");
        assumeTrue(Files.exists(onnx), "skipping the ONNX Runtime case: ../shared/models/mlp_std.onnx absent");
        CliRun r = CliRun.of("certify", "--model", onnx.toString(), "--backend", "onnxruntime", "--method", "crown",
                "--n", "2", "--quiet");
        assertTrue(r.oneLineError(), r.err());
        assertTrue(r.err().contains("is query-only (it answers logits, nothing else), so it has none")
                && r.err().contains("--method smoothing"), r.err());
    }

    @Test
    void aBoundRunWritesPerPointMarginsAndVerifiedFlagsAndItsReport() throws Exception {
        Path out = tmp.resolve("run.json");
        Path report = tmp.resolve("r.html");
        CliRun r = run(certify("--method", TestCertifiers.LINEAR, "--norm", "l2", "--eps", "0.05,0.2", "--n", "40",
                "--out", out.toString(), "--report", report.toString()));
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("certified accuracy") && r.out().contains("clean accuracy"), r.out());
        JsonNode rec = Json.mapper().readTree(out.toFile());
        assertEquals("certify", rec.get("kind").asText());
        assertTrue(rec.get("complete").asBoolean());
        assertTrue(rec.get("provenance").has("git_commit") && rec.get("provenance").has("files"), rec.toString());
        JsonNode c = rec.get("certification");
        assertEquals(TestCertifiers.LINEAR, c.get("method").asText());
        assertEquals(List.of(0.05, 0.2), List.of(c.get("radii").get(0).asDouble(), c.get("radii").get(1).asDouble()));
        JsonNode points = c.get("points");
        assertEquals(40, points.size());
        int[] certified = new int[2];
        for (int i = 0; i < points.size(); i++) {
            JsonNode p = points.get(i);
            assertEquals(i, p.get("index").asInt());
            for (String f : new String[] {"label", "prediction", "margin_lower_bounds", "verified", "seconds"}) {
                assertTrue(p.has(f), "point " + i + " lacks " + f + ": " + p);
            }
            assertEquals(5, p.get("margin_lower_bounds").get(0).size());
            for (int e = 0; e < 2; e++) {
                boolean v = p.get("verified").get(e).asBoolean();
                // verified means every margin's lower bound is positive
                boolean allPositive = true;
                for (int j = 0; j < 5; j++) {
                    if (j != p.get("label").asInt()) allPositive &= p.get("margin_lower_bounds").get(e).get(j).asDouble() > 0;
                }
                assertEquals(allPositive, v, "point " + i);
                if (v && p.get("prediction").asInt() == p.get("label").asInt()) certified[e]++;
            }
        }
        assertEquals(certified[0] / 40.0, c.get("certified_accuracy").get(0).asDouble(), 1e-12);
        assertEquals(certified[1] / 40.0, c.get("certified_accuracy").get(1).asDouble(), 1e-12);
        assertTrue(certified[0] > certified[1] && certified[1] >= 0, "radii chosen to certify fewer at 0.2");
        assertTrue(certified[0] <= Math.round(rec.get("clean_accuracy").asDouble() * 40), "certified above clean");
        assertFalse(Files.exists(Path.of(out + ".state.json")), "the state is removed after a complete run");
        String html = Files.readString(report);
        assertTrue(html.contains("Certified accuracy") && html.contains(TestCertifiers.LINEAR), "report lacks the curve");
        // robustj report renders the same record
        Path again = tmp.resolve("again.html");
        CliRun rep = CliRun.of("report", "--run", out.toString(), "--out", again.toString());
        assertEquals(0, rep.exit(), rep.err());
        assertTrue(Files.readString(again).contains("Certified accuracy"));
    }

    @Test
    void aSmoothingShapedRunRecordsRadiusAndPredictionPerPoint() throws Exception {
        Path out = tmp.resolve("run.json");
        CliRun r = run(certify("--method", TestCertifiers.RADIUS, "--n", "30", "--out", out.toString()));
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("abstained on"), r.out());
        JsonNode c = Json.mapper().readTree(out.toFile()).get("certification");
        assertEquals("l2", c.get("norm").asText(), "smoothing-shaped methods default to l2");
        assertEquals(5, c.get("radii").size(), "default radii 0, 0.25, ..., 1");
        assertTrue(c.has("abstain_rate"));
        for (JsonNode p : c.get("points")) {
            assertTrue(p.has("radius") && p.has("prediction") && p.has("seconds"), p.toString());
            assertFalse(p.has("verified") || p.has("margin_lower_bounds"), p.toString());
            boolean correct = p.get("prediction").asInt() == p.get("label").asInt();
            assertEquals(correct, p.get("certified").get(0).asBoolean(), "radius 0: certified iff correct " + p);
        }
    }

    @Test
    void evaluateCertifyStatesCleanRobustAndCertifiedPerPoint() throws Exception {
        Path out = tmp.resolve("run.json");
        CliRun r = CliRun.of("evaluate", "--model", linear.toString(), "--dataset", "synthetic-multiclass", "--n",
                "30", "--norm", "l2", "--eps", "0.1", "--attacks", "apgd-ce", "--attack-option", "apgd-ce.steps=20",
                "--certify", TestCertifiers.LINEAR, "--quiet", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("certified (" + TestCertifiers.LINEAR + ")"), r.out());
        JsonNode rec = Json.mapper().readTree(out.toFile());
        int certified = 0;
        int robust = 0;
        for (JsonNode p : rec.get("points")) {
            assertTrue(p.has("clean_correct") && p.has("robust") && p.has("certified"), p.toString());
            if (p.get("certified").asBoolean()) {
                certified++;
                assertTrue(p.get("robust").asBoolean(), "an exact certificate broken by an attack: " + p);
            }
            if (p.get("robust").asBoolean()) robust++;
        }
        assertTrue(certified <= robust);
        assertTrue(certified > 0, "the exact certifier certified nothing at a small eps");
        assertEquals(certified / 30.0, rec.get("certification").get("certified_accuracy").get(0).asDouble(), 1e-12);
        for (JsonNode w : rec.get("warnings")) {
            assertFalse(w.get("check").asText().equals("certified-not-robust"), w.toString());
        }
    }

    @Test
    void evaluateCertifyFlagsACertifierThatCertifiesPointsAnAttackBreaks() throws Exception {
        Path out = tmp.resolve("run.json");
        CliRun r = CliRun.of("evaluate", "--model", linear.toString(), "--dataset", "synthetic-multiclass", "--n",
                "30", "--norm", "linf", "--eps", "0.5", "--attacks", "apgd-ce", "--attack-option", "apgd-ce.steps=20",
                "--certify", TestCertifiers.WRONG, "--quiet", "--out", out.toString());
        assertEquals(Cli.INTERNAL_ERROR, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("warning [certified-not-robust]: point "), r.err());
        assertTrue(r.err().lines().anyMatch(l -> l.startsWith("error:") && l.contains("bug in the certifier")), r.err());
        JsonNode rec = Json.mapper().readTree(out.toFile());
        List<Integer> flagged = new ArrayList<>();
        for (JsonNode w : rec.get("warnings")) {
            if (w.get("check").asText().equals("certified-not-robust")) {
                String m = w.get("message").asText();
                flagged.add(Integer.parseInt(m.substring("point ".length(), m.indexOf(' ', "point ".length()))));
            }
        }
        List<Integer> expected = new ArrayList<>();
        for (JsonNode p : rec.get("points")) {
            if (p.get("certified").asBoolean() && !p.get("robust").asBoolean()) expected.add(p.get("index").asInt());
        }
        assertFalse(expected.isEmpty(), "eps 0.5 breaks every point of a linear model on this data");
        assertEquals(expected, flagged);
    }

    @Test
    void evaluateCertifyRefusesCleanOnlyRuns() {
        CliRun r = CliRun.of("evaluate", "--model", linear.toString(), "--dataset", "synthetic-multiclass",
                "--attacks", "none", "--certify", TestCertifiers.LINEAR);
        assertTrue(r.oneLineError(), r.err());
        assertTrue(r.err().contains("robustj certify"), r.err());
    }
}
