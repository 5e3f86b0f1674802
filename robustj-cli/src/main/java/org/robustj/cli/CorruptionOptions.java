package org.robustj.cli;

import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** The options of {@code benchmark} on a common-corruptions track ({@code cifar10-corruptions}, {@code mnist-corruptions}). */
public final class CorruptionOptions {
    @Option(names = "--corruptions", paramLabel = "c1,c2,...", split = ",", description = "Corruption tracks only: "
            + "evaluate only these corruptions (default: all of the track's; a subset flags the entry). "
            + "--list-corruptions lists them.")
    List<String> corruptions;

    @Option(names = "--severities", paramLabel = "s1,s2,...", split = ",", description = "Corruption tracks only: "
            + "severities among 1..5 (default: all; a subset flags the entry).")
    List<Integer> severities;

    @Option(names = "--baseline", paramLabel = "M", description = "Corruption tracks only: the model the mCE is "
            + "relative to (default: the track's, zoo:cifar10-cnn-pgd-at or zoo:mnist-cnn).")
    String baseline;

    @Option(names = "--cache", paramLabel = "DIR", description = "Corruption tracks only: where generated corrupted "
            + "sets are kept (default: -Drobustj.cache, $ROBUSTJ_CACHE or cache/ in the project).")
    Path cache;

    @Option(names = "--list-corruptions", description = "List the corruptions of --track (all corruption tracks "
            + "without it), with their families and severity parameters, and exit.")
    boolean list;
}
