package org.robustj.attack.ensemble;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.robustj.attack.Attack;
import org.robustj.attack.AttackContext;
import org.robustj.attack.AttackProgress;
import org.robustj.attack.AttackRegistry;
import org.robustj.attack.AttackResult;
import org.robustj.attack.Inputs;
import org.robustj.attack.LabeledBatch;
import org.robustj.attack.check.SanityChecks;
import org.robustj.data.Dataset;
import org.robustj.errors.InvalidInputException;
import org.robustj.eval.CleanEvaluation;
import org.robustj.eval.EntropyDetection;
import org.robustj.eval.RunRecord;
import org.robustj.io.Json;
import org.robustj.model.Classifier;
import org.robustj.provenance.Hashes;
import org.robustj.provenance.Seeds;
import org.robustj.threat.ThreatModel;

/**
 * AutoAttack-style evaluation (Croce &amp; Hein 2020): clean pass, then every attack of the version in order,
 * each started from the clean input and run only on points still robust; a point is robust only if every
 * attack failed on it (pointwise worst case). Robust accuracy is recorded after each attack. With several ε,
 * they are evaluated from the smallest up and a point broken at a smaller ε counts as broken at every larger
 * one; minimal-norm attacks mark a point broken at every ε at least as large as the norm they found. As in
 * AutoAttack, the attacks left at an ε are not started once no point is robust there. Attacks that declare
 * more classes than the model has ({@link Attack#minClasses()}) are skipped and reported; when none can run,
 * the evaluation is refused before any work.
 *
 * <p>Progress is saved to a state file after every batch, so a killed run resumes without redoing finished
 * work or losing any result; the state is tied to the evaluation by a canonical fingerprint, so the same
 * command resumes in any JVM and another configuration is refused.
 *
 * <p>Randomness (seeding scheme {@link AttackContext#SEEDING}): each (attack, ε) gets a seed derived from the root
 * seed, and every attack draws per point from it ({@link AttackContext#rng(int, String)}), keyed by the point's
 * index in the evaluated data set. So a point's outcome does not depend on the batch size, the number of
 * threads or which other points are evaluated with it: {@link #run(Classifier, Dataset, int[])} evaluates a
 * subset of the points and gives a partial result whose points are exactly those of the full run, and
 * {@link Records#merge} joins partial records into the full one.
 */
public final class AutoEvaluation {
    private final EvaluationConfig config;
    private final EvaluationListener listener;
    private final Path stateFile;
    private final boolean keepAdversarial;
    private final Classifier surrogate;

    /** The white-box attacks that make transfer examples on a surrogate ({@link #withSurrogate}). */
    public static final List<String> TRANSFER_ATTACKS = List.of("apgd-ce");

    /**
     * @param stateFile where to save and resume progress (null: no state)
     * @param keepAdversarial whether to keep adversarial inputs in memory and state (for saving them)
     */
    public AutoEvaluation(EvaluationConfig config, EvaluationListener listener, Path stateFile,
            boolean keepAdversarial) {
        this(config, listener, stateFile, keepAdversarial, null);
    }

    private AutoEvaluation(EvaluationConfig config, EvaluationListener listener, Path stateFile,
            boolean keepAdversarial, Classifier surrogate) {
        this.config = config;
        this.listener = listener == null ? EvaluationListener.NONE : listener;
        this.stateFile = stateFile;
        this.keepAdversarial = keepAdversarial;
        this.surrogate = surrogate;
    }

    /**
     * This evaluation with transfer attacks first ({@code --surrogate}): {@link #TRANSFER_ATTACKS} run white-box
     * on {@code surrogate} and their examples are judged on the target, the usual black-box baseline, reported
     * beside the query attacks (each as {@code transfer-NAME} in the summaries). The surrogate needs input
     * gradients and must take the target's inputs and classes; the caller keeps owning it.
     */
    public AutoEvaluation withSurrogate(Classifier surrogate) {
        org.robustj.model.Capabilities.require(surrogate, org.robustj.model.ModelCapability.INPUT_GRADIENTS,
                "--surrogate", null);
        return new AutoEvaluation(config, listener, stateFile, keepAdversarial, surrogate);
    }

    /** An evaluation with no state file that does not keep adversarial inputs. */
    public AutoEvaluation(EvaluationConfig config) {
        this(config, null, null, false);
    }

