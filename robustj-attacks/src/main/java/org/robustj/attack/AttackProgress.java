package org.robustj.attack;

import java.util.function.DoubleConsumer;

/**
 * How far one attack call has got, for progress bars: the attack declares its work once ({@link #expect}, e.g.
 * restarts × iterations) and {@link #tick}s after each unit, and the sink hears the fraction done, in [0, 1]
 * and never decreasing. Why: an ensemble's progress otherwise moves once per batch, and a batch of all points
 * can take minutes (FAB-T on 1000 points). Ticking reads no random numbers and changes no state of the search,
 * so results are the same with or without a sink. A sharded search gives each shard its own {@link #shard},
 * and the sink hears the mean of the shards' fractions.
 */
public final class AttackProgress {
    /** Hears nothing; ticks cost a null check. */
    public static final AttackProgress NONE = new AttackProgress(null);

    private final DoubleConsumer sink;
    private long total;
    private long done;
    private double reported;
    private double[] shares;

    private AttackProgress(DoubleConsumer sink) {
        this.sink = sink;
    }

    /** A progress that reports its fraction done to {@code sink} (called on the attack's threads). */
    public static AttackProgress to(DoubleConsumer sink) {
        return sink == null ? NONE : new AttackProgress(sink);
    }

    /** The call will do about {@code units} units of work (an upper bound: early stops just jump to the end). */
    public void expect(long units) {
        if (sink == null) return;
        synchronized (this) {
            total = Math.max(1, units);
            done = 0;
        }
    }

    /** One unit of work done. */
    public void tick() {
        if (sink == null) return;
        double f;
        synchronized (this) {
            if (total <= 0) return;
            done++;
            f = Math.min(1.0, done / (double) total);
        }
        report(f);
    }

    /** The progress of shard {@code k} of {@code count}; the sink hears the mean over the shards. */
    public AttackProgress shard(int k, int count) {
        if (sink == null) return NONE;
        return new AttackProgress(f -> {
            double mean;
            synchronized (this) {
                if (shares == null || shares.length != count) shares = new double[count];
                shares[k] = f;
                double sum = 0;
                for (double s : shares) sum += s;
                mean = sum / count;
            }
            report(mean);
        });
    }

    private synchronized void report(double f) {
        if (f > reported) {
            reported = f;
            sink.accept(f);
        }
    }
}
