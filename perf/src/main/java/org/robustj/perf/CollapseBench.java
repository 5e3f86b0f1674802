package org.robustj.perf;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.robustj.data.Dataset;
import org.robustj.data.Datasets;
import org.robustj.diagnose.DiagnosticListener;
import org.robustj.diagnose.collapse.CollapseDiagnostic;
import org.robustj.diagnose.collapse.LayerMeasures;
import org.robustj.model.Classifier;
import org.robustj.model.Models;
import org.robustj.tensor.Engines;

/**
 * Neural collapse of clean MNIST test features at every layer of a model (both passes: class means, then
 * spread and nearest-centre), timed against the same two passes of forward computation alone (the features,
 * no statistics), so the cost of the measurement itself shows. Usage: {@code CollapseBench [MODEL] [POINTS]
 * [BATCH] [REPEATS]} (defaults zoo:mnist-cnn, 10000, 500, 3). Threads: {@code THREADS} (default 2).
 */
public final class CollapseBench {
    private CollapseBench() {}

    public static void main(String[] args) throws Exception {
        String ref = args.length > 0 ? args[0] : "zoo:mnist-cnn";
        int points = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 500;
        int repeats = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        Engines.setThreads(Integer.parseInt(System.getenv().getOrDefault("THREADS", "2")));
        Dataset data = Datasets.load("mnist", "test").first(points);
        try (NDManager manager = NDManager.newBaseManager();
                Classifier m = Models.open(manager, ref, null)) {
            List<String> layers = m.layers();
            float[] x = data.values(data.allIndices());
            CollapseDiagnostic.atLayers(m, data.first(Math.min(points, 1000)), null, layers, batch,
                    DiagnosticListener.NONE); // warm-up
            double bestAll = Double.MAX_VALUE;
            double bestFwd = Double.MAX_VALUE;
            Map<String, LayerMeasures> r = null;
            for (int k = 0; k < repeats; k++) {
                long t0 = System.nanoTime();
                for (int pass = 0; pass < 2; pass++) {
                    for (int[] idx : Dataset.batches(data.allIndices(), batch)) {
                        try (NDManager s = manager.newSubManager()) {
                            NDArray b = data.batch(s, idx);
                            m.logits(b);
                            for (NDArray a : m.activations(b, layers).values()) a.toFloatArray();
                        }
                    }
                }
                bestFwd = Math.min(bestFwd, (System.nanoTime() - t0) / 1e9);
                long t1 = System.nanoTime();
                r = CollapseDiagnostic.atLayers(m, data, x, layers, batch, DiagnosticListener.NONE);
                bestAll = Math.min(bestAll, (System.nanoTime() - t1) / 1e9);
            }
            long dims = 0;
            for (LayerMeasures lm : r.values()) dims += lm.dim();
            System.out.printf(Locale.ROOT, "model %s, %d points, %d layers (%d feature dimensions in all), batch %d, "
                    + "%d threads%n", ref, points, layers.size(), dims, batch, Engines.threads());
            System.out.printf(Locale.ROOT, "neural collapse at every layer: %.2f s (best of %d); the two forward passes "
                    + "alone, copying every layer's features out: %.2f s; the statistics: %.2f s%n", bestAll, repeats,
                    bestFwd, bestAll - bestFwd);
            for (Map.Entry<String, LayerMeasures> e : r.entrySet()) {
                System.out.printf(Locale.ROOT, "  %-8s d=%6d  NC1 %.4f  NCC accuracy %.4f%n", e.getKey(),
                        e.getValue().dim(), e.getValue().nc1(), e.getValue().nccAccuracy());
            }
            System.out.printf(Locale.ROOT, "load average %s%n", new String(java.nio.file.Files.readAllBytes(
                    java.nio.file.Path.of("/proc/loadavg"))).trim());
        }
    }
}