    /** An attack of the configuration that cannot run on the model, and why. */
    public record Skipped(String attack, String reason) {}

    /**
     * What an evaluation will run on a model: the attacks that can, the ones that cannot (from each
     * attack's declared {@link Attack#minClasses()}) and the notes made while adapting the version.
     */
    public record Plan(List<Attack> attacks, List<Skipped> skipped, List<String> notes) {}

    /**
     * The plan for a model with {@code classes} outputs. Cheap (builds the attacks, runs nothing), so a
     * caller can check it before any expensive work.
     *
     * @throws InvalidInputException when none of the configured attacks can run on such a model (a robust
     *     accuracy from attacks that never ran would be meaningless)
     */
    public Plan plan(int classes) {
        Versions.Plan versions = Versions.plan(config, classes);
        List<Attack> run = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        for (Versions.Planned p : versions.attacks()) {
            Attack a = AttackRegistry.create(p.name(), p.options());
            if (!a.norms().contains(config.norm())) {
                throw Inputs.unsupported(a.name(), config.norm());
            }
            if (classes < a.minClasses()) {
                skipped.add(new Skipped(a.name(), a.name() + " needs at least " + a.minClasses()
                        + " classes; the model has " + classes));
            } else {
                run.add(a);
            }
        }
        if (surrogate != null) {
            List<Attack> transfer = new ArrayList<>();
            for (String name : TRANSFER_ATTACKS) {
                Attack inner = AttackRegistry.create(name);
                if (classes >= inner.minClasses()) transfer.add(new TransferAttack(inner, surrogate));
            }
            run.addAll(0, transfer);
        }
        if (run.isEmpty()) {
            List<String> why = skipped.stream().map(Skipped::reason).toList();
            throw new InvalidInputException("none of the requested attacks can run on this model (" + String.join(
                    "; ", why) + "): choose attacks that can, e.g. --attacks apgd-ce,fab,square");
        }
        return new Plan(List.copyOf(run), List.copyOf(skipped), versions.notes());
    }

    /**
     * The plan for {@code model}: {@link #plan(int)}, and, for a model without input gradients (query-only),
     * the refusal of any attack that needs them, in one line naming the gradient-free choices.
     */
    public Plan plan(Classifier model) {
        Plan plan = plan(model.numClasses());
        if (surrogate != null) {
            if (!surrogate.inputShape().equals(model.inputShape()) || surrogate.numClasses() != model.numClasses()) {
                throw new InvalidInputException("surrogate " + surrogate.source() + " (N×" + surrogate.inputShape()
                        + ", " + surrogate.numClasses() + " classes) does not fit the target " + model.source() + " (N×"
                        + model.inputShape() + ", " + model.numClasses() + " classes)");
            }
        }
        if (!org.robustj.model.Capabilities.has(model, org.robustj.model.ModelCapability.INPUT_GRADIENTS)) {
            List<String> needing = new ArrayList<>();
            for (Attack a : plan.attacks()) {
                if (!a.capabilities().contains(org.robustj.attack.Capability.GRADIENT_FREE)) needing.add(a.name());
            }
            if (!needing.isEmpty()) {
                throw new org.robustj.errors.MissingCapabilityException(
                        (config.version().equals("custom")
                                ? "attack" + (needing.size() > 1 ? "s " : " ") + String.join(", ", needing) + " need"
                                        + (needing.size() > 1 ? "" : "s")
                                : "version " + config.version() + " runs " + String.join(", ", needing)
                                        + ", which need" + (needing.size() > 1 ? "" : "s"))
                        + " input gradients, but " + model.source()
                        + " is query-only (it answers logits, nothing else); use --version blackbox (the default for "
                        + "query-only models) or gradient-free attacks: --attacks "
                        + String.join(",", AttackRegistry.gradientFree().stream()
                                .filter(a -> AttackRegistry.create(a, java.util.Map.of()).norms().contains(config.norm()))
                                .toList())
                        + (surrogate == null ? ", or transfer attacks from a white-box --surrogate" : ""));
            }
        }
        return plan;
    }

    /** Evaluates {@code model} on every point of {@code data}. */
    public EvaluationResult run(Classifier model, Dataset data) {
        return run(model, data, null);
    }

