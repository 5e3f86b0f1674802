package org.robustj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustj.io.Json;
import org.robustj.model.BlockClassifier;
import org.robustj.model.ModelCard;
import org.robustj.model.Models;

/**
 * {@code evaluate} end to end: attacks that cannot run, warnings on stderr, and what happens across
 * processes (a second run on the same output, a killed run resumed in a new JVM, stale locks).
 */
class EvaluateCommandTest {
    @TempDir
    Path tmp;

    /** A small, quick evaluation of the bundled CNN; long enough (several batches) to be killed mid-run. */
    private static List<String> quickRun(Path out) {
        return List.of("evaluate", "--model", "zoo:mnist-cnn", "--n", "12", "--eps", "0.1", "--seed", "7",
                "--attacks", "apgd-ce,square", "--attack-option", "apgd-ce.steps=20", "--attack-option",
                "square.queries=400", "--batch-size", "4", "--quiet", "--out", out.toString());
    }

    /** An evaluation that runs for a while (Square's 5000 queries on the robust points), to be stopped by the test. */
    private static List<String> longRun(Path out) {
        return List.of("evaluate", "--model", "zoo:mnist-cnn", "--n", "12", "--eps", "0.1", "--attacks",
                "apgd-ce,square", "--attack-option", "apgd-ce.steps=20", "--quiet", "--out", out.toString());
    }

    /** Starts {@code robustj ARGS} in a new JVM with this test's class path; output goes to {@code log}. */
    private static Process child(Path log, List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx1g");
        for (String p : System.getProperties().stringPropertyNames()) {
            if (p.startsWith("robustj.") || p.startsWith("ai.djl.")) {
                cmd.add("-D" + p + "=" + System.getProperty(p));
            }
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("org.robustj.cli.Main");
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putIfAbsent("OMP_WAIT_POLICY", "PASSIVE");
        return pb.start();
    }

    private static String read(Path p) throws Exception {
        return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
    }

    /** Waits (at most 3 minutes) until {@code ready} holds while the process runs; false if it ended first. */
    private static boolean waitFor(Process p, java.util.concurrent.Callable<Boolean> ready) throws Exception {
        long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < end && p.isAlive()) {
            try {
                if (ready.call()) {
                    return p.isAlive();
                }
            } catch (Exception e) {
                // a file not written yet
            }
            Thread.sleep(20);
        }
        return false;
    }

    private Path binaryModel() throws Exception {
        ModelCard card = new ModelCard("bin", ModelCard.ROBUSTJ_FORMAT, "mlp", Map.of("hidden", List.of(8)),
                "synthetic-binary", List.of(20L), 2, null, null, 1L, null, null, null, null, null, null, null);
        try (NDManager m = NDManager.newBaseManager(); BlockClassifier c = BlockClassifier.create(m, card, 1)) {
            Models.save(c, tmp.resolve("bin"));
        }
        return tmp.resolve("bin.json");
    }

    @Test
    void attacksThatCannotRunOnTheModelAreAnErrorBeforeAnyWork() throws Exception {
        Path out = tmp.resolve("run.json");
        CliRun r = CliRun.of("evaluate", "--model", binaryModel().toString(), "--dataset", "synthetic-binary",
                "--n", "20", "--attacks", "apgd-dlr,apgd-t", "--out", out.toString());
        assertTrue(r.oneLineError(), "exit " + r.exit() + ", stderr: " + r.err());
        assertTrue(r.err().contains("apgd-dlr needs at least 3 classes") && r.err().contains("apgd-t needs at least 4"),
                r.err());
        assertFalse(r.out().contains("clean accuracy"), "the clean pass ran before the refusal: " + r.out());
        assertFalse(Files.exists(out));
        assertFalse(Files.exists(out.resolveSibling("run.json.lock")), "lock file left behind after an error");
    }

