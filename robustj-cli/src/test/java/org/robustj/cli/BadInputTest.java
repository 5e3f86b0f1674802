package org.robustj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustj.model.BlockClassifier;
import org.robustj.model.ModelCard;
import org.robustj.model.Models;

/** Every bad input gives one line on stderr starting with "error:", a non-zero exit, and no output file. */
class BadInputTest {
    @TempDir
    Path tmp;

    static Path shared(String f) {
        return Path.of(System.getProperty("robustj.shared", "../shared")).resolve(f);
    }

    private void assertOneLineError(CliRun r, String expected) {
        assertTrue(r.oneLineError(), "not a one-line error: exit " + r.exit() + ", stderr: " + r.err());
        assertTrue(r.err().contains(expected), "expected '" + expected + "' in: " + r.err());
    }

    private Path tinyModel(String name, boolean nan) throws Exception {
        ModelCard card = new ModelCard(name, ModelCard.ROBUSTJ_FORMAT, "mlp", Map.of("hidden", List.of(8)), "mnist",
                List.of(1L, 28L, 28L), 10, null, null, 1L, null, null, null, null, null, null, null);
        try (NDManager m = NDManager.newBaseManager(); BlockClassifier c = BlockClassifier.create(m, card, 1)) {
            if (nan) {
                for (Pair<String, Parameter> p : c.parameters()) {
                    p.getValue().getArray().muli(Float.NaN);
                }
            }
            Models.save(c, tmp.resolve(name));
        }
        return tmp.resolve(name + ".json");
    }

    @Test
    void missingModelFile() {
        Path out = tmp.resolve("run.json");
        CliRun r = CliRun.of("evaluate", "--model", tmp.resolve("nope.pt").toString(), "--attacks", "none",
                "--out", out.toString());
        assertOneLineError(r, "model file not found");
        assertFalse(Files.exists(out));
    }

    @Test
    void corruptTorchScriptFile() throws Exception {
        Path bad = tmp.resolve("bad.pt");
        Files.write(bad, new byte[] {'P', 'K', 3, 4, 1, 2, 3});
        assertOneLineError(CliRun.of("evaluate", "--model", bad.toString(), "--attacks", "none"), "cannot load");
    }

    @Test
    void corruptRobustjWeights() throws Exception {
        Path card = tinyModel("tiny", false);
        Path params = tmp.resolve("tiny.params");
        byte[] b = Files.readAllBytes(params);
        Files.write(params, java.util.Arrays.copyOf(b, b.length / 2));
        assertOneLineError(CliRun.of("evaluate", "--model", card.toString(), "--attacks", "none"), "corrupt");
    }

    @Test
    void corruptModelCard() throws Exception {
        Path card = tmp.resolve("broken.json");
        Files.writeString(card, "{ not json");
        Files.write(tmp.resolve("broken.params"), new byte[10]);
        assertOneLineError(CliRun.of("evaluate", "--model", card.toString(), "--attacks", "none"), "not valid JSON");
    }

    @Test
    void nonFiniteLogits() throws Exception {
        Path out = tmp.resolve("run.json");
        Path card = tinyModel("nan", true);
        CliRun r = CliRun.of("evaluate", "--model", card.toString(), "--n", "10", "--out", out.toString());
        assertOneLineError(r, "non-finite logit");
        assertFalse(Files.exists(out));
    }

    @Test
    void modelThatDoesNotFitTheData() throws Exception {
        Path card = tinyModel("tiny", false);
        assumeTrue(Files.isDirectory(shared("data/cifar10")), "skipping: ../shared/data/cifar10 absent");
        assertOneLineError(CliRun.of("evaluate", "--model", card.toString(), "--dataset", "cifar10", "--data-dir",
                shared("data").toString(), "--attacks", "none", "--n", "10"), "expects inputs of shape");
    }

    @Test
    void torchScriptThatDoesNotFitTheData() {
        Path pt = shared("models/cnn_bn_std.pt");
        assumeTrue(Files.exists(pt), "skipping: " + pt + " absent");
        assumeTrue(Files.isDirectory(shared("data/cifar10")), "skipping: ../shared/data/cifar10 absent");
        assertOneLineError(CliRun.of("evaluate", "--model", pt.toString(), "--dataset", "cifar10", "--data-dir",
                shared("data").toString(), "--attacks", "none", "--n", "10"), "does not accept inputs of shape");
    }

    @Test
    void unknownNames() {
        assertOneLineError(CliRun.of("evaluate", "--dataset", "imagenet7", "--attacks", "none"), "unknown data set");
        assertOneLineError(CliRun.of("evaluate", "--model", "zoo:nope", "--attacks", "none"), "unknown zoo model");
        assertOneLineError(CliRun.of("evaluate", "--norm", "l7"), "unknown norm");
        assertOneLineError(CliRun.of("evaluate", "--version", "turbo"), "unknown version");
    }

    @Test
    void unknownAttack() throws Exception {
        Path card = tinyModel("tiny", false);
        assertOneLineError(CliRun.of("evaluate", "--model", card.toString(), "--attacks", "warp-drive", "--n", "5"),
                "unknown attack");
    }

    @Test
    void nOutOfRange() {
        assertOneLineError(CliRun.of("evaluate", "--n", "0", "--attacks", "none"), "--n must be between 1 and 10000");
        assertOneLineError(CliRun.of("evaluate", "--n", "10001", "--attacks", "none"), "--n must be between");
    }

    @Test
    void epsOutOfRange() throws Exception {
        Path card = tinyModel("tiny", false);
        assertOneLineError(CliRun.of("evaluate", "--model", card.toString(), "--eps", "1.5", "--attacks", "fgsm",
                "--n", "5"), "eps 1.5 is out of range");
        assertOneLineError(CliRun.of("evaluate", "--model", card.toString(), "--eps", "-0.1", "--attacks", "fgsm",
                "--n", "5"), "eps must be");
        assertOneLineError(CliRun.of("evaluate", "--model", card.toString(), "--eps", "abc", "--attacks", "fgsm",
                "--n", "5"), "--eps must be a number");
    }

    @Test
    void corruptDataFile() throws Exception {
        Path dir = tmp.resolve("mnist");
        Files.createDirectories(dir);
        Files.write(dir.resolve("t10k-images-idx3-ubyte"), new byte[] {0, 0, 8, 3, 0, 0, 0, 5, 0, 0, 0, 28});
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), new byte[] {0, 0, 8, 1, 0, 0, 0, 5, 1, 2, 3, 4, 5});
        assertOneLineError(CliRun.of("evaluate", "--data-dir", dir.toString(), "--attacks", "none"), "IDX");
    }

    @Test
    void versionAndAttacksTogether() throws Exception {
        Path card = tinyModel("tiny", false);
        assertOneLineError(CliRun.of("evaluate", "--model", card.toString(), "--version", "plus", "--attacks", "fgsm",
                "--n", "5"), "not both");
    }

    @Test
    void helpWorksOnEverySubcommand() {
        for (String c : List.of("evaluate", "zoo", "data")) {
            CliRun r = CliRun.of(c, "--help");
            assertEquals(0, r.exit(), c);
            assertTrue(r.out().contains("Usage"), c);
        }
    }
}
