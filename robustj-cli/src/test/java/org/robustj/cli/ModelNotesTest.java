package org.robustj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustj.io.Json;

/**
 * What robustj notices about a TorchScript model is recorded as a run warning in every mode: probabilities
 * instead of logits (and calibration from those probabilities), a module saved in train mode, a tuple
 * output; a model that does not take the data set's shape says which shapes it does take.
 */
class ModelNotesTest {
    @TempDir
    Path tmp;

    private Path mlp;

    @BeforeEach
    void sharedModel() {
        mlp = BadInputTest.shared("models/mlp_std.pt");
        assumeTrue(Files.exists(mlp), "skipping: " + mlp + " absent");
    }

    private JsonNode record(Path model, String... extra) throws Exception {
        Path out = tmp.resolve(model.getFileName() + "-" + extra.length + ".json");
        List<String> args = new ArrayList<>(List.of("evaluate", "--model", model.toString(), "--quiet", "--out",
                out.toString()));
        args.addAll(List.of(extra));
        CliRun r = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, r.exit(), r.err());
        return Json.mapper().readTree(out.toFile());
    }

    private static List<String> checks(JsonNode rec) {
        List<String> c = new ArrayList<>();
        rec.path("warnings").forEach(w -> c.add(w.path("check").asText()));
        return c;
    }

    @Test
    void softmaxModelIsFlaggedInCleanModeAndItsCalibrationIsItsOwn() throws Exception {
        JsonNode logits = record(mlp, "--attacks", "none", "--n", "300");
        JsonNode probs = record(TorchScriptEdits.softmax(mlp, tmp.resolve("softmax.pt")), "--attacks", "none", "--n",
                "300");
        assertEquals(List.of(), checks(logits));
        assertEquals(List.of("softmax-output"), checks(probs));
        assertEquals(logits.path("clean_accuracy").asDouble(), probs.path("clean_accuracy").asDouble(), 0);
        // the same predictions with the same probabilities: the same ECE (not softmax applied twice)
        assertEquals(logits.path("ece").asDouble(), probs.path("ece").asDouble(), 1e-5);
    }

    @Test
    void softmaxModelIsFlaggedOnceWhenAttacksRun() throws Exception {
        JsonNode probs = record(TorchScriptEdits.softmax(mlp, tmp.resolve("softmax.pt")), "--attacks", "fgsm", "--n",
                "10");
        assertEquals(1, checks(probs).stream().filter("softmax-output"::equals).count(), checks(probs).toString());
    }

    @Test
    void trainModeExportIsNotedInTheRecord() throws Exception {
        Path train = TorchScriptEdits.trainMode(mlp, tmp.resolve("train.pt"));
        JsonNode rec = record(train, "--attacks", "none", "--n", "20");
        assertEquals(List.of("torchscript-train-mode"), checks(rec));
        assertTrue(rec.path("warnings").get(0).path("message").asText().contains("7 of 7 modules"), rec.toString());
        JsonNode attacked = record(train, "--attacks", "fgsm", "--n", "10");
        assertEquals(1, checks(attacked).stream().filter("torchscript-train-mode"::equals).count());
    }

    @Test
    void cleanOnlyWarningsArePrintedOnceOnStderr() throws Exception {
        Path soft = TorchScriptEdits.softmax(mlp, tmp.resolve("softmax.pt"));
        CliRun r = CliRun.of("evaluate", "--model", soft.toString(), "--attacks", "none", "--n", "50", "--quiet");
        assertEquals(0, r.exit(), r.err());
        assertEquals(1, r.err().split("warning \\[softmax-output\\]", -1).length - 1, r.err());
        CliRun plain = CliRun.of("evaluate", "--model", mlp.toString(), "--attacks", "none", "--n", "50", "--quiet");
        assertEquals("", plain.err().strip());
    }

    @Test
    void tupleOutputIsNotedInTheRecord() throws Exception {
        JsonNode rec = record(TorchScriptEdits.tuple(mlp, tmp.resolve("tuple.pt")), "--attacks", "none", "--n", "20");
        assertEquals(List.of("torchscript-tuple-output"), checks(rec));
        assertTrue(rec.path("warnings").get(0).path("message").asText().contains("uses the first"), rec.toString());
    }

    @Test
    void wrongShapeSaysWhichShapeAndDatasetFit() {
        CliRun r = CliRun.of("evaluate", "--model", mlp.toString(), "--dataset", "synthetic-binary", "--attacks",
                "none");
        assertTrue(r.oneLineError(), r.err());
        assertTrue(r.err().contains("does not accept inputs of shape (20)"), r.err());
        assertTrue(r.err().contains("it accepts (1, 28, 28)"), r.err());
        assertTrue(r.err().contains("pass --dataset fashion-mnist or mnist"), r.err());
        assertTrue(r.err().contains("mat1 and mat2 shapes cannot be multiplied"), r.err());
    }
}
