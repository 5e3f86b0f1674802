package org.robustj.cli;

import java.io.PrintWriter;
import org.robustj.diagnose.DiagnosticListener;

/** Progress bars (one per stage) and log lines for {@code diagnose} and {@code experiment}. */
final class CliDiagnosticListener implements DiagnosticListener, AutoCloseable {
    private final PrintWriter out;
    private final boolean quiet;
    private Progress bar;

    CliDiagnosticListener(PrintWriter out, boolean quiet) {
        this.out = out;
        this.quiet = quiet;
    }

    @Override
    public void stageStarted(String stage, long total, String unit) {
        close();
        bar = new Progress(stage, total, unit, quiet);
    }

    @Override
    public void progress(long done) {
        if (bar != null) bar.stepTo(done);
    }

    @Override
    public void stageFinished() {
        close();
    }

    @Override
    public void log(String line) {
        close();
        out.println(line);
        out.flush();
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
