package org.robustj.perf;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import org.robustj.attack.loss.Losses;
import org.robustj.tensor.Gradients;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.robustj.attack.Attack;
import org.robustj.attack.AttackContext;
import org.robustj.attack.AttackRegistry;
import org.robustj.attack.AttackResult;
import org.robustj.attack.LabeledBatch;
import org.robustj.attack.ensemble.AutoEvaluation;
import org.robustj.attack.ensemble.EvaluationConfig;
import org.robustj.attack.ensemble.EvaluationResult;
import org.robustj.data.Dataset;
import org.robustj.data.Datasets;
import org.robustj.eval.CleanEvaluation;
import org.robustj.io.Json;
import org.robustj.model.Classifier;
import org.robustj.model.Models;
import org.robustj.tensor.Engines;
import org.robustj.threat.Norm;
import org.robustj.threat.ThreatModel;

/**
 * Benchmarks of robustj's hot paths, printed with the thread count and, when a reference result file
 * (from {@code perf/reference/}) is given, the ratio to it. Usage:
 * {@code Bench clean|pgd|attack|autoattack|passes MODEL N [reference.json]}; environment {@code THREADS} sets
 * libtorch's thread count, {@code SHAPE} (C,H,W) and {@code REPS} the batch and repetitions of {@code passes},
 * {@code ATTACK} and {@code ATTACK_OPTIONS} (JSON) the attack of {@code attack} (L∞ 0.3, seed 0, one batch).
 */
public final class Bench {
    private Bench() {}

