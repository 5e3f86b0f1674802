package org.robustj.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.function.IntConsumer;
import org.robustj.data.Dataset;
import org.robustj.errors.InvalidInputException;
import org.robustj.model.Classifier;

/**
 * Clean (unattacked) evaluation: accuracy, per-class accuracy and expected calibration error (ECE, 15
 * equal-width confidence bins, Guo et al. 2017) from one batched pass over a data set. Non-finite logits
 * are an error, never silently counted. A model whose outputs are already probabilities (every row in
 * [0, 1] summing to 1, i.e. a final softmax) is recognised, and its calibration is computed from its own
 * probabilities instead of a second softmax.
 */
public final class CleanEvaluation {
    /** Number of confidence bins of the ECE. */
    public static final int ECE_BINS = 15;

    private CleanEvaluation() {}

    /**
     * Per-point outcome and the aggregate metrics; {@code probabilities} says that every output row was a
     * probability vector (then {@code confidence} and {@code ece} come from those probabilities).
     */
    public record Result(int n, int correctCount, double accuracy, double[] perClassAccuracy, int[] perClassCount,
            double ece, boolean[] correct, int[] predictions, float[] confidence, double seconds,
            boolean probabilities) {}

    /** Tolerance of the probability test (float32 softmax rows sum to 1 within about 1e-6). */
    private static final double PROBABILITY_TOLERANCE = 1e-5;

    /** Whether each of the first {@code rows} rows of {@code z} (K columns) lies in [0, 1] and sums to 1. */
    public static boolean probabilities(float[] z, int k, int rows) {
        for (int i = 0; i < rows; i++) {
            double sum = 0;
            for (int c = 0; c < k; c++) {
                float v = z[i * k + c];
                if (!(v > -PROBABILITY_TOLERANCE && v < 1 + PROBABILITY_TOLERANCE)) {
                    return false;
                }
                sum += v;
            }
            if (Math.abs(sum - 1) >= PROBABILITY_TOLERANCE) {
                return false;
            }
        }
        return true;
    }

    /** Evaluates every sample of {@code data} in batches; {@code progress} receives the samples done. */
    public static Result run(Classifier model, Dataset data, int batchSize, IntConsumer progress) {
        int n = data.size();
        int k = model.numClasses();
        boolean[] correct = new boolean[n];
        int[] pred = new int[n];
        float[] conf = new float[n];
        float[] maxOut = new float[n];
        boolean probs = true;
        long t0 = System.nanoTime();
        int done = 0;
        for (int[] idx : Dataset.batches(data.allIndices(), batchSize)) {
            try (NDManager scope = model.manager().newSubManager()) {
                NDArray x = data.batch(scope, idx);
                // each row's logits as in any other batch, so a point's prediction and confidence never depend on
                // how the points were batched
                NDArray logits = org.robustj.model.RowInvariant.logits(model, x);
                float[] z = logits.toFloatArray();
                probs = probs && probabilities(z, k, idx.length);
                for (int i = 0; i < idx.length; i++) {
                    int best = 0;
                    double max = Double.NEGATIVE_INFINITY;
                    for (int c = 0; c < k; c++) {
                        float v = z[i * k + c];
                        if (!Float.isFinite(v)) {
                            throw new InvalidInputException("model " + model.source() + " returned a non-finite logit ("
                                    + v + ") for sample " + idx[i] + " of " + data.name());
                        }
                        if (v > max) {
                            max = v;
                            best = c;
                        }
                    }
                    double sum = 0;
                    for (int c = 0; c < k; c++) sum += Math.exp(z[i * k + c] - max);
                    int p = idx[i];
                    pred[p] = best;
                    conf[p] = (float) (1 / sum);
                    maxOut[p] = (float) max;
                    correct[p] = best == data.label(p);
                }
            }
            done += idx.length;
            if (progress != null) progress.accept(done);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (probs && n > 0) {
            conf = maxOut; // the model's own probability of its prediction: no second softmax
        }
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) labels[i] = data.label(i);
        return result(labels, correct, pred, conf, k, seconds, probs && n > 0);
    }

    /**
     * The clean figures of points with these labels and outcomes (accuracy, per class, ECE), as {@link #run}
     * reports them; also what a certification's clean pass and the merge of partial records compute from their
     * points.
     */
    public static Result result(int[] labels, boolean[] correct, int[] pred, float[] conf, int classes,
            double seconds, boolean probabilities) {
        int n = labels.length;
        int[] perCount = new int[classes];
        int total = 0;
        for (int i = 0; i < n; i++) {
            perCount[labels[i]]++;
            if (correct[i]) total++;
        }
        double[] per = perClassAccuracy(labels, correct, classes);
        return new Result(n, total, total / (double) n, per, perCount, ece(conf, correct), correct, pred, conf,
                seconds, probabilities);
    }

    /** Accuracy per class of points with these labels and outcomes; NaN for a class with no point. */
    public static double[] perClassAccuracy(int[] labels, boolean[] correct, int classes) {
        int[] perCount = new int[classes];
        int[] perCorrect = new int[classes];
        for (int i = 0; i < labels.length; i++) {
            perCount[labels[i]]++;
            if (correct[i]) perCorrect[labels[i]]++;
        }
        double[] per = new double[classes];
        for (int c = 0; c < classes; c++) {
            per[c] = perCount[c] == 0 ? Double.NaN : perCorrect[c] / (double) perCount[c];
        }
        return per;
    }

    /** Expected calibration error over {@link #ECE_BINS} equal-width bins of confidence (0,1]. */
    public static double ece(float[] confidence, boolean[] correct) {
        double[] sumConf = new double[ECE_BINS];
        double[] sumAcc = new double[ECE_BINS];
        int[] cnt = new int[ECE_BINS];
        for (int i = 0; i < confidence.length; i++) {
            int b = Math.min(ECE_BINS - 1, (int) Math.ceil(confidence[i] * ECE_BINS) - 1);
            b = Math.max(b, 0);
            sumConf[b] += confidence[i];
            sumAcc[b] += correct[i] ? 1 : 0;
            cnt[b]++;
        }
        double e = 0;
        for (int b = 0; b < ECE_BINS; b++) {
            if (cnt[b] > 0) e += Math.abs(sumAcc[b] - sumConf[b]) / confidence.length;
        }
        return e;
    }

    /** Class names for printing; falls back to indices. */
    public static String className(List<String> names, int c) {
        return names != null && c < names.size() ? names.get(c) : Integer.toString(c);
    }
}
