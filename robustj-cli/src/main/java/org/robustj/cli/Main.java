package org.robustj.cli;

import picocli.CommandLine;

/** Entry point of the {@code robustj} command; the only place that calls {@link System#exit}. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (tests call this). */
    public static int run(String... args) {
        return Cli.commandLine().execute(args);
    }
}
