package org.robustj.perf;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.robustj.model.Classifier;
import org.robustj.model.Models;
import org.robustj.onnx.OnnxModels;
import org.robustj.tensor.Engines;

/**
 * Queries per second (logits of one input each, batched as a black-box attack batches them) of the same network
 * through ONNX Runtime (the ONNX file, query-only backend), libtorch (its TorchScript twin) and robustj's layer
 * graph on libtorch (the ONNX file imported): {@code perf/query-compare.sh}. Not a test.
 *
 * <p>Usage: {@code QueryBench MODEL.onnx MODEL.pt BATCH REPS THREADS} (sample shape 1×28×28).
 */
public final class QueryBench {
    private QueryBench() {}

    public static void main(String[] args) throws Exception {
        Path onnx = Path.of(args[0]);
        Path pt = Path.of(args[1]);
        int batch = Integer.parseInt(args[2]);
        int reps = Integer.parseInt(args[3]);
        int threads = Integer.parseInt(args[4]);
        Engines.setThreads(threads);
        Shape sample = new Shape(1, 28, 28);
        try (NDManager m = NDManager.newBaseManager();
                Classifier ort = OnnxModels.open(m, onnx, sample, onnx.toString(), OnnxModels.Backend.ONNXRUNTIME);
                Classifier ts = Models.open(m, pt.toString(), sample);
                Classifier graph = OnnxModels.open(m, onnx, sample, onnx.toString(), OnnxModels.Backend.GRAPH)) {
            float[] v = new float[batch * 784];
            SplittableRandom r = new SplittableRandom(1);
            for (int i = 0; i < v.length; i++) v[i] = (float) r.nextDouble();
            System.out.printf("model %s / %s, batch %d, %d reps, %d threads, load %s%n", onnx.getFileName(),
                    pt.getFileName(), batch, reps, threads, loadAverage());
            // interleaved rounds, so that a change of background load hits every backend alike
            double[][] qps = new double[3][reps];
            Classifier[] all = {ort, ts, graph};
            for (Classifier c : all) time(m, c, v, batch); // warm-up
            for (int k = 0; k < reps; k++) {
                for (int b = 0; b < all.length; b++) qps[b][k] = batch / time(m, all[b], v, batch);
            }
            String[] names = {"onnxruntime (ONNX file)", "libtorch (TorchScript twin)", "layer graph on libtorch"};
            for (int b = 0; b < all.length; b++) {
                double[] s = qps[b].clone();
                Arrays.sort(s);
                System.out.printf("%-30s median %10.0f queries/s (min %.0f, max %.0f)%n", names[b], s[s.length / 2], s[0],
                        s[s.length - 1]);
            }
            double ratio = median(qps[0]) / median(qps[1]);
            System.out.printf("onnxruntime / libtorch: %.2fx%n", ratio);
        }
    }

    private static double time(NDManager m, Classifier c, float[] v, int batch) {
        try (NDManager scope = m.newSubManager()) {
            NDArray x = scope.create(v, new Shape(batch, 1, 28, 28));
            long t0 = System.nanoTime();
            float[] z = c.logits(x).toFloatArray();
            double s = (System.nanoTime() - t0) / 1e9;
            if (z.length != batch * c.numClasses()) throw new IllegalStateException("wrong logits");
            return s;
        }
    }

    private static double median(double[] a) {
        double[] s = a.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (java.io.IOException e) {
            return "n/a";
        }
    }
}
