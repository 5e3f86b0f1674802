package org.robustj.spark;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkFiles;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.robustj.cli.cluster.ClusterBackend;
import org.robustj.cli.cluster.ClusterSession;
import org.robustj.cli.cluster.PartitionFailedException;
import org.robustj.cli.cluster.PartitionRunner;
import org.robustj.cli.cluster.PartitionSpec;
import org.robustj.errors.InvalidInputException;

/**
 * Apache Spark as the engine of {@code --spark MASTER}. Every partition is a Spark job of one task (so the driver
 * hears of each partition as soon as it finishes and can save its state); the jobs run at once, as many as the
 * executors have cores. The model file goes to every executor with {@code SparkContext.addFile}; each task runs
 * its points with one libtorch thread, {@code OMP_WAIT_POLICY=PASSIVE} and the driver's allocator
 * ({@link #executorEnvironment}). Any other
 * Spark setting can be given as a {@code -Dspark.*} system property (or {@code spark-submit --conf}).
 */
public final class SparkBackend implements ClusterBackend {
    /** How long the driver waits for the first executor of a cluster before giving up. */
    static final long EXECUTOR_WAIT_MS = Long.getLong("robustj.spark.executorWaitSeconds", 90) * 1000;

    @Override
    public String name() {
        return "spark";
    }

    /**
     * The native environment of the executors, set before their libtorch loads: {@code OMP_WAIT_POLICY=PASSIVE}
     * and one OpenMP thread (libtorch spin-waits otherwise, and each task is one core's work), and the driver's
     * {@code LD_PRELOAD} unless the user set the executors' own — {@code bin/native-env.sh} preloads tcmalloc
     * in the driver, which cuts an attack step's CPU by up to 2.4× on a busy machine (perf/README.md, "Memory
     * allocator"), and executors started by a Spark worker do not pass through that script. A driver run with
     * {@code ROBUSTJ_MALLOC=system} has no preload, so neither do its executors. An executor host without the
     * library only warns ({@code ld.so: ... cannot be preloaded}) and runs on its own malloc, with the same
     * results.
     */
    static void executorEnvironment(SparkConf conf, java.util.Map<String, String> driverEnv) {
        conf.set("spark.executorEnv.OMP_WAIT_POLICY", "PASSIVE");
        conf.set("spark.executorEnv.OMP_NUM_THREADS", "1");
        String preload = driverEnv.get("LD_PRELOAD");
        if (preload != null && !preload.isBlank()) conf.setIfMissing("spark.executorEnv.LD_PRELOAD", preload.strip());
    }

    @Override
    public ClusterSession open(String master, String appName, List<Path> files) {
        String m = Masters.check(master);
        SparkConf conf = new SparkConf(true).setMaster(m).setAppName(appName);
        conf.setIfMissing("spark.ui.enabled", "false");
        executorEnvironment(conf, System.getenv());
        conf.setIfMissing("spark.task.maxFailures", "4");
        // the executors load libtorch offline and find robustj's data as the driver does
        StringBuilder opts = new StringBuilder(conf.get("spark.executor.extraJavaOptions", ""));
        opts.append(" -Dai.djl.offline=true -Dai.djl.default_engine=PyTorch");
        for (String p : List.of("robustj.root", "robustj.shared", "robustj.data")) {
            if (System.getProperty(p) != null) opts.append(" -D").append(p).append('=').append(System.getProperty(p));
        }
        conf.set("spark.executor.extraJavaOptions", opts.toString().strip());
        boolean submitted = conf.contains("spark.submit.deployMode") || conf.contains("spark.jars");
        if (!m.startsWith("local") && !submitted && !conf.contains("spark.executor.extraClassPath")) {
            // started by bin/robustj, not spark-submit: executors use the driver's classpath (same install paths)
            conf.set("spark.executor.extraClassPath", System.getProperty("java.class.path"));
        }
        JavaSparkContext jsc;
        try {
            jsc = new JavaSparkContext(conf);
        } catch (RuntimeException e) {
            throw new InvalidInputException("cannot start Spark on " + master + ": " + oneLine(e));
        }
        try {
            for (Path f : files) {
                jsc.addFile(f.toString());
            }
            if (!m.startsWith("local")) {
                waitForExecutors(jsc, master);
            }
        } catch (RuntimeException e) {
            jsc.stop();
            throw e;
        }
        return new Session(jsc);
    }

