package org.robustj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad options and unwritable outputs are rejected before any data or model is loaded: one {@code error:}
 * line, exit 2, nothing on stdout (the "model ..." line is printed right after the model loads) and no
 * state file or record written.
 */
class FailFastTest {
    @TempDir
    Path tmp;

    /** Runs evaluate with {@code args} plus --out in the temp folder; asserts a fast one-line error. */
    private CliRun failsFast(String expected, String... args) {
        Path out = tmp.resolve("run.json");
        List<String> all = new ArrayList<>(List.of("evaluate"));
        all.addAll(List.of(args));
        if (!all.contains("--out")) {
            all.add("--out");
            all.add(out.toString());
        }
        CliRun r = CliRun.of(all.toArray(String[]::new));
        assertTrue(r.oneLineError(), "not a one-line error: exit " + r.exit() + ", stderr: " + r.err());
        assertEquals(Cli.USER_ERROR, r.exit());
        assertTrue(r.err().contains(expected), "expected '" + expected + "' in: " + r.err());
        assertEquals("", r.out(), "work was done before the error");
        assertFalse(Files.exists(out), "record written");
        assertFalse(Files.exists(Path.of(out + ".state.json")), "state file written");
        return r;
    }

    @Test
    void badAttackOptionsNameTheAttackAndTheRange() {
        failsFast("unknown apgd-ce option 'stepz'", "--attack-option", "apgd-ce.stepz=5");
        failsFast("known: eot_iter, loss, restarts, rho, steps, use_large_reps; did you mean 'steps'?",
                "--attack-option", "apgd-ce.stepz=5");
        failsFast("apgd-ce option steps must be an integer >= 1, got -3", "--attack-option", "apgd-ce.steps=-3");
        failsFast("fab-t option steps must be an integer >= 1, got 'abc'", "--attack-option", "fab-t.n_iter=abc");
        failsFast("square option p_init must be a number in (0, 1]", "--attacks", "square", "--attack-option",
                "square.p_init=2");
        failsFast("--attack-option names fab, which this run does not use", "--attack-option", "fab.steps=3");
        failsFast("unknown attack 'warp'", "--attack-option", "warp.steps=3");
        failsFast("--attack-option must look like", "--attack-option", "steps=3");
        failsFast("given twice", "--attacks", "fab", "--attack-option", "fab.steps=3", "--attack-option",
                "fab.n_iter=4");
    }

    @Test
    void badEpsAndAttacksFailBeforeTheCleanPass() {
        failsFast("eps 1.5 is out of range", "--eps", "1.5");
        failsFast("eps must be a finite number > 0", "--eps", "-0.1");
        failsFast("unknown attack 'warp-drive'", "--attacks", "warp-drive");
        failsFast("not both", "--version", "plus", "--attacks", "fgsm");
    }

    @Test
    void nanInAnySpellingGivesOneMessage() {
        String nan = failsFast("--eps must be a number > 0", "--eps", "nan").err();
        String nan2 = failsFast("--eps must be a number > 0", "--eps", "NaN").err();
        assertEquals(nan.replace("'nan'", "X"), nan2.replace("'NaN'", "X"));
        failsFast("--eps must be a number > 0", "--eps", "Infinity");
        failsFast("--eps must be a number > 0", "--eps", "1/0");
    }

    @Test
    void unknownModelFailsBeforeTheData() {
        failsFast("unknown zoo model 'nope'", "--model", "zoo:nope", "--dataset", "cifar10");
        failsFast("model file not found", "--model", tmp.resolve("none.pt").toString(), "--dataset", "cifar10");
    }

    @Test
    void threadsBelowOneAreRejected() {
        failsFast("--threads must be >= 1, got 0", "--threads", "0");
        failsFast("--threads must be >= 1, got -2", "--threads", "-2");
    }

    @Test
    void cleanOnlyRejectsAttackSettings() {
        failsFast("drop --attack-option", "--attacks", "none", "--attack-option", "apgd-ce.steps=5");
        failsFast("drop --eps", "--attacks", "none", "--eps", "0.1");
    }

    @Test
    void everyOutputIsCheckedFirst() throws Exception {
        failsFast("cannot write --out /proc/r.json: files cannot be created in /proc", "--out", "/proc/r.json");
        failsFast("cannot write --out " + tmp + ": it is a folder", "--out", tmp.toString());
        failsFast("cannot write --report /proc/r.html", "--report", "/proc/r.html");
        failsFast("cannot write --report /proc/r.html", "--attacks", "none", "--report", "/proc/r.html");
        failsFast("cannot write --save-adversarial " + tmp, "--save-adversarial", tmp.toString());
        Path missing = tmp.resolve("no/such/r.json");
        failsFast("folder " + missing.getParent() + " does not exist (its folder must exist)", "--out",
                missing.toString());
        assertFalse(Files.exists(missing.getParent()), "a missing output folder was created");
        Path file = Files.writeString(tmp.resolve("plain.txt"), "x");
        failsFast("is not a folder", "--report", file.resolve("r.html").toString());
        failsFast("cannot write --state /proc/s.json", "--state", "/proc/s.json");
        failsFast("name the same file", "--report", tmp.resolve("run.json").toString());
        assertEquals("x", Files.readString(file), "an existing file was changed by the check");
    }