    @Test
    void aPartlySkippedEnsembleSaysWhichAndIsNotComplete() throws Exception {
        Path out = tmp.resolve("run.json");
        CliRun r = CliRun.of("evaluate", "--model", binaryModel().toString(), "--dataset", "synthetic-binary",
                "--n", "20", "--eps", "0.05", "--attacks", "apgd-ce,apgd-dlr", "--attack-option", "apgd-ce.steps=5",
                "--quiet", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode rec = Json.mapper().readTree(out.toFile());
        assertFalse(rec.get("complete").asBoolean(), "a partial ensemble was recorded as complete");
        assertEquals(1, rec.get("attacks").size());
        List<String> checks = new ArrayList<>();
        rec.get("warnings").forEach(w -> checks.add(w.get("check").asText()));
        assertTrue(checks.contains("attack-skipped"), checks.toString());
        assertTrue(r.out().contains("partial ensemble"), r.out());
        // warnings: once, at the end, on stderr; none on stdout
        assertFalse(r.out().contains("warning [") || r.out().contains("Warning:"), r.out());
        String err = r.err();
        assertEquals(err.indexOf("warning [attack-skipped]: apgd-dlr needs at least 3 classes"),
                err.lastIndexOf("warning [attack-skipped]"), err);
        assertTrue(err.contains("warning [attack-skipped]: apgd-dlr needs at least 3 classes"), err);
    }

    @Test
    void aStateFileOfAnotherConfigurationIsRefused() throws Exception {
        Path out = tmp.resolve("run.json");
        Files.writeString(tmp.resolve("run.json.state.json"), "{\"fingerprint\": \"another evaluation\", \"eps\": []}");
        CliRun r = CliRun.of(quickRun(out).toArray(String[]::new));
        assertTrue(r.oneLineError(), "exit " + r.exit() + ", stderr: " + r.err());
        assertTrue(r.err().contains("was made by a different evaluation"), r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void aSecondRunOnTheSameOutputIsRefusedAndSigtermReleasesTheLock() throws Exception {
        Path out = tmp.resolve("run.json");
        Path lock = tmp.resolve("run.json.lock");
        Process first = child(tmp.resolve("first.log"), longRun(out));
        try {
            assertTrue(waitFor(first, () -> read(lock).contains("pid " + first.pid())),
                    "the first run never held the output: " + read(tmp.resolve("first.log")));
            // another configuration on the same output: refused, naming the holder; nothing of the first touched
            CliRun second = CliRun.of("evaluate", "--model", "zoo:mnist-cnn", "--n", "5", "--attacks", "apgd-ce",
                    "--out", out.toString());
            assertTrue(second.oneLineError(), "exit " + second.exit() + ", stderr: " + second.err());
            assertTrue(second.err().contains("in use by process " + first.pid()), second.err());
            assertTrue(read(lock).contains("pid " + first.pid()), "the refused run touched the lock file");
            // another record but the same state file: refused too
            CliRun third = CliRun.of("evaluate", "--model", "zoo:mnist-cnn", "--n", "5", "--attacks", "apgd-ce",
                    "--out", tmp.resolve("other.json").toString(), "--state", out + ".state.json");
            assertTrue(third.oneLineError(), "exit " + third.exit() + ", stderr: " + third.err());
            assertTrue(third.err().contains("in use by process " + first.pid()), third.err());
            first.destroy(); // SIGTERM: the shutdown hook removes the lock file
            assertTrue(first.waitFor(60, TimeUnit.SECONDS));
            assertFalse(Files.exists(lock), "SIGTERM left the lock file behind");
        } finally {
            first.destroyForcibly();
        }
    }

    @Test
    void theLockOfAKilledRunIsTakenOver() throws Exception {
        Path out = tmp.resolve("run.json");
        Path lock = tmp.resolve("run.json.lock");
        Process first = child(tmp.resolve("first.log"), longRun(out));
        try {
            assertTrue(waitFor(first, () -> read(lock).contains("pid " + first.pid())),
                    "the first run never held the output: " + read(tmp.resolve("first.log")));
        } finally {
            first.destroyForcibly().waitFor(); // kill -9: no clean-up
        }
        assertTrue(Files.exists(lock), "kill -9 cannot clean up, the stale lock should be there");
        CliRun r = CliRun.of("evaluate", "--model", "zoo:mnist-cnn", "--n", "5", "--attacks", "none", "--out",
                out.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("left by process " + first.pid() + ", which is no longer running"), r.err());
        assertFalse(Files.exists(lock), "the lock file outlived the run");
    }

    @Test
    void aRunKilledMidwayResumesInANewJvmToTheUninterruptedResult() throws Exception {
        Path straightOut = tmp.resolve("straight.json");
        Path out = tmp.resolve("killed.json");
        Path state = tmp.resolve("killed.json.state.json");
        Process straight = child(tmp.resolve("straight.log"), quickRun(straightOut));
        Process killed = child(tmp.resolve("killed.log"), quickRun(out));
        try {
            // kill -9 once the state shows the first attack done
            boolean alive = waitFor(killed, () -> Json.mapper().readTree(state.toFile()).path("eps").path(0)
                    .path("attacks_done").size() >= 1);
            assertTrue(alive, "the run ended before it could be killed: " + read(tmp.resolve("killed.log")));
            killed.destroyForcibly().waitFor();
            assertFalse(Files.exists(out));
            assertTrue(straight.waitFor(5, TimeUnit.MINUTES));
            assertEquals(0, straight.exitValue(), read(tmp.resolve("straight.log")));
        } finally {
            straight.destroyForcibly();
            killed.destroyForcibly();
        }
        Process resumed = child(tmp.resolve("resumed.log"), quickRun(out));
        assertTrue(resumed.waitFor(5, TimeUnit.MINUTES));
        String log = read(tmp.resolve("resumed.log"));
        assertEquals(0, resumed.exitValue(), log);
        assertTrue(log.contains("resuming from"), log);
        JsonNode a = Json.mapper().readTree(straightOut.toFile());
        JsonNode b = Json.mapper().readTree(out.toFile());
        assertEquals(a.get("points"), b.get("points"), "per-point results differ after the resume");
        assertEquals(a.get("robust_accuracy"), b.get("robust_accuracy"));
        assertEquals(a.get("attacks").size(), b.get("attacks").size());
        for (int i = 0; i < a.get("attacks").size(); i++) {
            assertEquals(a.get("attacks").get(i).get("broken"), b.get("attacks").get(i).get("broken"));
            assertEquals(a.get("attacks").get(i).get("model_calls"), b.get("attacks").get(i).get("model_calls"));
        }
        assertFalse(Files.exists(state), "the state file outlived the finished run");
        assertFalse(new File(out + ".lock").exists());
    }
}
