package org.robustj.diagnose.experiment;

import java.nio.file.Path;
import java.util.Map;
import org.robustj.diagnose.DiagnosticListener;

/**
 * How an experiment runs: quick (about two minutes, what the tests run) or full, its root seed, a folder for
 * what it produces besides the page (trained models, logs; null: a temporary one), a progress listener and
 * extra configuration to record (the command line).
 */
public record ExperimentContext(boolean quick, long seed, Path workDir, DiagnosticListener listener,
        Map<String, Object> context) {

    public ExperimentContext {
        listener = listener == null ? DiagnosticListener.NONE : listener;
        context = context == null ? Map.of() : Map.copyOf(context);
    }

    /** A quick or full run with seed 0, no work folder, no listener. */
    public static ExperimentContext of(boolean quick) {
        return new ExperimentContext(quick, 0, null, null, null);
    }

    public ExperimentContext withListener(DiagnosticListener l) {
        return new ExperimentContext(quick, seed, workDir, l, context);
    }

    public ExperimentContext withWorkDir(Path dir) {
        return new ExperimentContext(quick, seed, dir, listener, context);
    }

    public ExperimentContext withContext(Map<String, Object> c) {
        return new ExperimentContext(quick, seed, workDir, listener, c);
    }

    /** The work folder, created on demand (a temporary folder when none was given). */
    public Path workDirOrTemp(String name) throws java.io.IOException {
        Path d = workDir != null ? workDir : java.nio.file.Files.createTempDirectory("robustj-" + name);
        java.nio.file.Files.createDirectories(d);
        return d;
    }
}
