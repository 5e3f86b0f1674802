/**
 * Running a command's points on a cluster engine (the {@code --spark} option) without the engine on the CLI's
 * classpath: the service interface a backend module implements ({@link org.robustj.cli.cluster.ClusterBackend},
 * found with {@link java.util.ServiceLoader}; robustj-spark provides Apache Spark's), the description of one
 * partition of the points ({@link org.robustj.cli.cluster.PartitionSpec}) and what runs it on an executor
 * ({@link org.robustj.cli.cluster.PartitionRunner}: the command's own partial run, {@code --points FROM:TO}).
 * The driver side (partitions, state, merge, outputs) is {@code org.robustj.cli.ClusterDriver}.
 */
package org.robustj.cli.cluster;