    /**
     * Evaluates {@code model} on the points {@code points} (indices into {@code data}, increasing; null: every
     * point) of the evaluated data set {@code data}: a partial result, whose per-point outcomes are exactly
     * those of the same points in a run on all of {@code data}. The checks before the attacks look at the first
     * batch of {@code data} (not of the subset), so every partial result carries the warnings of the full run.
     *
     * @throws InvalidInputException for an empty, unordered or out-of-range list of points
     */
    public EvaluationResult run(Classifier model, Dataset data, int[] points) {
        // the clean pass and the checks on one libtorch thread too, as every attack's passes (Engines.onOneThread)
        return org.robustj.tensor.Engines.onOneThread(() -> runNow(model, data, points));
    }

    private EvaluationResult runNow(Classifier model, Dataset data, int[] points) {
        long t0 = System.nanoTime();
        int[] pts = checkPoints(points, data.size());
        Dataset all = data;
        data = points == null ? all : all.subset(pts);
        int n = data.size();
        for (double e : config.epsilons()) {
            // validates every eps before any work, and that a sparse budget fits the images
            new ThreatModel(config.norm(), e, 0, 1).norm().checkFits(e, data.sampleShape());
        }
        Plan plan = plan(model);
        List<Attack> attacks = plan.attacks();
        List<String> names = attacks.stream().map(Attack::name).toList();
        String budget = config.version().equals("blackbox") || config.queryBudget() != null
                ? " (query budget " + (config.queryBudget() != null ? config.queryBudget() : Versions.DEFAULT_QUERY_BUDGET)
                        + " per point" + (org.robustj.model.Capabilities.has(model,
                                org.robustj.model.ModelCapability.INPUT_GRADIENTS) ? "" : "; " + model.source()
                                        + " is query-only") + ")"
                : "";
        listener.log("using " + config.version() + " version including " + String.join(", ", names) + budget + ".");

        // warnings are returned (and recorded), not logged here: the caller shows each once, at the end
        List<RunRecord.Warning> warnings = new ArrayList<>();
        for (Skipped s : plan.skipped()) {
            warnings.add(SanityChecks.warning("attack-skipped", s.reason() + ": " + s.attack()
                    + " did not run, so the robust accuracy comes from a partial ensemble and may be overestimated"));
        }
        for (String note : plan.notes()) {
            warnings.add(SanityChecks.warning("number-of-classes", note));
        }
        warnings.addAll(SanityChecks.before(model, all, config));

        CleanEvaluation.Result clean = CleanEvaluation.run(model, data, config.batchSize(), null);
        listener.log(String.format("initial accuracy: %.2f%%", 100 * clean.accuracy()));

        String fp = fingerprint(model, data, attacks, pts);
        EvaluationState state = EvaluationState.load(stateFile, fp);
        if (state == null) {
            state = new EvaluationState();
            state.fingerprint = fp;
            for (double e : config.epsilons()) {
                EvaluationState.PerEps pe = new EvaluationState.PerEps();
                pe.eps = e;
                pe.robust = clean.correct().clone();
                pe.brokenBy = new String[n];
                pe.norm = new Float[n];
                pe.minimalNorm = new Float[n];
                pe.advLabel = new Integer[n];
                if (org.robustj.model.Capabilities.has(model, org.robustj.model.ModelCapability.RANDOMIZED)
                        || attacks.stream().anyMatch(a -> a.capabilities().contains(
                                org.robustj.attack.Capability.LOW_UNCERTAINTY))) {
                    pe.entropy = new Float[n];
                }
                // per-point queries are counted where they mean something and do not depend on the batching: when
                // every attack is gradient-free (query attacks count per point, whatever batch a point is in)
                if (attacks.stream().allMatch(a -> a.capabilities().contains(org.robustj.attack.Capability.GRADIENT_FREE))) {
                    pe.queries = new Long[n];
                    java.util.Arrays.fill(pe.queries, 0L);
                }
                for (int i = 0; i < n; i++) {
                    if (!pe.robust[i]) {
                        pe.brokenBy[i] = "clean";
                        pe.advLabel[i] = clean.predictions()[i];
                        pe.norm[i] = 0f;
                    }
                }
                state.eps.add(pe);
            }
        } else {
            listener.log("resuming from " + stateFile);
        }
        Session session = new Session(state, t0);
        // the clean points' predictive entropy, the detector's reference for each attack's broken points (not in
        // the state: the content-keyed logits make it the same in every session)
        double[] cleanEntropy = null;
        if (state.eps.get(0).entropy != null) {
            state.eps.get(0).cleanEntropy = cleanEntropy(model, data, clean.correct());
            cleanEntropy = EntropyDetection.present(state.eps.get(0).cleanEntropy);
        }
        // smallest eps first: a break at a smaller eps carries to the larger ones
        Integer[] order = new Integer[config.epsilons().size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, Comparator.comparingDouble(i -> config.epsilons().get(i)));

        for (int oi = 0; oi < order.length; oi++) {
            int e = order[oi];
            EvaluationState.PerEps pe = state.eps.get(e);
            double eps = pe.eps;
            ThreatModel threat = new ThreatModel(config.norm(), eps, 0, 1);
            if (order.length > 1) {
                listener.log(String.format("eps = %s", fmt(eps)));
            }
            for (int ai = 0; ai < attacks.size(); ai++) {
                Attack attack = attacks.get(ai);
                if (pe.attacksDone.contains(attack.name())) {
                    continue;
                }
                if (count(pe.robust) == 0) {
                    // as AutoAttack: once no point is robust, the remaining attacks have nothing to attack
                    List<String> left = new ArrayList<>();
                    for (Attack a : attacks.subList(ai, attacks.size())) {
                        if (!pe.attacksDone.contains(a.name())) left.add(a.name());
                    }
                    listener.log("no robust point left" + (order.length > 1 ? " at eps " + fmt(eps) : "") + ": "
                            + String.join(", ", left) + " not run");
                    break;
                }
                runAttack(model, data, pts, attack, threat, session, e, order, oi, cleanEntropy);
                pe.attacksDone.add(attack.name());
                pe.current = null;
                pe.currentQueries.clear();
                pe.currentDone.clear();
                pe.currentBroken = 0;
                pe.currentCalls = 0;
                pe.currentSeconds = 0;
                session.save();
            }
            listener.log(String.format("robust accuracy%s: %.2f%%",
                    order.length > 1 ? " at eps " + fmt(eps) : "", 100 * count(pe.robust) / (double) n));
        }
        for (EvaluationState.PerEps pe : state.eps) {
            warnings.addAll(SanityChecks.after(pe.summaries, clean.accuracy()));
        }
        session.save();
        return new EvaluationResult(config, clean, state.eps, warnings, names, plan.skipped(), state.seconds, pts,
                all.size());
    }

