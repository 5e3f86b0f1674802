package org.robustj.cli.cluster;

import java.nio.file.Path;
import java.util.List;

/**
 * A cluster engine that runs partitions of a command's points as tasks (a {@link java.util.ServiceLoader}
 * service: a backend module lists its implementation in {@code META-INF/services/org.robustj.cli.cluster.ClusterBackend}).
 * The CLI never links against the engine; without a backend on the classpath {@code --spark} is an {@code error:}.
 */
public interface ClusterBackend {
    /** The option's name without dashes, e.g. {@code spark}. */
    String name();

    /**
     * Connects to {@code master} and ships {@code files} to every executor; fails within seconds, with a
     * {@link org.robustj.errors.RobustjException}, when the master cannot be reached or the master URL is not
     * valid.
     *
     * @param master the engine's master URL (e.g. {@code local[2]}, {@code spark://host:7077}, {@code yarn})
     * @param appName the application's name shown by the engine
     * @param files files every task needs a local copy of (the model file)
     */
    ClusterSession open(String master, String appName, List<Path> files);
}