    private static void waitForExecutors(JavaSparkContext jsc, String master) {
        long deadline = System.currentTimeMillis() + EXECUTOR_WAIT_MS;
        while (jsc.sc().getExecutorIds().isEmpty()) {
            if (System.currentTimeMillis() > deadline) {
                throw new InvalidInputException("no Spark executor joined within " + EXECUTOR_WAIT_MS / 1000 + " s on "
                        + master + ": does the cluster have a worker with free cores and memory "
                        + "(spark.executor.memory, default 1g)?");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InvalidInputException("interrupted while waiting for Spark executors");
            }
        }
    }

    static String oneLine(Throwable e) {
        String s = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
        int nl = s.indexOf('\n');
        return nl >= 0 ? s.substring(0, nl) : s;
    }

    /** A running Spark application. */
    static final class Session implements ClusterSession {
        private final JavaSparkContext jsc;

        Session(JavaSparkContext jsc) {
            this.jsc = jsc;
        }

        @Override
        public int parallelism() {
            return jsc.defaultParallelism();
        }

        @Override
        public void run(List<PartitionSpec> partitions, BiConsumer<PartitionSpec, String> done) {
            if (partitions.isEmpty()) {
                return;
            }
            ExecutorService waiters = Executors.newFixedThreadPool(Math.min(partitions.size(), 256), r -> {
                Thread t = new Thread(r, "robustj-spark-wait");
                t.setDaemon(true);
                return t;
            });
            List<JavaFutureAction<List<String>>> jobs = new ArrayList<>();
            try {
                CompletionService<Object[]> finished = new ExecutorCompletionService<>(waiters);
                for (PartitionSpec p : partitions) {
                    jsc.setJobDescription("robustj " + p.command() + " partition " + p.index() + " (points "
                            + p.range() + ")");
                    JavaFutureAction<List<String>> job = jsc.parallelize(List.of(p), 1).map(new Task()).collectAsync();
                    jobs.add(job);
                    finished.submit(() -> new Object[] {p, job.get().get(0)});
                }
                for (int k = 0; k < partitions.size(); k++) {
                    Future<Object[]> f = finished.take();
                    Object[] r;
                    try {
                        r = f.get();
                    } catch (ExecutionException e) {
                        throw failure(e.getCause());
                    }
                    done.accept((PartitionSpec) r[0], (String) r[1]);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InvalidInputException("interrupted while the partitions ran");
            } finally {
                for (JavaFutureAction<List<String>> j : jobs) {
                    if (!j.isDone()) j.cancel(true);
                }
                waiters.shutdownNow();
            }
        }

        /** A partition that failed on every attempt, as one line: the command's own error when there is one. */
        private static RuntimeException failure(Throwable t) {
            Throwable c = t instanceof ExecutionException && t.getCause() != null ? t.getCause() : t;
            String text = c == null ? "" : c.toString() + (c.getMessage() == null ? "" : "\n" + c.getMessage());
            String mine = PartitionFailedException.find(text);
            if (mine != null) {
                return new InvalidInputException("a partition failed on every attempt on the cluster: " + mine);
            }
            return new InvalidInputException("the Spark job failed: " + (c == null ? "unknown cause" : oneLine(c)));
        }

        @Override
        public void close() {
            jsc.stop();
        }
    }

    /** The task: the partition's partial run on the executor's copy of the model. */
    static final class Task implements Function<PartitionSpec, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String call(PartitionSpec spec) {
            TaskContext tc = TaskContext.get();
            Path local = spec.modelFile() == null ? null : Path.of(SparkFiles.get(spec.modelFile()));
            return PartitionRunner.run(spec, local, tc == null ? 0 : tc.attemptNumber());
        }
    }
}
