package org.robustj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustj.diagnose.DiagnosticResult;
import org.robustj.io.Json;

/**
 * {@code robustj diagnose complexity|sharpness} and {@code robustj train --monitor-complexity}: records, reports,
 * progress lines, and bad input as one error line.
 */
class ComplexitySharpnessCommandTest {
    @TempDir
    Path dir;

    @Test
    void complexityOfTheBundledCnnWritesItsRecordAndReport() throws Exception {
        Path out = dir.resolve("c.json");
        CliRun r = CliRun.of("diagnose", "complexity", "--model", "zoo:mnist-cnn", "--n", "20", "--option",
                "radii=0.05,0.5", "--option", "directions=10", "--out", out.toString(), "--report",
                dir.resolve("c.html").toString(), "--quiet");
        assertEquals(0, r.exit(), r.err());
        DiagnosticResult d = DiagnosticResult.read(out);
        assertEquals("complexity", d.diagnostic());
        double small = d.number("lc.test.0.05");
        double large = d.number("lc.test.0.5");
        assertTrue(small > 0 && large > small, "more neurons cut the larger neighbourhood: " + small + ", " + large);
        assertEquals(d.number("lc.test.0.05"), d.number("lc.test.0.05.conv1") + d.number("lc.test.0.05.conv2")
                + d.number("lc.test.0.05.fc"), 1e-9, "LC is the sum over the layers");
        assertTrue(Files.readString(dir.resolve("c.html")).contains("Local complexity"));
        assertTrue(r.out().contains("lc.random.0.5"), r.out());
    }

    @Test
    void sharpnessOfTheBundledCnnIsRecordedPerRho() throws Exception {
        Path out = dir.resolve("s.json");
        CliRun r = CliRun.of("diagnose", "sharpness", "--model", "zoo:mnist-cnn", "--n", "20", "--option", "m=10",
                "--option", "rho=0.001,0.004", "--option", "iterations=3", "--out", out.toString(), "--quiet");
        assertEquals(0, r.exit(), r.err());
        DiagnosticResult d = DiagnosticResult.read(out);
        double a = d.number("sharpness.m_apgd_linf.adaptive.0.001");
        double b = d.number("sharpness.m_apgd_linf.adaptive.0.004");
        assertTrue(a >= 0 && b >= a, "worst-case sharpness is non-negative and grows with rho: " + a + ", " + b);
        assertTrue(d.notes().stream().anyMatch(n -> n.contains("training points")), d.notes().toString());
        assertEquals(2, d.details().get("batches").asInt());
    }

    @Test
    void outOfRangeRadiiAndRhoAreOneErrorLine() {
        CliRun big = CliRun.of("diagnose", "complexity", "--model", "zoo:mnist-cnn", "--n", "5", "--option",
                "radii=100");
        assertTrue(big.exit() != 0 && big.oneLineError(), big.err());
        assertTrue(big.err().startsWith("error: ") && big.err().contains("out of range"), big.err());
        CliRun neg = CliRun.of("diagnose", "complexity", "--model", "zoo:mnist-cnn", "--n", "5", "--option",
                "radii=0");
        assertTrue(neg.exit() != 0 && neg.oneLineError(), neg.err());
        for (String rho : new String[] {"-1", "0", "1e6"}) {
            CliRun s = CliRun.of("diagnose", "sharpness", "--model", "zoo:mnist-cnn", "--n", "5", "--option",
                    "rho=" + rho);
            assertTrue(s.exit() != 0 && s.oneLineError(), s.err());
            assertTrue(s.err().startsWith("error: sharpness rho"), s.err());
        }
    }

    @Test
    void opaqueModelsAreRefusedWithTheWayToAReadableOne() {
        Path pt = Path.of(System.getProperty("robustj.shared", "../shared"), "models", "mlp_std.pt");
        assumeTrue(Files.exists(pt), "skipping: ../shared/models absent");
        for (String name : new String[] {"complexity", "sharpness"}) {
            CliRun r = CliRun.of("diagnose", name, "--model", pt.toString(), "--n", "5");
            assertTrue(r.exit() != 0 && r.oneLineError(), r.err());
            assertTrue(r.err().contains("TorchScript") && r.err().contains("onnx"), r.err());
        }
    }

