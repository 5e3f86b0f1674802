package org.robustj.diagnose;

/**
 * Hears how far a diagnostic or experiment has got, for progress bars and logs; every method has a no-op
 * default and none changes a result.
 */
public interface DiagnosticListener {
    /** A stage starts ({@code "pgd eps 0.3"}, {@code "features"}), {@code total} units of {@code unit} long. */
    default void stageStarted(String stage, long total, String unit) {}

    /** {@code done} units of the current stage are done. */
    default void progress(long done) {}

    /** The current stage finished. */
    default void stageFinished() {}

    /** A line for the log. */
    default void log(String line) {}

    /** A listener that ignores everything. */
    DiagnosticListener NONE = new DiagnosticListener() {};
}