    public static void main(String[] args) throws Exception {
        try {
            run(args);
        } catch (IllegalArgumentException | org.robustj.errors.RobustjException | java.io.IOException e) {
            // bad input (a number, a shape, options, a model or reference file): one line, non-zero exit
            System.err.println("error: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            System.exit(2);
        }
    }

    private static void run(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("error: usage: Bench clean|pgd|attack|autoattack|passes MODEL N [reference.json]");
            System.exit(2);
        }
        String what = args[0];
        String modelRef = args[1];
        int n = Integer.parseInt(args[2]);
        JsonNode ref = args.length > 3 ? Json.mapper().readTree(Path.of(args[3]).toFile()) : null;
        Engines.pytorch();
        if (System.getenv("THREADS") != null) {
            Engines.setThreads(Integer.parseInt(System.getenv("THREADS")));
        }
        System.out.printf("threads=%d OMP_WAIT_POLICY=%s cores=%d%n", Engines.threads(),
                System.getenv("OMP_WAIT_POLICY"), Runtime.getRuntime().availableProcessors());
        if (what.equals("passes")) {
            System.out.println(Json.write(passes(modelRef, n, System.getenv().getOrDefault("SHAPE", "1,28,28"),
                    Integer.parseInt(System.getenv().getOrDefault("REPS", "30")))));
            return;
        }
        Dataset data = Datasets.load("mnist", "test").first(n);
        Map<String, Object> out = new LinkedHashMap<>();
        try (NDManager m = NDManager.newBaseManager(); Classifier model = Models.open(m, modelRef, data.sampleShape())) {
            switch (what) {
                case "clean": {
                    CleanEvaluation.run(model, data.first(Math.min(n, 500)), 500, null); // warm-up
                    CleanEvaluation.Result r = CleanEvaluation.run(model, data, 500, null);
                    double ips = n / r.seconds();
                    out.put("clean_images_per_s", ips);
                    out.put("clean_accuracy", r.accuracy());
                    break;
                }
                case "pgd": {
                    Attack pgd = AttackRegistry.create("pgd", Map.of("steps", 40, "rel_step_size", 0.01 / 0.3));
                    ThreatModel t = ThreatModel.of(Norm.LINF, 0.3);
                    runPgd(pgd, model, data.first(Math.min(n, 500)), t, m); // warm-up
                    long t0 = System.nanoTime();
                    int robust = runPgd(pgd, model, data, t, m);
                    double secs = (System.nanoTime() - t0) / 1e9;
                    out.put("pgd40_images_per_s", n / secs);
                    out.put("seconds", secs);
                    out.put("robust_accuracy", robust / (double) n);
                    if (ref != null && ref.has("images_per_s")) {
                        out.put("reference_images_per_s", ref.get("images_per_s").asDouble());
                        out.put("ratio_vs_reference", (n / secs) / ref.get("images_per_s").asDouble());
                    }
                    break;
                }
                case "attack": {
                    // one attack (registry name and JSON options from ATTACK / ATTACK_OPTIONS) on the first N points
                    String name = System.getenv().getOrDefault("ATTACK", "apgd-ce");
                    Map<String, Object> opts = Json.mapper().readValue(System.getenv().getOrDefault("ATTACK_OPTIONS",
                            "{}"), new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() {});
                    Attack a = AttackRegistry.create(name, opts);
                    NDArray x = data.batch(m, data.allIndices());
                    long t0 = System.nanoTime();
                    long c0 = cpuNanos();
                    AttackResult r = a.run(model, new LabeledBatch(x, data.labels()), ThreatModel.of(Norm.LINF, 0.3),
                            AttackContext.seeded(0));
                    double secs = (System.nanoTime() - t0) / 1e9;
                    int broken = 0;
                    for (boolean b : r.success()) if (b) broken++;
                    out.put("attack", name);
                    out.put("seconds", secs);
                    out.put("cpu_seconds", (cpuNanos() - c0) / 1e9);
                    out.put("broken", broken);
                    break;
                }
                case "autoattack": {
                    long t0 = System.nanoTime();
                    long c0 = cpuNanos();
                    EvaluationResult r = new AutoEvaluation(EvaluationConfig.standard(Norm.LINF, 0.3)).run(model, data);
                    double secs = (System.nanoTime() - t0) / 1e9;
                    out.put("seconds", secs);
                    out.put("cpu_seconds", (cpuNanos() - c0) / 1e9);
                    out.put("clean_accuracy", r.clean().accuracy());
                    out.put("robust_accuracy", r.robustAccuracy());
                    Map<String, Object> perAttack = new java.util.LinkedHashMap<>();
                    for (var a : r.perEps().get(0).summaries) perAttack.put(a.name(), a.seconds());
                    out.put("attack_seconds", perAttack);
                    if (ref != null && ref.has("per_attack")) {
                        Map<String, Object> refPer = new java.util.LinkedHashMap<>();
                        for (JsonNode a : ref.get("per_attack")) refPer.put(a.get("name").asText(), a.get("seconds").asDouble());
                        out.put("reference_attack_seconds", refPer);
                    }
                    if (ref != null && ref.has("cpu_seconds_total")) {
                        out.put("reference_cpu_seconds", ref.get("cpu_seconds_total").asDouble());
                        out.put("cpu_ratio_vs_reference", (cpuNanos() - c0) / 1e9 / ref.get("cpu_seconds_total").asDouble());
                    }
                    if (ref != null && ref.has("seconds_total")) {
                        out.put("reference_seconds", ref.get("seconds_total").asDouble());
                        out.put("reference_robust_accuracy", ref.get("robust_accuracy").asDouble());
                        out.put("time_ratio_vs_reference", secs / ref.get("seconds_total").asDouble());
                    }
                    break;
                }
                default:
                    System.err.println("error: unknown benchmark " + what + " (clean, pgd, attack, autoattack, passes)");
                    System.exit(2);
            }
        }
        System.out.println(Json.write(out));
    }

