package org.robustj.cli.cluster;

import org.robustj.benchmark.Entry;
import org.robustj.benchmark.Gallery;
import org.robustj.eval.RunRecord;

/**
 * Where a command run by {@link PartitionRunner} leaves its result (per thread, since an embedded engine runs
 * several tasks in one JVM); outside a task, {@link #offer} does nothing.
 */
public final class PartSink {
    private static final ThreadLocal<PartResult[]> CURRENT = new ThreadLocal<>();

    private PartSink() {}

    /** Whether the current thread runs a partition (commands then keep what the result needs, e.g. the gallery). */
    public static boolean active() {
        return CURRENT.get() != null;
    }

    /** Records the command's result when the current thread runs a partition. */
    public static void offer(Entry entry, RunRecord record, Gallery gallery) {
        PartResult[] slot = CURRENT.get();
        if (slot != null) {
            slot[0] = new PartResult(record, entry, gallery);
        }
    }

    static void begin() {
        CURRENT.set(new PartResult[1]);
    }

    static PartResult end() {
        PartResult[] slot = CURRENT.get();
        CURRENT.remove();
        return slot == null ? null : slot[0];
    }
}
