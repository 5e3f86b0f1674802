package org.robustj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustj.model.ModelCard;
import org.robustj.model.Models;
import picocli.CommandLine;

/** {@code robustj train}: bad input gives one {@code error:} line and a non-zero exit; a tiny run works. */
class TrainCommandTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        CommandLine cl = Cli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    static void assertOneErrorLine(Run r, String mentions) {
        assertNotEquals(0, r.code());
        List<String> lines = r.err().lines().toList();
        assertEquals(1, lines.size(), "one line: " + r.err());
        assertTrue(lines.get(0).startsWith("error:"), lines.get(0));
        assertTrue(lines.get(0).contains(mentions), lines.get(0));
    }

    @Test
    void unknownArchitectureIsOneErrorLine() {
        Run r = run("train", "--arch", "resnet-9000", "--out", dir.resolve("m").toString(), "--quiet");
        assertOneErrorLine(r, "unknown architecture 'resnet-9000'");
        assertTrue(r.err().contains("small-cnn"), "lists the known names: " + r.err());
    }

    @Test
    void badValuesAndFilesAreOneErrorLine() throws IOException {
        assertOneErrorLine(run("train", "--lr", "-0.1", "--out", dir.resolve("m").toString()), "lr must be > 0");
        assertOneErrorLine(run("train", "--config", dir.resolve("missing.json").toString()), "not found");
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"epochz\": 3}");
        assertOneErrorLine(run("train", "--config", bad.toString()), "epochz");
        assertOneErrorLine(run("train", "--arch-options", "conv1=3"), "--arch-options");
        assertOneErrorLine(run("train", "--resume", "--out", dir.resolve("none").toString()), "nothing to resume");
    }

    @Test
    void trainsATinyModelAndWritesCardWeightsAndLog() throws IOException {
        Path base = dir.resolve("tiny");
        Run r = run("train", "--dataset", "synthetic-binary", "--arch", "mlp", "--arch-options", "{\"hidden\":[8]}",
                "--epochs", "2", "--batch-size", "50", "--optimizer", "adam", "--lr", "0.01", "--eval-size", "100",
                "--out", base.toString(), "--quiet");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("epoch 2/2"), r.out());
        assertTrue(r.out().contains("clean accuracy"), r.out());
        ModelCard card = Models.readCard(Files.readAllBytes(dir.resolve("tiny.json")), "tiny");
        assertEquals("mlp", card.architecture());
        assertEquals("adam", card.recipe().get("optimizer").asText());
        assertTrue(Files.exists(dir.resolve("tiny.params")));
        assertEquals(2, Files.readAllLines(dir.resolve("tiny.log.jsonl")).size());
        // a finished run has no checkpoint left, so there is nothing to resume
        assertOneErrorLine(run("train", "--resume", "--out", base.toString()), "nothing to resume");
    }

    @Test
    void robustRecipeFlagsReachTheCard() throws IOException {
        Path base = dir.resolve("pre");
        assertEquals(0, run("train", "--dataset", "synthetic-binary", "--arch", "mlp", "--arch-options",
                "{\"hidden\":[8]}", "--epochs", "1", "--batch-size", "100", "--eval-size", "0", "--out",
                base.toString(), "--quiet").code());
        Run r = run("train", "--dataset", "synthetic-binary", "--arch", "mlp", "--arch-options", "{\"hidden\":[8]}",
                "--recipe", "adv-finetune", "--recipe-options", "{\"eps\":0.05,\"steps\":2}", "--init-model",
                dir.resolve("pre.json").toString(), "--epochs", "1", "--batch-size", "100", "--eval-size", "0",
                "--out", dir.resolve("ft").toString(), "--quiet");
        assertEquals(0, r.code(), r.err());
        ModelCard card = Models.readCard(Files.readAllBytes(dir.resolve("ft.json")), "ft");
        assertEquals("adv-finetune", card.recipe().get("recipe").asText());
        assertEquals(0.05, card.recipe().get("recipe_options").get("eps").asDouble());
        assertEquals(dir.resolve("pre.json").toString(), card.recipe().get("init_model").asText());
        assertOneErrorLine(run("train", "--recipe", "adv-finetune", "--out", dir.resolve("x").toString()), "init_model");
        assertOneErrorLine(run("train", "--recipe-options", "eps=3"), "--recipe-options");
        assertOneErrorLine(run("train", "--recipe", "fgsm-rs", "--recipe-options", "{\"init\":\"corner\"}"),
                "init must be random or zero");
    }
}