    /**
     * Forward and forward+input-gradient passes on a batch of {@code n} images of shape {@code shape} ("C,H,W"),
     * on this thread: the median and minimum ms of {@code reps} timed passes of each kind and the process CPU ms
     * per pass (every thread's). The images are the
     * seeded uniform values {@code perf/reference/passes.py} makes (frac(0.618... i + 0.5)), labels i mod 10.
     */
    private static Map<String, Object> passes(String modelRef, int n, String shape, int reps) {
        long[] chw = java.util.Arrays.stream(shape.split(",")).mapToLong(Long::parseLong).toArray();
        if (chw.length != 3 || java.util.Arrays.stream(chw).anyMatch(v -> v < 1) || n < 1 || reps < 1) {
            throw new IllegalArgumentException("passes needs SHAPE C,H,W of positive numbers, N and REPS positive;"
                    + " got SHAPE " + shape + ", N " + n + ", REPS " + reps);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        try (NDManager m = NDManager.newBaseManager();
                Classifier model = Models.open(m, modelRef, new ai.djl.ndarray.types.Shape(chw))) {
            int count = (int) (n * chw[0] * chw[1] * chw[2]);
            float[] v = new float[count];
            for (int i = 0; i < count; i++) {
                double t = i * 0.6180339887498949 + 0.5;
                v[i] = (float) (t - Math.floor(t));
            }
            NDArray x = m.create(v, new ai.djl.ndarray.types.Shape(n, chw[0], chw[1], chw[2]));
            long[] labels = new long[n];
            for (int i = 0; i < n; i++) labels[i] = i % 10;
            NDArray y = m.create(labels);
            for (int i = 0; i < 5; i++) {
                model.logits(x).close();
                Gradients.of(x, xx -> new NDList(Losses.ce(model.logits(xx), y))).close();
            }
            double[] fwd = new double[reps];
            double[] both = new double[reps];
            long c0 = cpuNanos();
            for (int i = 0; i < reps; i++) {
                long t0 = System.nanoTime();
                model.logits(x).close();
                fwd[i] = (System.nanoTime() - t0) / 1e6;
            }
            double fwdCpu = (cpuNanos() - c0) / 1e6 / reps;
            c0 = cpuNanos();
            for (int i = 0; i < reps; i++) {
                long t0 = System.nanoTime();
                Gradients.of(x, xx -> new NDList(Losses.ce(model.logits(xx), y))).close();
                both[i] = (System.nanoTime() - t0) / 1e6;
            }
            double bothCpu = (cpuNanos() - c0) / 1e6 / reps;
            java.util.Arrays.sort(fwd);
            java.util.Arrays.sort(both);
            out.put("side", "robustj");
            out.put("version", Engines.engineVersion());
            out.put("batch", n);
            out.put("shape", chw);
            out.put("threads", Engines.threads());
            out.put("reps", reps);
            out.put("onednn", Engines.oneDnnEnabled());
            out.put("forward_ms", median(fwd));
            out.put("forward_min_ms", fwd[0]);
            out.put("forward_backward_ms", median(both));
            out.put("forward_backward_min_ms", both[0]);
            out.put("forward_cpu_ms", fwdCpu);
            out.put("forward_backward_cpu_ms", bothCpu);
        }
        return out;
    }

    /**
     * CPU time of the whole process (every thread: libtorch's, the JVM's), the part of a run a busy machine must
     * hand over; under fair sharing a run's wall time grows with it, not with how many cores it can fill.
     */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static double median(double[] sorted) {
        int k = sorted.length;
        return k % 2 == 1 ? sorted[k / 2] : (sorted[k / 2 - 1] + sorted[k / 2]) / 2;
    }

    private static int runPgd(Attack pgd, Classifier model, Dataset data, ThreatModel t, NDManager m) {
        int robust = 0;
        for (int[] idx : Dataset.batches(data.allIndices(), 500)) {
            try (NDManager s = m.newSubManager()) {
                NDArray x = data.batch(s, idx);
                int[] y = new int[idx.length];
                for (int k = 0; k < idx.length; k++) y[k] = data.label(idx[k]);
                AttackResult r = pgd.run(model, new LabeledBatch(x, y), t, AttackContext.seeded(0));
                for (boolean b : r.success()) if (!b) robust++;
            }
        }
        return robust;
    }


}
