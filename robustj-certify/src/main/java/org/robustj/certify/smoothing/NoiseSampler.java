package org.robustj.certify.smoothing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.robustj.errors.InvalidInputException;
import org.robustj.model.Classifier;
import org.robustj.tensor.Engines;

/**
 * Counts the base classifier's predictions on noisy copies x + δ, δ ~ N(0, σ²I), of one point.
 *
 * <p>The samples are cut into chunks of {@link #CHUNK}; chunk c's noise comes from its own generator (the
 * caller's {@code chunkRng.apply(c)}) in sample order, D Gaussians per sample (the JDK's
 * {@link java.util.random.RandomGenerator#nextGaussian()}, a modified ziggurat, on a {@link SplittableRandom}).
 * A chunk is evaluated in forward passes of at most {@code batchSize} copies. So the counts depend on neither the
 * batch size nor the threads: chunks run on up to two worker threads (one libtorch thread each, where libtorch
 * was given two or more) and their integer counts are summed. Why workers: a small network's forward pass on
 * two libtorch threads mostly waits; two single-threaded passes on two cores do nearly twice the work, and one
 * worker draws noise while the other's pass runs.
 */
final class NoiseSampler {
    /** Samples per chunk (fixed, so that results do not depend on the machine). */
    static final int CHUNK = 10_000;
    /** Name of the worker threads; sampling started on one of them runs its chunks in turn. */
    static final String WORKER_NAME = "robustj-smoothing";

    private NoiseSampler() {}

    /**
     * Per-class counts of argmax f(x + δ) over {@code num} draws.
     *
     * @param x the point, flattened (D values in [0, 1])
     * @param chunkRng the generator of each chunk, a function of the chunk number only
     * @param manager where the temporaries live (closed batch by batch)
     */
    static long[] counts(Classifier model, float[] x, int num, double sigma, int batchSize,
            IntFunction<SplittableRandom> chunkRng, NDManager manager) {
        int chunks = (num + CHUNK - 1) / CHUNK;
        long[] total = new long[model.numClasses()];
        if (chunks == 1 || Pool.WORKERS < 2 || Thread.currentThread().getName().equals(Pool.NAME)) {
            for (int c = 0; c < chunks; c++) {
                add(total, chunk(model, x, chunkSize(num, c), sigma, batchSize, chunkRng.apply(c), manager));
            }
            return total;
        }
        List<Future<long[]>> futures = new ArrayList<>();
        for (int c = 0; c < chunks; c++) {
            int size = chunkSize(num, c);
            SplittableRandom rng = chunkRng.apply(c);
            futures.add(Pool.EXECUTOR.submit(() -> chunk(model, x, size, sigma, batchSize, rng, manager)));
        }
        for (Future<long[]> f : futures) add(total, get(f));
        return total;
    }

    private static int chunkSize(int num, int c) {
        return Math.min(CHUNK, num - c * CHUNK);
    }

    private static void add(long[] total, long[] part) {
        for (int k = 0; k < total.length; k++) total[k] += part[k];
    }

    /** Counts for one chunk of {@code num} samples drawn in order from {@code rng}. */
    private static long[] chunk(Classifier model, float[] x, int num, double sigma, int batchSize,
            SplittableRandom rng, NDManager manager) {
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

    private static long[] get(Future<long[]> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sampling", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) throw re;
            if (c instanceof Error err) throw err;
            throw new IllegalStateException(c);
        }
    }

    /** The worker threads, created on first use: as many as libtorch threads and cores allow, at most two. */
    private static final class Pool {
        static final String NAME = WORKER_NAME;
        static final int CORES = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), Engines.threads()));
        static final int WORKERS = Math.min(2, CORES);
        static final ExecutorService EXECUTOR = Executors.newFixedThreadPool(WORKERS, r -> {
            Thread t = new Thread(() -> {
                Engines.initWorkerThread(CORES / WORKERS);
                r.run();
            }, NAME);
            t.setDaemon(true);
            return t;
        });
    }
}
