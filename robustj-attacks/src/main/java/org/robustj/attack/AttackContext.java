package org.robustj.attack;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.robustj.provenance.Seeds;

/**
 * Per-call settings of an attack: the seed of its random numbers, for targeted runs one target class per
 * sample (null for untargeted: success means misclassification), where the search reports how far it has
 * got ({@link AttackProgress#NONE}: nowhere; it never changes the result), and the index of each row's point
 * in the evaluated data set ({@code points}; null: row {@code i} is point {@code i}).
 *
 * <p>Why the points: every random draw of an attack comes from a per-point generator, {@link #rng(int,
 * String)}, derived from (seed, stream, point index) with {@link Seeds}. The stream names what is drawn (e.g.
 * {@code "restart/1"}), so a point's draws do not depend on which batch, shard, thread or partition it is in, or
 * on its row position: cutting the data differently gives bit-identical per-point results (seeding scheme
 * {@link #SEEDING}). There is deliberately no generator for a whole batch.
 */
public record AttackContext(long seed, int[] targets, AttackProgress progress, int[] points) {

    /**
     * Version of the seeding scheme, written into run records and entries: 1 drew per (attack, ε, batch
     * number) and per row position; 2 (this one) draws per (root seed, attack, ε, stream, point index).
     */
    public static final int SEEDING = 2;

    public AttackContext {
        progress = progress == null ? AttackProgress.NONE : progress;
    }

    /** A context whose rows are the points 0..n-1. */
    public AttackContext(long seed, int[] targets, AttackProgress progress) {
        this(seed, targets, progress, null);
    }

    /** A context without progress reporting whose rows are the points 0..n-1. */
    public AttackContext(long seed, int[] targets) {
        this(seed, targets, AttackProgress.NONE, null);
    }

    /** An untargeted context. */
    public static AttackContext seeded(long seed) {
        return new AttackContext(seed, null);
    }

    /** This context reporting progress to {@code p}. */
    public AttackContext withProgress(AttackProgress p) {
        return new AttackContext(seed, targets, p, points);
    }

    /** This context for rows that are the points {@code pointIndices} (one per row) of the data set. */
    public AttackContext withPoints(int[] pointIndices) {
        return new AttackContext(seed, targets, progress, pointIndices == null ? null : pointIndices.clone());
    }

    /** Whether success means reaching {@link #targets()}. */
    public boolean targeted() {
        return targets != null;
    }

    /** The data-set index of the point in row {@code row}. */
    public int point(int row) {
        return points == null ? row : points[row];
    }

    /**
     * The generator of stream {@code stream} of the point in row {@code row}: a function of (seed, stream,
     * point index) only. Each call starts the stream afresh; keep the generator while drawing from one stream.
     */
    public SplittableRandom rng(int row, String stream) {
        return new SplittableRandom(Seeds.derive(Seeds.derive(seed, stream), point(row)));
    }

    /** {@link #rng(int, String)} for each of {@code rows} (rows of this context's batch), in that order. */
    public SplittableRandom[] rngs(int[] rows, String stream) {
        SplittableRandom[] out = new SplittableRandom[rows.length];
        long s = Seeds.derive(seed, stream);
        for (int k = 0; k < rows.length; k++) out[k] = new SplittableRandom(Seeds.derive(s, point(rows[k])));
        return out;
    }

    /** {@link #rng(int, String)} for every row 0..n-1. */
    public SplittableRandom[] rngs(int n, String stream) {
        int[] rows = new int[n];
        Arrays.setAll(rows, i -> i);
        return rngs(rows, stream);
    }

    /** The context of rows [from, to) of this one's batch: same seed, the rows' targets, points and progress. */
    public AttackContext rows(int from, int to, AttackProgress p) {
        int[] t = targets == null ? null : Arrays.copyOfRange(targets, from, to);
        int[] pts = new int[to - from];
        for (int k = 0; k < pts.length; k++) pts[k] = point(from + k);
        return new AttackContext(seed, t, p, pts);
    }
}