    @Test
    void trainRecordsLocalComplexityEveryKSteps() throws Exception {
        Path base = dir.resolve("mon");
        CliRun r = CliRun.of("train", "--dataset", "synthetic-multiclass", "--arch", "mlp", "--arch-options",
                "{\"hidden\":[8]}", "--n-train", "200", "--epochs", "1", "--batch-size", "50", "--optimizer", "adam",
                "--lr", "0.01", "--eval-size", "0", "--monitor-complexity",
                "every=2,radii=0.05/0.5,directions=4,train_points=20,test_points=20,random_points=5,eps=0.05",
                "--out", base.toString(), "--quiet");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("step 4 (epoch 1) complexity: LC r=0.05: train"), r.out());
        assertTrue(r.out().contains("PGD acc"), r.out());
        JsonNode card = Json.mapper().readTree(dir.resolve("mon.json").toFile());
        assertEquals(3, card.path("results").path("probes").path("complexity").path("points").size(), "steps 0, 2, 4");
        assertEquals(2, card.path("recipe").path("probes").path("complexity").path("every").asInt());
        JsonNode log = Json.mapper().readTree(Files.readAllLines(dir.resolve("mon.log.jsonl")).get(0));
        assertEquals(3, log.path("probes").size());
        CliRun bad = CliRun.of("train", "--dataset", "synthetic-multiclass", "--monitor-complexity", "radii=0.1");
        assertTrue(bad.exit() != 0 && bad.oneLineError(), bad.err());
        assertTrue(bad.err().contains("every=K"), bad.err());
    }

    @Test
    void trainRecordsTheNtkAndAccuracyProbesGivenWithProbe() throws Exception {
        Path base = dir.resolve("probes");
        CliRun r = CliRun.of("train", "--dataset", "synthetic-multiclass", "--arch", "mlp", "--arch-options",
                "{\"hidden\":[8]}", "--n-train", "200", "--epochs", "1", "--batch-size", "50", "--optimizer", "adam",
                "--lr", "0.01", "--eval-size", "0", "--probe", "ntk:every=2,points=10", "--probe",
                "accuracy:every=4,test_points=30,eps=0.05,fgsm=true", "--out", base.toString(), "--quiet");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("ntk: NTK distance to init"), r.out());
        JsonNode card = Json.mapper().readTree(dir.resolve("probes.json").toFile());
        assertEquals(3, card.path("results").path("probes").path("ntk").path("points").size(), "steps 0, 2, 4");
        assertEquals(2, card.path("results").path("probes").path("accuracy").path("points").size(), "steps 0, 4");
        assertTrue(card.path("results").path("probes").path("accuracy").path("points").get(1).path("values")
                .has("test_fgsm_accuracy"));
        CliRun bad = CliRun.of("train", "--dataset", "synthetic-multiclass", "--probe", "ntk:points=10");
        assertTrue(bad.exit() != 0 && bad.oneLineError() && bad.err().contains("every=K"), bad.err());
        CliRun unknown = CliRun.of("train", "--dataset", "synthetic-multiclass", "--probe", "nope:every=1");
        assertTrue(unknown.exit() != 0 && unknown.oneLineError() && unknown.err().contains("ntk"), unknown.err());
    }

    @Test
    void complexityAlsoMeasuresAdversarialPointsWhenAnAttackIsGiven() throws Exception {
        CliRun r = CliRun.of("diagnose", "complexity", "--model", "zoo:mnist-cnn", "--n", "6", "--option",
                "radii=0.05", "--option", "directions=3", "--option", "random_points=0", "--eps", "0.1",
                "--out", dir.resolve("a.json").toString(), "--quiet");
        assertEquals(0, r.exit(), r.err());
        JsonNode rec = Json.mapper().readTree(dir.resolve("a.json").toFile());
        assertTrue(rec.path("summary").has("lc.adversarial.0.05") && rec.path("summary").has("lc.test.0.05"),
                rec.path("summary").toString());
        assertTrue(rec.path("summary").has("attack_success.eps=0.1"), rec.path("summary").toString());
    }
}
