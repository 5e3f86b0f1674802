package org.robustj.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustj.errors.InvalidInputException;

/** Claims of an output within one JVM; the cross-process behaviour is tested by the CLI's EvaluateCommandTest. */
class OutputLockTest {
    @TempDir
    Path tmp;

    @Test
    void aSecondClaimIsRefusedUntilTheFirstIsReleased() throws Exception {
        Path out = tmp.resolve("run.json");
        try (OutputLock first = OutputLock.acquire(out, "robustj evaluate")) {
            assertTrue(Files.readString(first.file()).contains("pid " + ProcessHandle.current().pid()));
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> OutputLock.acquire(out, "robustj evaluate --n 5"));
            assertTrue(e.getMessage().contains("in use by this process"), e.getMessage());
            assertNull(first.stalePid());
        }
        assertFalse(Files.exists(OutputLock.lockFile(out)), "the lock file outlived its claim");
        OutputLock.acquire(out, "again").close();
    }

    @Test
    void aLockFileWithoutALiveHolderIsTakenOver() throws Exception {
        Path out = tmp.resolve("run.json");
        Files.writeString(OutputLock.lockFile(out), "pid 999999999\ncommand robustj evaluate\n");
        try (OutputLock lock = OutputLock.acquire(out, "robustj evaluate")) {
            assertEquals(999999999L, lock.stalePid());
        }
    }
}
