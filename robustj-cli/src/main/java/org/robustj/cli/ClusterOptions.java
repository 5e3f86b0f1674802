package org.robustj.cli;

import java.nio.file.Path;
import org.robustj.errors.InvalidInputException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * Running a command's points on a cluster (a picocli mixin of {@code evaluate}, {@code benchmark} and {@code
 * certify}): {@code --spark MASTER} cuts the points into partitions, runs each as a task of the engine and
 * merges the partial results into the record, report and entry of a local run ({@link ClusterDriver}).
 */
public final class ClusterOptions {
    @Option(names = "--spark", paramLabel = "MASTER",
            description = "Run the points as Apache Spark tasks: local[N] (embedded, N threads), spark://HOST:PORT "
                    + "(a standalone cluster), yarn or k8s://... (needs the robustj-spark module: bin/robustj adds "
                    + "it; see docs/spark.md). The result is the record of a local run, point by point.")
    String spark;

    @Option(names = "--partitions", paramLabel = "K",
            description = "With --spark: cut the points into K partitions (default: 4 per task slot of the cluster, "
                    + "at most one per point); the state file records each finished partition.")
    Integer partitions;

    /** Whether the run goes to a cluster. */
    boolean active() {
        if (spark == null && partitions != null) {
            throw new InvalidInputException("--partitions cuts the points of a cluster run; it needs --spark MASTER");
        }
        return spark != null;
    }

    /** Refuses an option that a cluster run sets itself (null: nothing to refuse). */
    void refuse(String option) {
        if (option != null) {
            throw new InvalidInputException(option + " does not combine with --spark: the cluster run cuts the points "
                    + "into partitions itself");
        }
    }

    /**
     * Runs {@code evaluate} or {@code certify} on the cluster and writes the merged record and report.
     *
     * @param align partition boundaries fall on multiples of this (1: anywhere)
     */
    int run(CommandSpec spec, String command, int count, int align, Path out, Path state, Path report, boolean quiet)
            throws Exception {
        return new ClusterDriver(spec, command, this, quiet).runRecord(count, align, out, state, report);
    }

    /** Runs {@code benchmark} on the cluster and writes the merged entry and its report into {@code entries}. */
    int runBenchmark(CommandSpec spec, int count, Path entries, String base, Path state, Path report, boolean quiet)
            throws Exception {
        return new ClusterDriver(spec, "benchmark", this, quiet).runBenchmark(count, entries, base, state, report);
    }
}
