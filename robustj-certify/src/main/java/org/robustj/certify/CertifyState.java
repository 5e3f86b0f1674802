package org.robustj.certify;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.robustj.errors.InvalidInputException;
import org.robustj.io.Json;

/**
 * The resumable state of a certification run, saved atomically after every batch: the run's fingerprint
 * and the certificates finished so far. A killed run resumes from it; a state of another run is refused.
 */
public final class CertifyState {
    /** Identity of the run that wrote the state (model, data, method, configuration). */
    public String fingerprint;

    /** Certificates of the points finished so far, in the order they were finished. */
    public List<PointCertificate> done = new ArrayList<>();

    /** Wall time of the earlier sessions. */
    public double seconds;

    /** The state saved in {@code file} for the run {@code fingerprint}, or null when there is none. */
    public static CertifyState load(Path file, String fingerprint) {
        if (file == null || !Files.exists(file)) {
            return null;
        }
        CertifyState s;
        try {
            s = Json.mapper().readValue(file.toFile(), CertifyState.class);
        } catch (IOException e) {
            throw new InvalidInputException("state file " + file + " is corrupt: " + firstLine(e.getMessage()));
        }
        if (s == null || !fingerprint.equals(s.fingerprint)) {
            throw new InvalidInputException("state file " + file + " was made by a different certification (model, "
                    + "data, method, eps or seed differ); delete it or choose another --state");
        }
        return s;
    }

    /** Saves atomically (no-op without a file). */
    public void save(Path file) {
        if (file == null) {
            return;
        }
        try {
            Json.write(file, this);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write state file " + file, e);
        }
    }

    private static String firstLine(String m) {
        if (m == null) return "";
        int nl = m.indexOf('\n');
        return nl >= 0 ? m.substring(0, nl) : m;
    }
}
