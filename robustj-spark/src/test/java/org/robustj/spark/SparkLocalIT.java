package org.robustj.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustj.benchmark.Entry;
import org.robustj.eval.RunRecord;

/**
 * {@code --spark local[2]} (Spark embedded in this JVM, two task threads) gives the record of a local run point
 * by point, for evaluate, certify and benchmark, with the model file shipped to the tasks. (The cluster test,
 * with a standalone master and worker as separate processes, is {@link SparkClusterIT}.)
 */
class SparkLocalIT {
    static Path model;

    @TempDir
    Path tmp;

    @BeforeAll
    static void sharedModel() {
        model = Runs.sharedModel();
        Assumptions.assumeTrue(model != null, "../shared/models/mlp_std.pt is absent: the Spark tests need it");
    }

    static List<String> evaluateArgs() {
        return new ArrayList<>(List.of("evaluate", "--model", model.toString(), "--n", "12", "--eps", "0.04",
                "--attacks", "apgd-ce,square", "--attack-option", "apgd-ce.steps=6", "--attack-option",
                "square.steps=30", "--batch-size", "5", "--quiet"));
    }

    @Test
    void evaluateOnLocalSparkIsTheLocalRecordPointByPoint() throws Exception {
        List<String> local = evaluateArgs();
        local.addAll(List.of("--out", tmp.resolve("local.json").toString()));
        Runs.Run a = Runs.cli(local);
        assertEquals(0, a.code(), a.err());
        List<String> spark = evaluateArgs();
        spark.addAll(List.of("--spark", "local[2]", "--partitions", "3", "--out", tmp.resolve("spark.json").toString(),
                "--report", tmp.resolve("spark.html").toString()));
        Runs.Run b = Runs.cli(spark);
        assertEquals(0, b.code(), b.err() + b.out());
        assertTrue(b.out().contains("3 partitions"), b.out());
        RunRecord ra = Runs.record(tmp.resolve("local.json"));
        RunRecord rb = Runs.record(tmp.resolve("spark.json"));
        assertEquals(ra.points(), rb.points());
        assertEquals(Runs.comparable(ra), Runs.comparable(rb));
        assertEquals(model.toString(), rb.model().source(), "the record names the driver's model, not the copy");
        assertEquals("local[2]", rb.config().path("cluster").path("master").asText());
        assertTrue(ra.points().stream().anyMatch(p -> p.cleanCorrect() && !p.robust())
                && ra.points().stream().anyMatch(RunRecord.PointRecord::robust), "a meaningful witness");
        assertTrue(java.nio.file.Files.readString(tmp.resolve("spark.html")).contains("<html"));
    }

    static Path entryIn(Path dir) throws java.io.IOException {
        try (var files = java.nio.file.Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".json")).findFirst().orElseThrow();
        }
    }

    @Test
    void certifyOnLocalSparkIsTheLocalRecord() throws Exception {
        List<String> args = List.of("certify", "--method", "smoothing", "--model", model.toString(), "--n", "6",
                "--samples", "200", "--n0", "20", "--quiet");
        List<String> local = new ArrayList<>(args);
        local.addAll(List.of("--out", tmp.resolve("c-local.json").toString()));
        Runs.Run a = Runs.cli(local);
        assertEquals(0, a.code(), a.err());
        List<String> spark = new ArrayList<>(args);
        spark.addAll(List.of("--spark", "local[2]", "--out", tmp.resolve("c-spark.json").toString()));
        Runs.Run b = Runs.cli(spark);
        assertEquals(0, b.code(), b.err() + b.out());
        assertEquals(Runs.comparable(Runs.record(tmp.resolve("c-local.json"))),
                Runs.comparable(Runs.record(tmp.resolve("c-spark.json"))));
    }

    @Test
    void benchmarkOnLocalSparkIsTheLocalEntry() throws Exception {
        List<String> args = List.of("benchmark", "--model", model.toString(), "--track", "mnist-linf-0.3", "--n", "8",
                "--attacks", "apgd-ce", "--attack-option", "apgd-ce.steps=4", "--name", "mlp", "--quiet");
        List<String> local = new ArrayList<>(args);
        local.addAll(List.of("--entries", tmp.resolve("e-local").toString()));
        Runs.Run a = Runs.cli(local);
        assertEquals(0, a.code(), a.err());
        List<String> spark = new ArrayList<>(args);
        spark.addAll(List.of("--spark", "local[2]", "--entries", tmp.resolve("e-spark").toString()));
        Runs.Run b = Runs.cli(spark);
        assertEquals(0, b.code(), b.err() + b.out());
        Entry ea = Entry.read(entryIn(tmp.resolve("e-local")));
        Entry eb = Entry.read(entryIn(tmp.resolve("e-spark")));
        assertEquals(ea.cleanAcc(), eb.cleanAcc());
        assertEquals(ea.autoattackAcc(), eb.autoattackAcc());
        assertEquals(ea.flags(), eb.flags());
        assertEquals(Runs.comparable(ea.run()), Runs.comparable(eb.run()));
    }
}
