package org.robustj.cli;

import org.robustj.tensor.Engines;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Options every subcommand shares: threads and verbosity. */
public final class CommonOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    /** libtorch threads; 0 (only as the default) means all cores. */
    int threads;

    /** Rejects a thread count below 1 while parsing, before any work. */
    @Option(names = "--threads", paramLabel = "T", description = "libtorch threads, >= 1 (default: all cores).")
    void threads(int t) {
        if (t < 1) {
            throw new ParameterException(mixee.commandLine(), "--threads must be >= 1, got " + t);
        }
        threads = t;
    }

    @Option(names = {"-v", "--verbose"}, description = "Show stack traces on errors.")
    boolean verbose;

    @Option(names = "--quiet", description = "No progress bars.")
    boolean quiet;

    /** Starts the engine with the requested threads. */
    public void apply() {
        Engines.setThreads(threads);
    }
}
