package org.robustj.cli;

import org.robustj.tensor.Engines;
import picocli.CommandLine.Option;

/** Options every subcommand shares: threads and verbosity. */
public final class CommonOptions {
    @Option(names = "--threads", paramLabel = "T", description = "libtorch threads (default: all cores).")
    int threads;

    @Option(names = {"-v", "--verbose"}, description = "Show stack traces on errors.")
    boolean verbose;

    @Option(names = "--quiet", description = "No progress bars.")
    boolean quiet;

    /** Starts the engine with the requested threads. */
    public void apply() {
        Engines.setThreads(threads);
    }
}
