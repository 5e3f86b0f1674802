package org.robustj.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.EnumSet;
import java.util.Set;
import org.robustj.attack.loss.Loss;
import org.robustj.errors.InvalidInputException;
import org.robustj.model.Capabilities;
import org.robustj.model.Classifier;
import org.robustj.model.ModelCapability;
import org.robustj.model.RandomDraws;
import org.robustj.tensor.Engines;
import org.robustj.model.RowInvariant;
import org.robustj.tensor.Gradients;
import org.robustj.threat.Norm;
import org.robustj.threat.ThreatModel;

/**
 * Base of every attack: all book-keeping lives in the final {@link #run} method, the leaf class contains
 * only the search. {@code run} checks the inputs (shape, box, labels, finite logits), opens a scope, calls
 * {@link #search}, projects the candidates into the ε-ball ∩ box whatever the search did, judges success on
 * fresh logits, and keeps the clean input wherever the attack failed, so an attack can never make a
 * robust count go up.
 */
public abstract class AbstractAttack implements Attack {
    private final String name;
    private final Object config;
    private final Set<Capability> capabilities;

    private final Set<Norm> norms;

    /** An attack of the Lp threat models ({@link Norm#LP}). */
    protected AbstractAttack(String name, Object config, Set<Capability> capabilities) {
        this(name, config, capabilities, Norm.LP);
    }

    /** An attack of the threat models {@code norms} (declared, see {@link Attack#norms()}). */
    protected AbstractAttack(String name, Object config, Set<Capability> capabilities, Set<Norm> norms) {
        this.name = name;
        this.config = config;
        this.capabilities = capabilities.isEmpty() ? EnumSet.noneOf(Capability.class) : EnumSet.copyOf(capabilities);
        this.norms = java.util.Collections.unmodifiableSet(EnumSet.copyOf(norms));
    }

