package org.robustj.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The resumable state of a long run ({@code evaluate}, {@code certify}), a picocli mixin next to {@link
 * RunOptions}: by default {@code OUT.state.json} beside the run record.
 */
public final class StateOptions {
    @Option(names = "--state", paramLabel = "FILE",
            description = "Resumable state file (default: OUT.state.json when --out is given; " + Outputs.FILE_RULE
                    + "): a killed run resumes from it when the same command is run again; a state of another "
                    + "configuration is refused.")
    Path state;

    /** The state file: as given, else {@code OUT.state.json} when {@code out} is given, else none. */
    Path path(Path out) {
        return state != null ? state : (out != null ? Path.of(out + ".state.json") : null);
    }
}
