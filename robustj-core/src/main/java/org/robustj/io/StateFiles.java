package org.robustj.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import org.robustj.errors.InvalidInputException;

/**
 * Resumable-run state files (evaluate's and certify's --state): JSON written atomically after every finished
 * step, read back only by the run with the same fingerprint, so a resumed run never mixes in another's work.
 */
public final class StateFiles {
    private StateFiles() {}

    /**
     * The state in {@code file}, or null when there is none.
     *
     * @param fingerprintOf the fingerprint a loaded state carries
     * @param otherRun what a mismatch means, e.g. "a different evaluation (model, data, attacks, eps or seed differ)"
     * @throws InvalidInputException when the file is corrupt or belongs to another run
     */
    public static <T> T load(Path file, Class<T> type, Function<T, String> fingerprintOf, String fingerprint,
            String otherRun) {
        if (file == null || !Files.exists(file)) {
            return null;
        }
        T s;
        try {
            s = Json.mapper().readValue(file.toFile(), type);
        } catch (IOException e) {
            throw new InvalidInputException("state file " + file + " is corrupt: " + firstLine(e.getMessage()));
        }
        if (s == null || !fingerprint.equals(fingerprintOf.apply(s))) {
            throw new InvalidInputException("state file " + file + " was made by " + otherRun
                    + "; delete it or choose another --state");
        }
        return s;
    }

    /** Saves atomically (no-op without a file). */
    public static void save(Path file, Object state) {
        if (file == null) {
            return;
        }
        try {
            Json.write(file, state);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write state file " + file, e);
        }
    }

    private static String firstLine(String m) {
        if (m == null) return "";
        int nl = m.indexOf('\n');
        return nl >= 0 ? m.substring(0, nl) : m;
    }
}
