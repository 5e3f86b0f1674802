package org.robustj.cli.cluster;

import java.util.List;
import java.util.function.BiConsumer;

/** A connection to a cluster engine ({@link ClusterBackend#open}); closing it stops the application. */
public interface ClusterSession extends AutoCloseable {
    /** How many tasks the engine runs at once (its default parallelism), for the default number of partitions. */
    int parallelism();

    /**
     * Runs every partition as a task ({@link PartitionRunner#run} on an executor) and calls {@code done} on the
     * calling thread with each partition and its result (the JSON of a {@link PartResult}) as soon as it
     * finishes, in completion order; a failed task is retried by the engine. Returns when all finished.
     *
     * @throws org.robustj.errors.RobustjException when a partition failed on every attempt (its message: the
     *     task's {@code error:} line)
     */
    void run(List<PartitionSpec> partitions, BiConsumer<PartitionSpec, String> done);

    @Override
    void close();
}
