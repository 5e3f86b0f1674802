package org.robustj.perf;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.robustj.certify.smoothing.RandomizedSmoothingCertifier;
import org.robustj.certify.smoothing.SmoothingCertificate;
import org.robustj.certify.smoothing.SmoothingConfig;
import org.robustj.data.Dataset;
import org.robustj.data.Datasets;
import org.robustj.io.AtomicFiles;
import org.robustj.io.Json;
import org.robustj.model.Classifier;
import org.robustj.model.Models;
import org.robustj.tensor.Engines;

/**
 * Randomized smoothing on the first MNIST test points with the library API: certified accuracy at a list of L2
 * radii, samples per second and per-point results, written as JSON (the figures of the noise models' cards and
 * of the speed comparison with locuslab/smoothing's {@code Smooth}, {@code perf/reference/smoothing_certify.py}).
 * Usage: {@code SmoothingBench MODEL POINTS SIGMA N0 N ALPHA BATCH SEED R1,R2,.. OUT.json [SKIP]} (every SKIP-th
 * test point; default 1). Threads: {@code THREADS} (default 2).
 */
public final class SmoothingBench {
    private SmoothingBench() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 10) {
            System.err.println("usage: SmoothingBench MODEL POINTS SIGMA N0 N ALPHA BATCH SEED R1,R2,.. OUT.json [SKIP]");
            System.exit(2);
        }
        String modelRef = args[0];
        int points = Integer.parseInt(args[1]);
        SmoothingConfig c = new SmoothingConfig(Double.parseDouble(args[2]), Integer.parseInt(args[3]),
                Integer.parseInt(args[4]), Double.parseDouble(args[5]), Integer.parseInt(args[6]),
                Long.parseLong(args[7]));
        List<Double> radii = new ArrayList<>();
        for (String r : args[8].split(",")) radii.add(Double.parseDouble(r));
        Path out = Path.of(args[9]);
        int skip = args.length > 10 ? Integer.parseInt(args[10]) : 1;
        Engines.setThreads(Integer.parseInt(System.getenv().getOrDefault("THREADS", "2")));
        String load = new String(java.nio.file.Files.readAllBytes(Path.of("/proc/loadavg"))).trim();
        Dataset all = Datasets.load("mnist", "test");
        int[] idx = new int[points];
        for (int i = 0; i < points; i++) idx[i] = i * skip;
        Dataset data = all.subset(idx);
        RandomizedSmoothingCertifier smoothing = new RandomizedSmoothingCertifier();
        List<Map<String, Object>> rows = new ArrayList<>();
        long t0 = System.nanoTime();
        int[] certified = new int[radii.size()];
        int correct = 0;
        int abstained = 0;
        String sha;
        try (NDManager m = NDManager.newBaseManager(); Classifier model = Models.open(m, modelRef, data.sampleShape())) {
            sha = model.sha256();
            // warm-up: one point, not counted
            try (NDManager w = m.newSubManager()) {
                smoothing.certify(model, data.batch(w, new int[] {0}), new int[] {data.label(0)}, new int[] {-1},
                        c.withN(Math.min(c.n(), 2 * c.batchSize())));
            }
            t0 = System.nanoTime();
            for (int i = 0; i < points; i++) {
                try (NDManager s = m.newSubManager()) {
                    NDArray x = data.batch(s, new int[] {i});
                    SmoothingCertificate r = smoothing.certify(model, x, new int[] {data.label(i)},
                            new int[] {idx[i]}, c).get(0);
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("index", r.index());
                    row.put("label", r.label());
                    row.put("prediction", r.prediction());
                    row.put("radius", r.radius());
                    row.put("correct", r.prediction() == r.label());
                    row.put("count", r.candidateCount());
                    row.put("seconds", r.seconds());
                    rows.add(row);
                    if (r.prediction() == r.label()) correct++;
                    if (r.abstained()) abstained++;
                    for (int k = 0; k < radii.size(); k++) {
                        if (r.toPointCertificate().certifiedAt(radii.get(k))) certified[k]++;
                    }
                }
                if ((i + 1) % 10 == 0) System.err.printf("%d/%d points, %.1f s%n", i + 1, points,
                        (System.nanoTime() - t0) / 1e9);
            }
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        long samples = (long) points * (c.n0() + c.n());
        Map<String, Object> res = new LinkedHashMap<>();
        res.put("tool", "robustj " + RandomizedSmoothingCertifier.class.getSimpleName());
        res.put("model", modelRef);
        res.put("model_sha256", sha);
        res.put("dataset", "mnist test, points " + (skip == 1 ? "0.." + (points - 1) : "every " + skip + "th, "
                + points + " points"));
        res.put("config", c);
        res.put("threads", Engines.threads());
        res.put("omp_wait_policy", System.getenv("OMP_WAIT_POLICY"));
        res.put("loadavg_before", load);
        res.put("loadavg_after", new String(java.nio.file.Files.readAllBytes(Path.of("/proc/loadavg"))).trim());
        res.put("seconds", secs);
        res.put("samples_per_second", samples / secs);
        res.put("accuracy_smoothed", correct / (double) points);
        res.put("abstained", abstained / (double) points);
        Map<String, Double> acc = new LinkedHashMap<>();
        for (int k = 0; k < radii.size(); k++) acc.put(Double.toString(radii.get(k)), certified[k] / (double) points);
        res.put("certified_accuracy", acc);
        res.put("points", rows);
        AtomicFiles.write(out, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(res));
        System.out.printf("threads=%d samples/s=%.0f seconds=%.1f smoothed acc=%.3f abstain=%.3f certified=%s load=%s%n",
                Engines.threads(), samples / secs, secs, correct / (double) points, abstained / (double) points, acc,
                load);
    }
}