    @Test
    void helpAttackListsTheOptionsInTheSharedVocabulary() {
        CliRun r = CliRun.of("evaluate", "--help-attack", "fab-t");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("steps") && r.out().contains("n_iter"), r.out());
        assertTrue(r.out().contains("target_classes") && r.out().contains("n_target_classes"), r.out());
        assertTrue(r.out().contains("an integer >= 1"), r.out());
        CliRun pgd = CliRun.of("evaluate", "--help-attack", "pgd");
        assertTrue(pgd.out().contains("step_size") && pgd.out().contains("alpha"), pgd.out());
        CliRun bad = CliRun.of("evaluate", "--help-attack", "nope");
        assertTrue(bad.oneLineError() && bad.err().contains("unknown attack 'nope'"), bad.err());
    }

    private static void oneLine(CliRun r, String expected) {
        assertTrue(r.oneLineError(), "not a one-line error: exit " + r.exit() + ", stderr: " + r.err());
        assertTrue(r.err().contains(expected), "expected '" + expected + "' in: " + r.err());
    }

    @Test
    void outputsOfEveryCommandAreCheckedFirst() throws Exception {
        Path plain = Files.writeString(tmp.resolve("plain.txt"), "x");
        oneLine(CliRun.of("leaderboard", "--entries", tmp.toString(), "--out", "/proc/site"),
                "cannot write --out /proc/site: the folder cannot be created there");
        oneLine(CliRun.of("leaderboard", "--entries", tmp.toString(), "--out", plain.toString()),
                "it is a file; name a folder");
        Path run = Path.of(System.getProperty("robustj.root", "..")).resolve("results")
                .resolve("mnist-cnn-pgd-at.aa-linf0.3-n1000.json");
        oneLine(CliRun.of("report", "--run", run.toString(), "--out", "/proc/r.html"), "cannot write --out /proc/r.html");
        oneLine(CliRun.of("report", "--run", run.toString(), "--out", tmp.resolve("a/b.html").toString()),
                "does not exist");
        CliRun train = CliRun.of("train", "--dataset", "synthetic-binary", "--arch", "mlp", "--epochs", "1", "--out",
                "/proc/m");
        oneLine(train, "cannot write --out /proc: files cannot be created in it");
        assertEquals("", train.out());
        // the card BASE.json may not replace the recipe it was trained from
        Path recipe = Files.writeString(tmp.resolve("r.json"), "{\"dataset\": \"synthetic-binary\", "
                + "\"architecture\": \"mlp\", \"epochs\": 1}");
        CliRun over = CliRun.of("train", "--config", recipe.toString(), "--out", tmp.resolve("r").toString());
        oneLine(over, "--out would overwrite --config " + recipe);
        assertEquals("{\"dataset\": \"synthetic-binary\", \"architecture\": \"mlp\", \"epochs\": 1}",
                Files.readString(recipe));
        CliRun bench = CliRun.of("benchmark", "--model", "zoo:mnist-cnn-pgd-at", "--track", "mnist-linf-0.3",
                "--entries", "/proc/e");
        oneLine(bench, "cannot write --entries /proc/e");
        assertEquals("", bench.out());
        oneLine(CliRun.of("benchmark", "--model", "zoo:mnist-cnn-pgd-at", "--track", "mnist-linf-0.3", "--entries",
                plain.toString()), "it is a file; name a folder");
        oneLine(CliRun.of("benchmark", "--model", "zoo:mnist-cnn-pgd-at", "--track", "mnist-linf-0.3", "--entries",
                tmp.resolve("e").toString(), "--report", "/proc/r.html"), "cannot write --report /proc/r.html");
        CliRun opt = CliRun.of("benchmark", "--model", "zoo:mnist-cnn-pgd-at", "--track", "mnist-linf-0.3",
                "--entries", tmp.resolve("e").toString(), "--attack-option", "square.stepz=3");
        oneLine(opt, "unknown square option 'stepz'");
        assertEquals("", opt.out());
        oneLine(CliRun.of("benchmark", "--model", "zoo:mnist-cnn-pgd-at", "--track", "mnist-linf-0.3", "--entries",
                tmp.resolve("e").toString(), "--threads", "0"), "--threads must be >= 1");
    }

    @Test
    void benchmarkHelpHasNoFormatWarnings() {
        java.io.PrintStream saved = System.err;
        java.io.ByteArrayOutputStream sysErr = new java.io.ByteArrayOutputStream();
        CliRun r;
        try {
            System.setErr(new java.io.PrintStream(sysErr, true));
            r = CliRun.of("benchmark", "--help");
        } finally {
            System.setErr(saved);
        }
        assertEquals(0, r.exit());
        String all = r.out() + r.err() + sysErr;
        assertFalse(all.contains("picocli WARN"), all);
        assertTrue(r.out().contains("Robust accuracy (%) of an external"), r.out());
    }
}
