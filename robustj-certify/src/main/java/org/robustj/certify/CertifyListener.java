package org.robustj.certify;

/** Hears what a certification run does, for progress bars and logs; every method has a no-op default. */
public interface CertifyListener {
    /** A log line. */
    default void log(String line) {}

    /** Certification starts on {@code points} points ({@code done} of them already finished earlier). */
    default void started(String method, int points, int done) {}

    /** {@code done} points are finished, {@code certified} of them certified at the first ε. */
    default void progress(int done, int certified) {}

    /** A listener that ignores everything. */
    CertifyListener NONE = new CertifyListener() {};
}
