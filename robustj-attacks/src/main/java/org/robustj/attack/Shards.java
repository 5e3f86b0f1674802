package org.robustj.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.robustj.tensor.Engines;

/**
 * Data parallelism for attack searches: a batch of at least {@link #MIN_ROWS} points is cut into
 * {@link #COUNT} contiguous shards, each searched on its own core where there are several. Every shard keeps the
 * call's seed and its rows' point indices ({@link AttackContext#rows}), and attacks draw per point, so a
 * point's result is the same in any shard, in an unsharded batch, or alone.
 *
 * <p>Why: the batches attacks work on shrink to the still-robust points (a few hundred small images), where
 * libtorch's intra-op threads mostly wait on each other; two single-threaded searches on two cores do nearly
 * twice the work of one search on two threads. What: the shard plan depends only on the batch size, never on
 * the machine, and no draw depends on it. Each worker computes on one libtorch thread, as the calling thread does
 * during an attack ({@link Engines#onOneThread}: on some machines a row's results change with the thread count),
 * and has gradient mode off, as DJL's main thread does; gradients inside a search come from
 * {@link org.robustj.tensor.Gradients#of}, which works on any thread.
 */
public final class Shards {
    /** Number of shards of a large enough batch (fixed, so results do not depend on the machine). */
    public static final int COUNT = 2;
    /**
     * Smallest batch that is sharded: every pass runs on one thread, so smaller batches use one core (their
     * shards would be mostly the padding to 16 rows that {@link org.robustj.model.RowInvariant} adds).
     */
    public static final int MIN_ROWS = 32;

    private Shards() {}

    /** Row ranges [from, to) of the shards of a batch of {@code n} points (one range when it is small). */
    public static int[][] plan(int n) {
        if (n < MIN_ROWS) {
            return new int[][] {{0, n}};
        }
        int[][] out = new int[COUNT][];
        for (int k = 0; k < COUNT; k++) out[k] = new int[] {(int) ((long) n * k / COUNT), (int) ((long) n * (k + 1) / COUNT)};
        return out;
    }

    /**
     * Runs {@code search} on every shard of {@code batch} (own sub-batch, context and scope) and concatenates
     * the N×… results in row order, in {@code scope}.
     */
    public static NDArray search(LabeledBatch batch, AttackContext ctx, NDManager scope,
            Function<Shard, NDArray> search) {
        int[][] plan = plan(batch.size());
        if (plan.length == 1) {
            return search.apply(new Shard(batch, ctx, scope, 0));
        }
        List<Shard> shards = new ArrayList<>();
        for (int k = 0; k < plan.length; k++) {
            int from = plan[k][0];
            int to = plan[k][1];
            NDManager sub = scope.newSubManager();
            NDArray x = batch.x().get(from + ":" + to).duplicate();
            x.attach(sub);
            shards.add(new Shard(new LabeledBatch(x, Arrays.copyOfRange(batch.labels(), from, to)),
                    ctx.rows(from, to, ctx.progress().shard(k, plan.length)), sub, from));
        }
        try {
            float[][] parts = new float[shards.size()][];
            if (Pool.WORKERS < 2 || Thread.currentThread().getName().equals(Pool.NAME)) {
                // one core, or a search started inside a shard: the same shards, one after the other
                for (int k = 0; k < shards.size(); k++) parts[k] = search.apply(shards.get(k)).toFloatArray();
            } else {
                List<Future<float[]>> futures = new ArrayList<>();
                for (Shard sh : shards) futures.add(Pool.EXECUTOR.submit(() -> search.apply(sh).toFloatArray()));
                for (int k = 0; k < futures.size(); k++) parts[k] = get(futures.get(k));
            }
            int len = 0;
            for (float[] p : parts) len += p.length;
            float[] all = new float[len];
            int off = 0;
            for (float[] p : parts) {
                System.arraycopy(p, 0, all, off, p.length);
                off += p.length;
            }
            return scope.create(all, batch.x().getShape());
        } finally {
            for (Shard sh : shards) sh.scope().close();
        }
    }

    private static float[] get(Future<float[]> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while attacking", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) throw re;
            if (c instanceof Error err) throw err;
            throw new IllegalStateException(c);
        }
    }

    /**
     * One shard: its points, context (seed, targets, point indices), a scope that outlives the search, and the
     * row of the whole batch where its points start.
     */
    public record Shard(LabeledBatch batch, AttackContext ctx, NDManager scope, int from) {}

    /** The worker threads, created on first use; as many as libtorch threads and cores allow, at most COUNT. */
    private static final class Pool {
        static final String NAME = "robustj-shard";
        static final int CORES = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(),
                Engines.requestedThreads()));
        static final int WORKERS = Math.min(COUNT, CORES);
        static final ExecutorService EXECUTOR = Executors.newFixedThreadPool(WORKERS, r -> {
            Thread t = new Thread(() -> {
                Engines.initWorkerThread(1);
                r.run();
            }, NAME);
            t.setDaemon(true);
            return t;
        });
    }
}
