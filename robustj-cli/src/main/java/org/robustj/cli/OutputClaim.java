package org.robustj.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import org.robustj.io.OutputLock;

/**
 * The claim of a run's outputs, its record ({@code --out}) and its state file ({@code --state}), that the
 * commands writing both ({@code evaluate}, {@code certify}) take before any work, so that a second run on either
 * file is refused ({@link OutputLock}). Taking over the lock file of a run that died is said on stderr in one
 * {@code note:} line. Closing releases both claims.
 */
final class OutputClaim implements AutoCloseable {
    private final OutputLock record;
    private final OutputLock state;

    private OutputClaim(OutputLock record, OutputLock state) {
        this.record = record;
        this.state = state;
    }

    /**
     * Claims {@code record} then {@code state} (either may be null: not written) for {@code command}, the command
     * line the lock files name; when the state file is refused, the record's claim is released again.
     *
     * @throws org.robustj.errors.InvalidInputException naming the holder when a live process holds either file
     */
    static OutputClaim of(Path record, Path state, String command, PrintWriter err) throws IOException {
        OutputLock r = lock(record, command, err);
        try {
            return new OutputClaim(r, lock(state, command, err));
        } catch (IOException | RuntimeException e) {
            if (r != null) {
                r.close();
            }
            throw e;
        }
    }

    private static OutputLock lock(Path file, String command, PrintWriter err) throws IOException {
        if (file == null) {
            return null;
        }
        OutputLock lock = OutputLock.acquire(file, command);
        if (lock.stalePid() != null) {
            err.println("note: taking over " + lock.file() + " left by process " + lock.stalePid()
                    + ", which is no longer running");
            err.flush();
        }
        return lock;
    }

    /** Releases the state file's claim, then the record's (the reverse of claiming). */
    @Override
    public void close() {
        try {
            if (state != null) {
                state.close();
            }
        } finally {
            if (record != null) {
                record.close();
            }
        }
    }
}