    /** The points to evaluate (all of {@code size} when null), checked: non-empty, increasing, in range. */
    static int[] checkPoints(int[] points, int size) {
        if (points == null) {
            int[] all = new int[size];
            Arrays.setAll(all, i -> i);
            return all;
        }
        if (points.length == 0) {
            throw new InvalidInputException("no points to evaluate");
        }
        for (int k = 0; k < points.length; k++) {
            if (points[k] < 0 || points[k] >= size) {
                throw new InvalidInputException("point " + points[k] + " is outside the data set (0.." + (size - 1)
                        + ")");
            }
            if (k > 0 && points[k] <= points[k - 1]) {
                throw new InvalidInputException("points must be increasing, got " + points[k - 1] + " then "
                        + points[k]);
            }
        }
        return points.clone();
    }

    /** The state of a run plus the clock of this session; saving adds the session's time to earlier ones. */
    private final class Session {
        final EvaluationState state;
        final long t0;
        final double earlier;

        Session(EvaluationState state, long t0) {
            this.state = state;
            this.t0 = t0;
            this.earlier = state.seconds;
        }

        void save() {
            state.seconds = earlier + (System.nanoTime() - t0) / 1e9;
            state.save(stateFile);
        }
    }

    private void runAttack(Classifier model, Dataset data, int[] pts, Attack attack, ThreatModel threat,
            Session session, int e, Integer[] order, int oi, double[] cleanEntropy) {
        EvaluationState state = session.state;
        EvaluationState.PerEps pe = state.eps.get(e);
        int n = data.size();
        if (!attack.name().equals(pe.current)) {
            pe.current = attack.name();
            pe.currentQueries.clear();
            pe.currentDone.clear();
            pe.currentBroken = 0;
            pe.currentCalls = 0;
            pe.currentSeconds = 0;
        }
        List<Integer> todo = new ArrayList<>();
        java.util.Set<Integer> already = new java.util.HashSet<>(pe.currentDone);
        for (int i = 0; i < n; i++) {
            if (pe.robust[i] && !already.contains(i)) todo.add(i);
        }
        int total = todo.size() + already.size();
        listener.attackStarted(attack.name(), threat.eps(), total);
        // counts of batches finished in an earlier session carry over, so a resumed attack reports what an
        // uninterrupted one would
        long calls = pe.currentCalls;
        int broken = pe.currentBroken;
        int[] idxAll = todo.stream().mapToInt(Integer::intValue).toArray();
        List<int[]> batches = Dataset.batches(idxAll, config.batchSize());
        int done = already.size();
        for (int[] pos : batches) {
            long tb = System.nanoTime();
            // one seed per (attack, eps); the attack draws per point from it, keyed by the point's index
            long seed = Seeds.derive(config.seed(), attack.name() + "/" + threat.eps());
            int[] global = new int[pos.length];
            for (int k = 0; k < pos.length; k++) global[k] = pts[pos[k]];
            try (NDManager scope = model.manager().newSubManager()) {
                NDArray x = data.batch(scope, pos);
                int[] y = new int[pos.length];
                for (int k = 0; k < pos.length; k++) y[k] = data.label(pos[k]);
                // the bar moves within a batch too (one batch may be minutes of FAB-T)
                int before = done;
                int robustBefore = count(pe.robust);
                AttackProgress within = AttackProgress.to(f -> listener.progress(before + (int) (f * pos.length),
                        robustBefore));
                AttackResult r = attack.run(model, new LabeledBatch(x, y), threat,
                        AttackContext.seeded(seed).withProgress(within).withPoints(global));
                calls += r.modelCalls();
                NDArray zAdv = org.robustj.model.RowInvariant.logits(model, r.adversarial());
                int[] advPred = Inputs.argmaxChecked(zAdv, model.source());
                float[] entropy = pe.entropy == null ? null
                        : org.robustj.model.RandomDraws.entropy(zAdv).toFloatArray();
                float[] adv = keepAdversarial ? r.adversarial().toFloatArray() : null;
                int d = (int) data.sampleShape().size();
                for (int k = 0; k < pos.length; k++) {
                    int i = pos[k];
                    if (pe.queries != null) {
                        // a point's count stays unknown (null) once an attack did not count per point
                        pe.queries[i] = r.queries() == null || pe.queries[i] == null ? null : pe.queries[i] + r.queries()[k];
                    }
                    if (r.minimalNorms() != null && Float.isFinite(r.minimalNorms()[k])) {
                        float m = r.minimalNorms()[k];
                        if (pe.minimalNorm[i] == null || m < pe.minimalNorm[i]) pe.minimalNorm[i] = m;
                    }
                    if (r.success()[k]) {
                        broken++;
                        // query statistics of query attacks only (a gradient attack's per-row counts depend on batching)
                        if (r.queries() != null && attack.capabilities().contains(org.robustj.attack.Capability.GRADIENT_FREE)) {
                            pe.currentQueries.add(r.queries()[k]);
                        }
                        markBroken(pe, i, attack.name(), r.norms()[k], advPred[k],
                                adv == null ? null : Arrays.copyOfRange(adv, k * d, (k + 1) * d));
                        if (entropy != null) pe.entropy[i] = entropy[k];
                        // a break at this eps is a break at every larger eps
                        for (int oj = oi + 1; oj < order.length; oj++) {
                            markBroken(state.eps.get(order[oj]), i, attack.name() + "@" + fmt(threat.eps()),
                                    r.norms()[k], advPred[k], null);
                        }
                    }
                }
            }
            for (int i : pos) pe.currentDone.add(i);
            pe.currentBroken = broken;
            pe.currentCalls = calls;
            pe.currentSeconds += (System.nanoTime() - tb) / 1e9;
            done += pos.length;
            listener.progress(done, count(pe.robust));
            session.save();
        }
        double secs = pe.currentSeconds;
        double acc = count(pe.robust) / (double) n;
        EntropyDetection.Summary entropy = cleanEntropy == null ? null
                : EntropyDetection.of(brokenEntropy(pe, attack.name()), cleanEntropy);
        RunRecord.AttackSummary summary = RunRecord.AttackSummary.withQueryCounts(attack.name(), threat.eps(), acc,
                broken, secs, calls, Json.tree(attack.config()), config.seed(), pe.currentQueries, entropy);
        pe.summaries.add(summary);
        if (entropy != null) {
            listener.log(String.format(java.util.Locale.ROOT, "%s - predictive entropy of its %d broken points: mean "
                    + "%.3f, median %.3f nats (clean %.3f); entropy detector AUROC %.3f", attack.name(),
                    entropy.broken(), entropy.mean(), entropy.median(), entropy.cleanMean(), entropy.auroc()));
        }
        listener.log(String.format("%s - %d out of %d successfully perturbed%s", attack.name(), broken, total,
                summary.meanQueries() == null ? "" : String.format(java.util.Locale.ROOT, " (queries over broken "
                        + "points: mean %.1f, median %.1f)", summary.meanQueries(), summary.medianQueries())));
        // as AutoAttack's log: the time since the first attack started (over every eps and session)
        listener.log(String.format("robust accuracy after %s: %.2f%% (total time %.1f s)",
                attack.name().toUpperCase(java.util.Locale.ROOT), 100 * acc, attackSeconds(state)));
        listener.attackFinished(attack.name(), threat.eps());
    }

