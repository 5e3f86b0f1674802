package org.robustj.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.robustj.cli.cluster.PartitionRunner;
import org.robustj.eval.RunRecord;
import org.robustj.io.Json;

/**
 * A real Spark cluster on this machine: a standalone master and a worker as separate processes on 127.0.0.1
 * (started from this module's classpath), and robustj drivers as separate processes submitting an evaluation of
 * a small model (the shared MNIST MLP, 20 points, APGD-CE and Square) to it. The record is the single-process
 * record point by point; with every task failing on its first attempt (the test hook {@value
 * PartitionRunner#FAIL_FIRST}), Spark retries them and the record is unchanged; a driver killed mid-run (SIGKILL)
 * resumes from its state file without redoing the partitions it had finished. Skipped, with the reason, when the
 * shared model is absent or the master or worker cannot start.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SparkClusterIT {
    static Path tmp;
    static Path model;
    static Process master;
    static Process worker;
    static String masterUrl;
    static RunRecord local;

    @BeforeAll
    static void startCluster() throws Exception {
        model = Runs.sharedModel();
        Assumptions.assumeTrue(model != null, "../shared/models/mlp_std.pt is absent: the Spark tests need it");
        tmp = Files.createTempDirectory("robustj-spark-it-");
        int port = freePort();
        int ui = freePort();
        masterUrl = "spark://127.0.0.1:" + port;
        master = java("org.apache.spark.deploy.master.Master", List.of("--host", "127.0.0.1", "--port",
                Integer.toString(port), "--webui-port", Integer.toString(ui)), List.of(), tmp.resolve("master.log"));
        // the worker builds its executors' command from SPARK_HOME/jars (none here: the executors get the
        // driver's classpath as spark.executor.extraClassPath)
        Path home = Files.createDirectories(tmp.resolve("spark-home/jars"));
        worker = java("org.apache.spark.deploy.worker.Worker", List.of("--host", "127.0.0.1", "--cores", "2",
                "--memory", "3g", "--webui-port", Integer.toString(freePort()), "--work-dir",
                tmp.resolve("work").toString(), masterUrl),
                List.of("SPARK_HOME=" + home.getParent(), "SPARK_SCALA_VERSION=2.13"), tmp.resolve("worker.log"));
        long deadline = System.currentTimeMillis() + 150_000; // JVM start-up on a loaded 2-core machine is slow
        String why = "the master's status page did not answer";
        while (System.currentTimeMillis() < deadline) {
            Assumptions.assumeTrue(master.isAlive(), "the Spark master did not start: " + tail("master.log"));
            Assumptions.assumeTrue(worker.isAlive(), "the Spark worker did not start: " + tail("worker.log"));
            try (InputStream in = URI.create("http://127.0.0.1:" + ui + "/json/").toURL().openStream()) {
                JsonNode status = Json.mapper().readTree(in);
                if (status.path("aliveworkers").asInt(0) >= 1) {
                    why = null;
                    break;
                }
                why = "no worker registered with the master: " + tail("worker.log");
            } catch (IOException e) {
                // not up yet
            }
            Thread.sleep(300);
        }
        Assumptions.assumeTrue(why == null, "Spark standalone cluster did not come up in 150 s: " + why);
        // the single-process record (this JVM, no Spark)
        List<String> args = evaluateArgs();
        args.addAll(List.of("--out", tmp.resolve("local.json").toString()));
        Runs.Run r = Runs.cli(args);
        assertEquals(0, r.code(), r.err());
        local = Runs.record(tmp.resolve("local.json"));
    }

    @AfterAll
    static void stopCluster() throws Exception {
        for (Process p : new Process[] {worker, master}) {
            if (p != null) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    static List<String> evaluateArgs() {
        return new ArrayList<>(List.of("evaluate", "--model", model.toString(), "--n", "20", "--eps", "0.04",
                "--attacks", "apgd-ce,square", "--attack-option", "apgd-ce.steps=6", "--attack-option",
                "square.steps=30", "--batch-size", "5", "--quiet"));
    }

    @Test
    @Order(1)
    void aRetriedTaskGivesTheSingleProcessRecord() throws Exception {
        Path log = tmp.resolve("attempts-1.log");
        List<String> args = evaluateArgs();
        args.addAll(List.of("--spark", masterUrl, "--partitions", "4", "--out", tmp.resolve("cluster.json").toString()));
        Process d = driver(args, List.of("-D" + PartitionRunner.FAIL_FIRST + "=true",
                "-D" + PartitionRunner.TASK_LOG + "=" + log), tmp.resolve("driver-1.log"));
        assertTrue(d.waitFor(150, TimeUnit.SECONDS), "the driver finished: " + tail("driver-1.log"));
        assertEquals(0, d.exitValue(), tail("driver-1.log"));
        RunRecord rec = Runs.record(tmp.resolve("cluster.json"));
        assertEquals(local.points(), rec.points(), "point by point");
        assertEquals(Runs.comparable(local), Runs.comparable(rec));
        List<String> attempts = Files.readAllLines(log);
        for (int p = 0; p < 4; p++) {
            assertTrue(attempts.contains("partition " + p + " attempt 0"), attempts.toString());
            assertTrue(attempts.contains("partition " + p + " attempt 1"), "retried: " + attempts);
        }
        assertTrue(local.points().stream().anyMatch(p -> p.cleanCorrect() && !p.robust())
                && local.points().stream().anyMatch(RunRecord.PointRecord::robust), "a meaningful witness");
    }

    @Test
    @Order(2)
    void aKilledDriverResumesWithoutRedoingFinishedPartitions() throws Exception {
        Path out = tmp.resolve("resumed.json");
        Path state = tmp.resolve("resumed.json.state.json");
        List<String> args = evaluateArgs();
        args.addAll(List.of("--spark", masterUrl, "--partitions", "5", "--out", out.toString()));
        // one core: the partitions run one after another, so the driver can be killed between them
        Process d = driver(args, List.of("-Dspark.cores.max=1", "-D" + PartitionRunner.TASK_LOG + "="
                + tmp.resolve("attempts-2.log")), tmp.resolve("driver-2.log"));
        Set<Integer> doneBefore = new TreeSet<>();
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline && d.isAlive()) {
            doneBefore = done(state);
            if (!doneBefore.isEmpty()) break;
            Thread.sleep(50);
        }
        assertTrue(d.isAlive(), "the driver was still running when a partition had finished: " + tail("driver-2.log"));
        d.destroyForcibly().waitFor(20, TimeUnit.SECONDS); // SIGKILL: no shutdown hook, no cleanup
        doneBefore = done(state);
        assertFalse(doneBefore.isEmpty());
        assertTrue(doneBefore.size() < 5, "killed mid-run: " + doneBefore);
        assertFalse(Files.exists(out), "no record from the killed driver");

        Path log3 = tmp.resolve("attempts-3.log");
        Process again = driver(args, List.of("-D" + PartitionRunner.TASK_LOG + "=" + log3), tmp.resolve("driver-3.log"));
        assertTrue(again.waitFor(150, TimeUnit.SECONDS), "the resumed driver finished: " + tail("driver-3.log"));
        assertEquals(0, again.exitValue(), tail("driver-3.log"));
        String said = Files.readString(tmp.resolve("driver-3.log"));
        assertTrue(said.contains("resuming from " + state + ": " + doneBefore.size() + " of 5 partitions done"), said);
        Set<Integer> redone = new TreeSet<>();
        for (String line : Files.readAllLines(log3)) redone.add(Integer.parseInt(line.split(" ")[1]));
        for (int p : doneBefore) assertFalse(redone.contains(p), "partition " + p + " was redone: " + redone);
        assertEquals(5, redone.size() + doneBefore.size(), "every other partition ran: " + redone);
        RunRecord rec = Runs.record(out);
        assertEquals(local.points(), rec.points(), "point by point");
        assertEquals(Runs.comparable(local), Runs.comparable(rec));
        assertFalse(Files.exists(state), "the state is removed with the record written");
    }

    /** The finished partitions in a driver's state file (none while it is absent or being replaced). */
    static Set<Integer> done(Path state) {
        Set<Integer> s = new TreeSet<>();
        try {
            if (!Files.exists(state)) return s;
            JsonNode t = Json.mapper().readTree(state.toFile());
            t.path("done").fieldNames().forEachRemaining(k -> s.add(Integer.parseInt(k)));
        } catch (IOException e) {
            // an atomic rename in progress: read it next time
        }
        return s;
    }

    static Process driver(List<String> args, List<String> props, Path log) throws IOException {
        List<String> jvm = new ArrayList<>(List.of("-Xmx2g", "-Dai.djl.offline=true", "-Dai.djl.default_engine=PyTorch",
                "-Dspark.driver.host=127.0.0.1", "-Dspark.driver.bindAddress=127.0.0.1",
                "-Drobustj.root=" + System.getProperty("robustj.root", "."),
                "-Drobustj.shared=" + System.getProperty("robustj.shared", "../shared")));
        jvm.addAll(props);
        List<String> cmd = new ArrayList<>(jvm);
        cmd.add("org.robustj.cli.Main");
        cmd.addAll(args);
        return start(cmd, List.of("OMP_WAIT_POLICY=PASSIVE"), log);
    }

    static Process java(String main, List<String> args, List<String> env, Path log) throws IOException {
        // the master and worker log at INFO level into their files (the reason shown when the test skips)
        Path conf = tmp.resolve("log4j2-info.properties");
        if (!Files.exists(conf)) {
            Files.writeString(conf, "rootLogger.level = info\nrootLogger.appenderRef.stderr.ref = console\n"
                    + "appender.console.type = Console\nappender.console.name = console\n"
                    + "appender.console.target = SYSTEM_ERR\nappender.console.layout.type = PatternLayout\n"
                    + "appender.console.layout.pattern = %p %c{1}: %m%n\n");
        }
        List<String> cmd = new ArrayList<>(List.of("-Xmx512m", "-Dlog4j2.configurationFile=" + conf));
        cmd.add(main);
        cmd.addAll(args);
        return start(cmd, env, log);
    }

    private static Process start(List<String> jvmAndMain, List<String> env, Path log) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions());
        cmd.add("-cp");
        cmd.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        cmd.addAll(jvmAndMain);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        for (String e : env) {
            int eq = e.indexOf('=');
            pb.environment().put(e.substring(0, eq), e.substring(eq + 1));
        }
        return pb.start();
    }

    /** The JVM flags Spark 4 needs on Java 17, from the module's own list. */
    static List<String> jvmOptions() throws IOException {
        try (InputStream in = SparkClusterIT.class.getResourceAsStream("/org/robustj/spark/jvm-options.txt")) {
            List<String> out = new ArrayList<>();
            for (String l : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!l.isBlank()) out.add(l.strip());
            }
            return out;
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static String tail(String logName) {
        try {
            List<String> lines = Files.readAllLines(tmp.resolve(logName));
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 8), lines.size()));
        } catch (IOException e) {
            return "(no " + logName + ")";
        }
    }
}
