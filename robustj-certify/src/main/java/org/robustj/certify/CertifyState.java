package org.robustj.certify;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
        return org.robustj.io.StateFiles.load(file, CertifyState.class, st -> st.fingerprint, fingerprint,
                "a different certification (model, data, method, eps or seed differ)");
    }

    /** Saves atomically (no-op without a file). */
    public void save(Path file) {
        org.robustj.io.StateFiles.save(file, this);
    }
}
