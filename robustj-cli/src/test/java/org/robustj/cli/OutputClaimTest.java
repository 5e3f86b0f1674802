package org.robustj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustj.errors.InvalidInputException;
import org.robustj.io.OutputLock;

/** The shared claim of evaluate's and certify's outputs, in one JVM (across processes: EvaluateCommandTest). */
class OutputClaimTest {
    @TempDir
    Path tmp;

    @Test
    void claimsBothFilesAndReleasesTheRecordWhenTheStateIsRefused() throws Exception {
        Path out = tmp.resolve("run.json");
        Path state = tmp.resolve("run.json.state.json");
        Path other = tmp.resolve("other.json");
        StringWriter err = new StringWriter();
        try (OutputClaim first = OutputClaim.of(out, state, "robustj evaluate", new PrintWriter(err))) {
            assertTrue(Files.readString(OutputLock.lockFile(out)).contains("command robustj evaluate"));
            assertTrue(Files.exists(OutputLock.lockFile(state)));
            // another record, the same state file: refused, and the other record is not left claimed
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> OutputClaim.of(other, state, "robustj certify", new PrintWriter(err)));
            assertTrue(e.getMessage().startsWith(state.toString() + " is in use by this process"), e.getMessage());
            assertFalse(Files.exists(OutputLock.lockFile(other)), "the refused claim kept its record's lock");
            OutputClaim.of(other, null, "again", new PrintWriter(err)).close();
        }
        assertFalse(Files.exists(OutputLock.lockFile(out)));
        assertFalse(Files.exists(OutputLock.lockFile(state)));
        assertEquals("", err.toString(), "no stale lock was taken over");
    }

    @Test
    void takingOverADeadRunsLockIsOneNote() throws Exception {
        Path out = tmp.resolve("run.json");
        Files.writeString(OutputLock.lockFile(out), "pid 999999999\ncommand robustj evaluate\n");
        StringWriter err = new StringWriter();
        try (OutputClaim claim = OutputClaim.of(out, null, "robustj evaluate", new PrintWriter(err))) {
            assertEquals("note: taking over " + OutputLock.lockFile(out.toAbsolutePath()) + " left by process "
                    + "999999999, which is no longer running", err.toString().strip());
        }
    }
}
