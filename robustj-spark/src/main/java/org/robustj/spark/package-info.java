/**
 * The Apache Spark backend of {@code --spark MASTER} ({@link org.robustj.spark.SparkBackend}, registered as a
 * {@link org.robustj.cli.cluster.ClusterBackend} service): each partition of the points is a Spark job of one
 * task that runs the command's partial run on an executor ({@link org.robustj.cli.cluster.PartitionRunner});
 * master URLs are checked before the engine starts ({@link org.robustj.spark.Masters}).
 */
package org.robustj.spark;
