package org.robustj.cli.cluster;

import java.io.Serializable;
import java.util.List;

/**
 * One partition of a command's points, as shipped to an executor: the subcommand and its arguments (without
 * the driver's outputs and cluster options), the half-open range of point indices, and how to find the model's
 * shipped copy.
 *
 * @param index the partition's number, 0..K-1
 * @param from first point (inclusive)
 * @param to last point (exclusive)
 * @param command the subcommand ({@code evaluate}, {@code benchmark}, {@code certify})
 * @param args its arguments, without {@code --points} and outputs
 * @param modelRef the {@code --model} value to replace by the shipped copy (null: nothing shipped)
 * @param modelFile the shipped copy's file name, as the engine's file service names it
 * @param modelSha256 the SHA-256 the copy must have
 * @param failFirstAttempt a test hook: the task's first attempt fails (the engine must retry it)
 * @param taskLog a test hook: a file each attempt appends "partition attempt" to (null: none)
 */
public record PartitionSpec(int index, int from, int to, String command, List<String> args, String modelRef,
        String modelFile, String modelSha256, boolean failFirstAttempt, String taskLog) implements Serializable {
    private static final long serialVersionUID = 1L;

    public PartitionSpec {
        args = List.copyOf(args);
    }

    /** The range as {@code --points} takes it. */
    public String range() {
        return from + ":" + to;
    }

    /** Number of points. */
    public int size() {
        return to - from;
    }
}