    @Override
    public final Set<Norm> norms() {
        return norms;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final Object config() {
        return config;
    }

    @Override
    public final Set<Capability> capabilities() {
        return capabilities;
    }

    /**
     * The algorithm: candidate inputs for the whole batch (N×…, same shape as {@code batch.x()}), created in
     * {@code search.scope()}. Candidates that fail or leave the ball are handled by {@link #run}.
     */
    protected abstract NDArray search(Search search);

    /** What a search gets, plus helpers that count model calls. */
    public static final class Search {
        private final Classifier model;
        private final LabeledBatch batch;
        private final ThreatModel threat;
        private final AttackContext ctx;
        private final NDManager scope;
        private long calls;
        /** Search queries per row of the batch; {@code perRowKnown} turns false when a call cannot be attributed. */
        private final long[] queries;
        private boolean perRowKnown = true;
        /** For a randomized model: the draws each row's point has had so far (the next draw's index). */
        private final long[] drawn;
        private long subBatchDraws;

        Search(Classifier model, LabeledBatch batch, ThreatModel threat, AttackContext ctx, NDManager scope) {
            this.model = model;
            this.batch = batch;
            this.threat = threat;
            this.ctx = ctx;
            this.scope = scope;
            this.queries = new long[batch.size()];
            this.drawn = Capabilities.has(model, ModelCapability.RANDOMIZED) ? new long[batch.size()] : null;
        }

        /**
         * Fresh draw keys of a randomized model for the rows {@code rows} of the batch (null: every row, in
         * order): a function of (seed, point index, how many draws the point has had), so each call draws anew
         * (EOT averages over them) while a point's draws never depend on its batch. A call on rows that are not
         * the batch's ({@code x} of another size) is keyed by the rows' content and the number of such calls
         * instead. Null for a deterministic model.
         */
        private long[] draws(NDArray x, int[] rows) {
            if (drawn == null) {
                return null;
            }
            int n = (int) x.getShape().get(0);
            if (rows == null && n != drawn.length) {
                // a sub-batch (a later restart on the points not broken yet): keyed by content and by how many
                // such calls came before, which is the same in any batching for attacks with fixed step counts
                long[] content = RandomDraws.ofContent(x);
                long call;
                synchronized (this) {
                    call = subBatchDraws++;
                }
                for (int i = 0; i < n; i++) {
                    content[i] = RandomDraws.key(ctx.seed(), "model-draw/sub-batch", call, 0) ^ content[i];
                }
                return content;
            }
            long[] keys = new long[n];
            synchronized (this) {
                for (int k = 0; k < n; k++) {
                    int r = rows == null ? k : rows[k];
                    keys[k] = RandomDraws.key(ctx.seed(), "model-draw", drawn[r]++, ctx.point(r));
                }
            }
            return keys;
        }

        private NDArray forward(NDArray x, long[] keys) {
            return keys == null ? RowInvariant.logits(model, x) : RowInvariant.logits(model, x, keys);
        }

        public Classifier model() {
            return model;
        }

        public LabeledBatch batch() {
            return batch;
        }

        public ThreatModel threat() {
            return threat;
        }

        public AttackContext ctx() {
            return ctx;
        }

        /** The manager for temporaries; closed after the attack. */
        public NDManager scope() {
            return scope;
        }

        /**
         * Logits of {@code x} (N×K), counting N model calls; when N is the batch size, row i is a query for
         * point i (otherwise use {@link #logits(NDArray, int[])}, or per-point counts are unknown); each row's
         * logits do not depend on the batch ({@link RowInvariant}).
         */
        public NDArray logits(NDArray x) {
            countRows(x.getShape().get(0));
            return forward(x, draws(x, null));
        }

        /**
         * Logits of {@code x}, whose row k is a query for batch row {@code rows[k]}: counts one model call and
         * one query of that point per row, which is how a black-box search reports its queries per point.
         */
        public NDArray logits(NDArray x, int[] rows) {
            if (rows.length != x.getShape().get(0)) {
                throw new IllegalStateException(rows.length + " rows named for a query of " + x.getShape());
            }
            synchronized (this) {
                calls += rows.length;
                for (int r : rows) queries[r]++;
            }
            return forward(x, draws(x, rows));
        }

        private synchronized void countRows(long n) {
            calls += n;
            if (n == queries.length) {
                for (int i = 0; i < queries.length; i++) queries[i]++;
            } else {
                perRowKnown = false;
            }
        }

        /**
         * Per-sample loss at {@code x}, its input gradient and the logits (as {@code aux().get(0)}), counting
         * one forward pass per sample; each row's values do not depend on the batch ({@link RowInvariant}). {@code y} are labels (or targets) as int64, {@code loss} maps
         * (logits, y) to one value per sample.
         */
        public Gradients.ValueAndGradient lossAndGradient(NDArray x, NDArray y, Loss loss) {
            countRows(x.getShape().get(0));
            long[] keys = draws(x, null);
            return Gradients.of(x, xx -> {
                NDArray z = forward(xx, keys);
                return new NDList(loss.apply(z, y), z);
            });
        }

        /**
         * Records the search queries spent on each point of this search's batch (length N), for attacks that
         * count them themselves (Sparse-RS); it replaces the counts gathered by the logits helpers.
         */
        public synchronized void reportQueries(int[] perPoint) {
            if (perPoint.length != batch.size()) {
                throw new IllegalStateException("queries for " + perPoint.length + " points, batch of " + batch.size());
            }
            for (int i = 0; i < perPoint.length; i++) queries[i] = perPoint[i];
            perRowKnown = true;
        }

        /** Adds model calls made some other way (their points unknown: per-point counts are then unavailable). */
        public synchronized void countCalls(long n) {
            calls += n;
            if (n != 0) perRowKnown = false;
        }

        synchronized long calls() {
            return calls;
        }

        /** Counts the verification of final candidates: model calls, not search queries. */
        private synchronized void countVerification(long n) {
            calls += n;
        }

        /** Search queries per row, or null when some call could not be attributed to its points. */
        synchronized long[] queries() {
            return perRowKnown ? queries.clone() : null;
        }

        /** Adds a shard's per-row counts at row offset {@code from} (or marks them unknown). */
        private synchronized void addShard(long shardCalls, long[] shardQueries, int from) {
            calls += shardCalls;
            if (shardQueries == null) {
                perRowKnown = false;
                return;
            }
            for (int i = 0; i < shardQueries.length; i++) queries[from + i] += shardQueries[i];
        }
    }

    /**
     * Every pass on one libtorch thread ({@link Engines#onOneThread}), the other cores working on the batch's
     * {@link Shards}: a point's result then depends on neither the batch it is in nor the thread count.
     */
    @Override
    public final AttackResult run(Classifier model, LabeledBatch batch, ThreatModel threat, AttackContext ctx) {
        return Engines.onOneThread(() -> runNow(model, batch, threat, ctx));
    }

    private AttackResult runNow(Classifier model, LabeledBatch batch, ThreatModel threat, AttackContext ctx) {
        NDManager owner = batch.x().getManager();
        int n = batch.size();
        try (NDManager scope = owner.newSubManager()) {
            // work on a copy owned by the scope, so every temporary dies with it
            NDArray x0 = batch.x().duplicate();
            x0.attach(scope);
            LabeledBatch local = new LabeledBatch(x0, batch.labels());
            Inputs.check(name, model, local, threat, ctx, capabilities, norms);
            Search s = new Search(model, local, threat, ctx, scope);
            NDArray found = shardedSearch(s);
            if (!found.getShape().equals(x0.getShape())) {
                throw new IllegalStateException(name + " returned shape " + found.getShape() + " for " + x0.getShape());
            }
            float[] minimal = null;
            if (capabilities.contains(Capability.MINIMAL_NORM)) {
                NDArray clipped = found.clip(threat.lower(), threat.upper());
                boolean[] adv = judge(s, clipped, local, ctx);
                float[] nrm = threat.norm().normsOf(clipped.sub(x0));
                minimal = new float[n];
                for (int i = 0; i < n; i++) minimal[i] = adv[i] ? nrm[i] : Float.POSITIVE_INFINITY;
            }
            NDArray projected = threat.project(x0, found);
            boolean[] success = judge(s, projected, local, ctx);
            // exactly the judged point where the attack succeeded, exactly the clean input elsewhere
            long[] dims = new long[x0.getShape().dimension()];
            java.util.Arrays.fill(dims, 1);
            dims[0] = n;
            NDArray keep = scope.create(success, new ai.djl.ndarray.types.Shape(dims)).broadcast(x0.getShape());
            NDArray adv = ai.djl.ndarray.NDArrays.where(keep, projected, x0);
            float[] norms = threat.norm().normsOf(adv.sub(x0));
            for (int i = 0; i < n; i++) norms[i] = threat.reportedNorm(norms[i]);
            adv.attach(owner);
            return new AttackResult(adv, success, norms, minimal, s.calls(), s.queries());
        }
    }

    @Override
    public final NDArray perturb(Classifier model, LabeledBatch batch, ThreatModel threat, AttackContext ctx) {
        NDManager owner = batch.x().getManager();
        try (NDManager scope = owner.newSubManager()) {
            NDArray x0 = batch.x().duplicate();
            x0.attach(scope);
            LabeledBatch local = new LabeledBatch(x0, batch.labels());
            Inputs.check(name, model, local, threat, ctx, capabilities, norms);
            NDArray found = shardedSearch(new Search(model, local, threat, ctx, scope));
            if (!found.getShape().equals(x0.getShape())) {
                throw new IllegalStateException(name + " returned shape " + found.getShape() + " for " + x0.getShape());
            }
            NDArray projected = threat.project(x0, found);
            projected.attach(owner);
            return projected;
        }
    }

    /**
     * {@link #search} over the {@link Shards} of the batch (concurrently where there are cores), adding every
     * shard's model calls to {@code s}. A {@link Capability#GRADIENT_FREE} attack searches inside
     * {@link Engines#forwardOnly}: its thousands of queries then run on libtorch's oneDNN convolutions, which
     * forward a strided CNN in about 0.7× the CPU time of the native ones (Square, 100 MNIST points of
     * zoo:mnist-cnn-pgd-at: 104 against 140 CPU s, the same points broken); the judging passes stay native.
     */
    private NDArray shardedSearch(Search s) {
        if (searchesForwardOnly()) {
            return Engines.forwardOnly(() -> shardedSearchNow(s));
        }
        return shardedSearchNow(s);
    }

    /**
     * Whether the search makes no gradient at all, on any model, so it may run inside {@link Engines#forwardOnly}:
     * by default the {@link Capability#GRADIENT_FREE} attacks. An attack that is gradient-free towards the
     * attacked model but differentiates another one (a transfer attack through a surrogate) says false.
     */
    protected boolean searchesForwardOnly() {
        return capabilities.contains(Capability.GRADIENT_FREE);
    }

    private NDArray shardedSearchNow(Search s) {
        if (capabilities.contains(Capability.UNIVERSAL)) {
            // one perturbation for the whole batch: searched as one
            return search(s);
        }
        return Shards.search(s.batch, s.ctx, s.scope, sh -> {
            if (sh.scope() == s.scope) {
                return search(s);
            }
            Search part = new Search(s.model, sh.batch(), s.threat, sh.ctx(), sh.scope());
            NDArray found = search(part);
            s.addShard(part.calls(), part.queries(), sh.from());
            return found;
        });
    }

    /**
     * Success per sample: misclassified (untargeted) or classified as the target (targeted). A
     * {@link ModelCapability#RANDOMIZED} model is asked {@link RandomDraws#JUDGEMENT_DRAWS} times, with fresh draws
     * keyed by (seed, point index, draw), and a point counts as broken when any one of its draws is: a lucky draw
     * cannot make a point robust.
     */
    private static boolean[] judge(Search s, NDArray x, LabeledBatch batch, AttackContext ctx) {
        boolean random = Capabilities.has(s.model(), ModelCapability.RANDOMIZED);
        int draws = random ? RandomDraws.JUDGEMENT_DRAWS : 1;
        int n = (int) x.getShape().get(0);
        boolean[] ok = new boolean[n];
        for (int j = 0; j < draws; j++) {
            // a model call, but no search query: the per-point counts (what a query budget bounds) leave it out
            s.countVerification(n);
            NDArray z;
            if (random) {
                long[] keys = new long[n];
                for (int i = 0; i < n; i++) keys[i] = RandomDraws.key(ctx.seed(), "judgement", j, ctx.point(i));
                z = s.model().logits(x, keys);
            } else {
                z = s.model().logits(x);
            }
            int[] pred = Inputs.argmaxChecked(z, s.model().source());
            for (int i = 0; i < n; i++) {
                ok[i] |= ctx.targeted() ? pred[i] == ctx.targets()[i] : pred[i] != batch.labels()[i];
            }
        }
        return ok;
    }

    /** Thrown for a targeted context given to an attack that cannot aim. */
    static InvalidInputException notTargeted(String name) {
        return new InvalidInputException("attack " + name + " does not support given targets");
    }

    @Override
    public String toString() {
        return name + " " + config;
    }
}
