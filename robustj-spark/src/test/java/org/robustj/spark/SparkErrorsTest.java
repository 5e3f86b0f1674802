package org.robustj.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustj.errors.InvalidInputException;

/**
 * Bad input of {@code --spark}: an unreachable standalone master is one {@code error:} line within seconds (not
 * Spark's minute of registration retries), a master URL of no known form is named, and nothing is left that
 * looks like a result.
 */
class SparkErrorsTest {
    @TempDir
    Path tmp;

    @Test
    void anUnreachableMasterIsAnErrorWithinSeconds() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        Path out = tmp.resolve("run.json");
        long t0 = System.nanoTime();
        Runs.Run r = Runs.cli(List.of("evaluate", "--n", "4", "--attacks", "apgd-ce", "--spark",
                "spark://127.0.0.1:" + port, "--out", out.toString(), "--quiet"));
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().startsWith("error: cannot reach the Spark master spark://127.0.0.1:" + port), r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
        assertTrue(seconds < 15, "within seconds: " + seconds);
        assertTrue(!Files.exists(out) && !Files.exists(Path.of(out + ".state.json")), "nothing partial left");
    }

    @Test
    void aMasterUrlOfNoKnownFormIsNamed() {
        Runs.Run r = Runs.cli(List.of("evaluate", "--n", "4", "--attacks", "apgd-ce", "--spark", "mesos://x:1",
                "--quiet"));
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("error: --spark needs a master URL: local[N]"), r.err());
    }

    @Test
    void mastersAreCheckedAndEmbeddedOnesRetryTasks() {
        assertEquals("local[2,4]", Masters.check("local[2]"));
        assertEquals("local[1,4]", Masters.check("local"));
        assertEquals("local[*,4]", Masters.check("local[*]"));
        assertEquals("local[3,2]", Masters.check("local[3,2]"));
        assertEquals("yarn", Masters.check("yarn"));
        assertThrows(InvalidInputException.class, () -> Masters.check("spark://host-without-port"));
        assertThrows(InvalidInputException.class, () -> Masters.check("local[0]"));
    }
}
