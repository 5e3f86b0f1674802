package org.robustj.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.robustj.model.Classifier;
import org.robustj.model.Models;

/**
 * What makes shard-invariant evaluation possible: per-row results that do not depend on the batch. Through
 * {@link org.robustj.model.RowInvariant#logits} (batches padded to a multiple of 16 rows) and on one libtorch
 * thread, as attacks compute ({@link Engines#onOneThread}, here with two threads asked for), the logits and the
 * input gradient of each row of the bundled networks (convolutions, linear layers) are bit-identical whether the
 * row is computed alone, in batches of 2 to 50, or in one batch of 64, with oneDNN convolutions on or off as
 * {@link Engines} chose for this machine. Without the padding, rows of batches of 1 to 3 differed by up to 7e-7 in
 * the logits (perf/README.md); on two threads, an AVX-512 Xeon gave other last bits than one thread, and other
 * ones in batches of 16 and of 32 or more rows (2026-12-03), which is why attacks compute on one.
 */
class BatchInvarianceTest {
    static final int ROWS = 64;

    @ParameterizedTest
    @CsvSource({"mnist-cnn-pgd-at, 1, 28, 28", "cifar10-cnn-pgd-at, 3, 32, 32"})
    void rowsDoNotDependOnTheirBatchOrTheThreadCount(String zoo, int c, int h, int w) {
        Engines.pytorch();
        int before = Engines.threads();
        try (NDManager m = NDManager.newBaseManager();
                Classifier model = Models.open(m, "zoo:" + zoo, new Shape(c, h, w))) {
            int d = c * h * w;
            float[] xs = new float[ROWS * d];
            SplittableRandom rng = new SplittableRandom(5);
            for (int i = 0; i < xs.length; i++) xs[i] = (float) rng.nextDouble();
            Engines.setThreads(2);
            float[][] want = Engines.onOneThread(() -> pass(m, model, xs, ROWS, d, new Shape(c, h, w)));
            assertEquals(2, Engines.threads(), "the thread count is restored");
            for (int batch : new int[] {1, 2, 3, 4, 5, 6, 7, 9, 11, 13, 17, 23, 33, 50, ROWS}) {
                float[][] got = Engines.onOneThread(() -> pass(m, model, xs, batch, d, new Shape(c, h, w)));
                for (int k = 0; k < 2; k++) {
                    int differ = 0;
                    for (int i = 0; i < want[k].length; i++) {
                        if (Float.floatToRawIntBits(want[k][i]) != Float.floatToRawIntBits(got[k][i])) differ++;
                    }
                    assertEquals(0, differ, zoo + ": " + differ + " of " + want[k].length + " "
                            + (k == 0 ? "logits" : "gradient entries") + " differ in batches of " + batch
                            + " from one batch of " + ROWS);
                }
            }
        } finally {
            Engines.setThreads(before);
        }
    }

    /** Logits and the input gradient of z[i, i mod K] of every row, computed in batches of {@code batch}. */
    private static float[][] pass(NDManager m, Classifier model, float[] xs, int batch, int d, Shape sample) {
        int k = model.numClasses();
        float[] logits = new float[ROWS * k];
        float[] grads = new float[ROWS * d];
        for (int from = 0; from < ROWS; from += batch) {
            int n = Math.min(batch, ROWS - from);
            try (NDManager s = m.newSubManager()) {
                float[] part = new float[n * d];
                System.arraycopy(xs, from * d, part, 0, n * d);
                long[] dims = new long[sample.dimension() + 1];
                dims[0] = n;
                System.arraycopy(sample.getShape(), 0, dims, 1, sample.dimension());
                NDArray x = s.create(part, new Shape(dims));
                float[] mask = new float[n * k];
                for (int i = 0; i < n; i++) mask[i * k + (from + i) % k] = 1;
                NDArray oneHot = s.create(mask, new Shape(n, k));
                try (Gradients.ValueAndGradient g = Gradients.of(x, v -> {
                    NDArray z = org.robustj.model.RowInvariant.logits(model, v);
                    return new NDList(z.mul(oneHot).sum(new int[] {1}), z);
                })) {
                    System.arraycopy(g.aux().get(0).toFloatArray(), 0, logits, from * k, n * k);
                    System.arraycopy(g.gradient().toFloatArray(), 0, grads, from * d, n * d);
                }
            }
        }
        return new float[][] {logits, grads};
    }
}