    /**
     * Predictive entropy (nats) of the clean inputs that the model classifies correctly (the points attacks try to
     * break), on the same content-keyed logits as the adversarial entropies; empty when none is correct.
     */
    private Float[] cleanEntropy(Classifier model, Dataset data, boolean[] correct) {
        Float[] out = new Float[data.size()];
        int[] all = new int[data.size()];
        for (int i = 0; i < all.length; i++) all[i] = i;
        for (int[] pos : Dataset.batches(all, config.batchSize())) {
            try (NDManager scope = model.manager().newSubManager()) {
                NDArray z = org.robustj.model.RowInvariant.logits(model, data.batch(scope, pos));
                float[] h = org.robustj.model.RandomDraws.entropy(z).toFloatArray();
                for (int k = 0; k < pos.length; k++) {
                    if (correct[pos[k]]) out[pos[k]] = h[k];
                }
            }
        }
        return out;
    }

    /** Entropies of the points {@code attack} broke at this eps (those it recorded), in point order. */
    private static double[] brokenEntropy(EvaluationState.PerEps pe, String attack) {
        Float[] mine = new Float[pe.brokenBy.length];
        for (int i = 0; i < mine.length; i++) {
            if (attack.equals(pe.brokenBy[i])) mine[i] = pe.entropy[i];
        }
        return EntropyDetection.present(mine);
    }

