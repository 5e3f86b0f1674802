package org.robustj.cli;

import java.io.PrintWriter;
import org.robustj.errors.RobustjException;
import picocli.CommandLine;

/**
 * Builds the picocli command tree and maps every failure to one line on stderr starting with
 * {@code error:} and a non-zero exit code; the stack trace appears only with {@code --verbose}.
 */
public final class Cli {
    /** Exit code of a user error (bad input, missing file, unknown name). */
    public static final int USER_ERROR = 2;
    /** Exit code of an unexpected internal failure. */
    public static final int INTERNAL_ERROR = 3;

    private Cli() {}

    /** A configured command line. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new RobustjCommand());
        cl.setExecutionExceptionHandler(Cli::handle);
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("error: " + oneLine(ex.getMessage()) + " (see --help)");
            err.flush();
            return USER_ERROR;
        });
        return cl;
    }

    private static int handle(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        boolean verbose = parsed != null && verbose(parsed);
        Throwable t = ex;
        while (!(t instanceof RobustjException) && t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        boolean user = t instanceof RobustjException || ex instanceof IllegalArgumentException
                || ex instanceof java.io.IOException || ex instanceof java.io.UncheckedIOException;
        Throwable shown = t instanceof RobustjException ? t : ex;
        String msg = shown.getMessage() == null ? shown.getClass().getSimpleName() : shown.getMessage();
        if (shown instanceof java.nio.file.FileSystemException f) {
            // Java's message is often the bare path: name the file and the reason
            msg = "cannot use " + f.getFile() + ": " + Outputs.reason(f);
        }
        if (!user) {
            msg = "internal error (" + shown.getClass().getSimpleName() + "): " + msg
                    + (verbose ? "" : " — rerun with --verbose for the stack trace");
        }
        err.println("error: " + oneLine(msg));
        if (verbose) {
            ex.printStackTrace(err);
        }
        err.flush();
        return user ? USER_ERROR : INTERNAL_ERROR;
    }

    private static boolean verbose(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }

    static String oneLine(String m) {
        if (m == null) return "";
        String s = m.strip();
        int nl = s.indexOf('\n');
        return nl >= 0 ? s.substring(0, nl) : s;
    }
}
