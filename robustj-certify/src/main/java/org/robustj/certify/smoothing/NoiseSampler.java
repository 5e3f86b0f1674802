package org.robustj.certify.smoothing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.FloatBuffer;
import java.util.SplittableRandom;
import org.robustj.errors.InvalidInputException;
import org.robustj.model.Classifier;

/**
 * Counts the base classifier's predictions on noisy copies x + δ, δ ~ N(0, σ²I), of one point, a batch of
 * copies per forward pass. The draws come from one generator in sample order (sample s takes the
 * s-th block of D Gaussians), so the counts do not depend on the batch size; the Gaussians are the JDK's
 * {@link java.util.random.RandomGenerator#nextGaussian()} (a modified ziggurat) on a {@link SplittableRandom}.
 */
final class NoiseSampler {
    private NoiseSampler() {}

    /**
     * Per-class counts of argmax f(x + δ) over {@code num} draws.
     *
     * @param x the point, flattened (D values in [0, 1])
     * @param manager where the temporaries live (closed batch by batch)
     */
    static long[] counts(Classifier model, float[] x, int num, double sigma, int batchSize, SplittableRandom rng,
            NDManager manager) {
        int d = x.length;
        int k = model.numClasses();
        long[] counts = new long[k];
        int b = Math.min(batchSize, num);
        float[] buf = new float[Math.multiplyExact(b, d)];
        long[] sampleShape = model.inputShape().getShape();
        for (int done = 0; done < num; ) {
            int m = Math.min(b, num - done);
            for (int r = 0, o = 0; r < m; r++) {
                for (int j = 0; j < d; j++, o++) {
                    buf[o] = (float) (x[j] + sigma * rng.nextGaussian());
                }
            }
            long[] dims = new long[sampleShape.length + 1];
            dims[0] = m;
            System.arraycopy(sampleShape, 0, dims, 1, sampleShape.length);
            try (NDManager scope = manager.newSubManager()) {
                NDArray in = scope.create(FloatBuffer.wrap(buf, 0, m * d), new Shape(dims), DataType.FLOAT32);
                NDArray logits = model.logits(in);
                long[] top = logits.argMax(1).toType(DataType.INT64, false).toLongArray();
                for (long c : top) {
                    if (c < 0 || c >= k) {
                        throw new InvalidInputException("classifier returned class " + c + " outside 0.." + (k - 1));
                    }
                    counts[(int) c]++;
                }
            }
            done += m;
        }
        return counts;
    }

    /** The class with the largest count (the smallest index among ties). */
    static int argMax(long[] counts) {
        int best = 0;
        for (int c = 1; c < counts.length; c++) {
            if (counts[c] > counts[best]) best = c;
        }
        return best;
    }
}