    private static void markBroken(EvaluationState.PerEps pe, int i, String by, float norm, int advLabel,
            float[] adv) {
        if (!pe.robust[i]) {
            return;
        }
        pe.robust[i] = false;
        pe.brokenBy[i] = by;
        pe.norm[i] = norm;
        pe.advLabel[i] = advLabel;
        if (adv != null) {
            pe.adversarial.put(i, adv);
        }
    }

    /** Seconds spent in finished attacks so far, at every eps. */
    private static double attackSeconds(EvaluationState state) {
        double s = 0;
        for (EvaluationState.PerEps pe : state.eps) {
            for (RunRecord.AttackSummary a : pe.summaries) s += a.seconds();
        }
        return s;
    }

    /**
     * The identity of this evaluation, stored in its state file: a SHA-256 of the canonical JSON (keys
     * sorted at every depth) of model, data, configuration and attacks, so the same command gives the
     * same fingerprint in every JVM.
     */
    String fingerprint(Classifier model, Dataset data, List<Attack> attacks, int[] points) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("model", model.sha256());
        f.put("data", data.files());
        f.put("data_name", data.name() + "/" + data.split() + "/" + data.size());
        f.put("labels", Hashes.sha256(Json.write(data.labels()).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        f.put("config", config);
        List<Object> a = new ArrayList<>();
        for (Attack at : attacks) a.add(Map.of("name", at.name(), "config", Json.tree(at.config())));
        f.put("attacks", a);
        f.put("keep_adversarial", keepAdversarial);
        if (surrogate != null) f.put("surrogate", surrogate.sha256());
        f.put("points", Hashes.sha256(Json.write(points).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        f.put("seeding", AttackContext.SEEDING);
        return Hashes.sha256(Json.canonical(f).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static int count(boolean[] b) {
        int c = 0;
        for (boolean v : b) if (v) c++;
        return c;
    }

    static String fmt(double eps) {
        return org.robustj.threat.Epsilon.format(eps);
    }
}
