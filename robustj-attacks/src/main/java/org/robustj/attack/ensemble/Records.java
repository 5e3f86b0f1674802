package org.robustj.attack.ensemble;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.robustj.attack.AttackContext;
import org.robustj.attack.check.SanityChecks;
import org.robustj.data.Dataset;
import org.robustj.errors.InvalidInputException;
import org.robustj.eval.CleanEvaluation;
import org.robustj.eval.EntropyDetection;
import org.robustj.eval.RunRecord;
import org.robustj.model.Classifier;
import org.robustj.provenance.FileHash;
import org.robustj.provenance.Provenance;

/**
 * Turns an {@link EvaluationResult} into the JSON {@link RunRecord} that the CLI writes, and merges the records
 * of partial evaluations ({@link AutoEvaluation#run(Classifier, Dataset, int[])}) into the record of the whole.
 */
public final class Records {
    /**
     * Config keys that may differ between the partial runs of one evaluation (they do not change any result):
     * the command line, the batch size, the points, and the cluster a run's partitions ran on ({@code --spark}).
     */
    static final Set<String> PER_RUN_KEYS = Set.of("command", "batch_size", "points", "cluster");

    private Records() {}

    /**
     * The run record of an evaluation of (some points of) {@code data}, the evaluated data set; {@code complete}
     * is false for a record written mid-run, and the record is never called complete when attacks of the plan
     * were skipped (the skipped ones are among the warnings).
     */
    public static RunRecord of(EvaluationResult r, Classifier model, String modelRef, Dataset data,
            JsonNode config, boolean complete) {
        EvaluationState.PerEps head = r.perEps().get(0);
        int[] pts = r.points();
        List<RunRecord.PointRecord> points = new ArrayList<>();
        for (int k = 0; k < pts.length; k++) {
            List<RunRecord.EpsOutcome> others = null;
            if (r.perEps().size() > 1) {
                others = new ArrayList<>();
                for (EvaluationState.PerEps pe : r.perEps().subList(1, r.perEps().size())) {
                    others.add(new RunRecord.EpsOutcome(pe.robust[k], pe.brokenBy[k], pe.norm[k], pe.minimalNorm[k],
                            pe.advLabel[k]));
                }
            }
            points.add(new RunRecord.PointRecord(pts[k], data.label(pts[k]), r.clean().correct()[k], head.robust[k],
                    head.brokenBy[k], head.norm[k], head.minimalNorm[k], head.advLabel[k], null,
                    r.clean().confidence()[k], others)
                    .withQueries(head.queries == null ? null : head.queries[k])
                    .withEntropy(head.entropy == null ? null : head.entropy[k])
                    .withCleanEntropy(head.cleanEntropy == null ? null : head.cleanEntropy[k]));
        }
        List<Double> eps = new ArrayList<>();
        List<Double> acc = new ArrayList<>();
        for (int e = 0; e < r.perEps().size(); e++) {
            eps.add(r.perEps().get(e).eps);
            acc.add(r.robustAccuracy(e));
        }
        List<RunRecord.AttackSummary> attacks = new ArrayList<>();
        for (EvaluationState.PerEps pe : r.perEps()) {
            attacks.addAll(pe.summaries);
        }
        List<Double> per = new ArrayList<>();
        for (double v : r.clean().perClassAccuracy()) per.add(Double.isNaN(v) ? null : v);
        List<FileHash> files = new ArrayList<>(data.files());
        files.add(new FileHash(modelRef, model.sha256()));
        return new RunRecord(RunRecord.SCHEMA, "robust", config,
                new RunRecord.ModelInfo(modelRef, model.card().name(), model.card().architecture(), model.sha256(),
                        model.numClasses()),
                RunRecord.DataInfo.of(data.name(), data.split(), pts, data.size()),
                r.clean().accuracy(), per, r.clean().ece(), r.robustAccuracy(), eps, acc, attacks, points,
                r.warnings(), complete && r.fullEnsemble(), r.seconds(), Provenance.current(files));
    }

    /**
     * Merges the records of two evaluations of disjoint points of the same data set, with the same model,
     * configuration and seed, into the record of both: per-point outcomes side by side (in index order), and
     * every figure recomputed from them (clean and robust accuracy, per class and per ε, ECE, robust accuracy
     * after each attack, points broken, model calls, seconds, the warnings of the checks after the attacks).
     * Pure and associative; partial records of a partition of the points merge, in any grouping and order,
     * into the record of a run on all of them (up to timings and provenance time stamps).
     *
     * @throws InvalidInputException when the records are of different evaluations, share a point, or were made
     *     with a seeding scheme whose results depend on how the points were batched
     */
    public static RunRecord merge(RunRecord a, RunRecord b) {
        check(a, b);
        List<RunRecord.PointRecord> points = mergePoints(a.points(), b.points());
        int n = points.size();
        int[] idx = points.stream().mapToInt(RunRecord.PointRecord::index).toArray();
        int total = a.dataset().dataSetSize();
        int classes = a.model().numClasses();
        int correct = 0;
        int[] labels = new int[n];
        float[] conf = new float[n];
        boolean[] ok = new boolean[n];
        int epsCount = a.epsilons().size();
        int[] robust = new int[epsCount];
        for (int k = 0; k < n; k++) {
            RunRecord.PointRecord p = points.get(k);
            labels[k] = p.label();
            if (p.cleanCorrect()) correct++;
            conf[k] = p.confidence();
            ok[k] = p.cleanCorrect();
            if (p.robust()) robust[0]++;
            for (int e = 1; e < epsCount; e++) {
                if (p.otherEps().get(e - 1).robust()) robust[e]++;
            }
        }
        List<Double> per = new ArrayList<>();
        for (double v : CleanEvaluation.perClassAccuracy(labels, ok, classes)) per.add(Double.isNaN(v) ? null : v);
        List<Double> byEps = new ArrayList<>();
        for (int e = 0; e < epsCount; e++) byEps.add(robust[e] / (double) n);
        double clean = correct / (double) n;
        List<RunRecord.AttackSummary> attacks = new ArrayList<>();
        List<RunRecord.Warning> after = new ArrayList<>();
        for (double eps : a.epsilons()) {
            List<RunRecord.AttackSummary> merged = mergeSummaries(at(a, eps), at(b, eps), a.dataset().n(),
                    b.dataset().n(), n);
            if (eps == a.epsilons().get(0)) merged = withEntropy(merged, points);
            attacks.addAll(merged);
            after.addAll(SanityChecks.after(merged, clean));
        }
        Set<String> afterChecks = Set.of("square-beats-gradient");
        LinkedHashSet<RunRecord.Warning> warnings = new LinkedHashSet<>();
        for (RunRecord r : List.of(a, b)) {
            for (RunRecord.Warning w : r.warnings()) if (!afterChecks.contains(w.check())) warnings.add(w);
        }
        warnings.addAll(after);
        return new RunRecord(a.schemaVersion(), a.kind(), mergedConfig(a.config(), idx, total), a.model(),
                RunRecord.DataInfo.of(a.dataset().name(), a.dataset().split(), idx, total), clean, per,
                CleanEvaluation.ece(conf, ok), byEps.get(0), a.epsilons(), byEps, attacks, points,
                new ArrayList<>(warnings), a.complete() && b.complete(), seconds(a.seconds(), b.seconds()),
                a.provenance());
    }

    /** Merges any number of records ({@link #merge} from left to right). */
    public static RunRecord mergeAll(List<RunRecord> records) {
        if (records.isEmpty()) {
            throw new InvalidInputException("nothing to merge");
        }
        RunRecord r = records.get(0);
        for (RunRecord o : records.subList(1, records.size())) r = merge(r, o);
        return r;
    }

    private static void check(RunRecord a, RunRecord b) {
        for (RunRecord r : List.of(a, b)) {
            if (!"robust".equals(r.kind())) {
                throw new InvalidInputException("only records of robust evaluations merge, not '" + r.kind() + "'");
            }
            if (r.provenance() == null || r.provenance().seedingScheme() != AttackContext.SEEDING) {
                throw new InvalidInputException("a record made with seeding scheme "
                        + (r.provenance() == null ? 1 : r.provenance().seedingScheme()) + " cannot be merged: its "
                        + "random draws depended on the batches, so partial runs do not add up; re-run it (scheme "
                        + AttackContext.SEEDING + ")");
            }
            if (r.points() == null || r.points().stream().anyMatch(p -> p.confidence() == null
                    || (r.epsilons().size() > 1 && p.otherEps() == null))) {
                throw new InvalidInputException("a record without per-point confidences (written before partial "
                        + "results existed) cannot be merged; re-run it");
            }
            if (r.certification() != null) {
                throw new InvalidInputException("records with a certification section (evaluate --certify) do not "
                        + "merge yet; merge the evaluations without --certify");
            }
        }
        if (!Objects.equals(a.model().sha256(), b.model().sha256())) {
            throw new InvalidInputException("the records are of different models (SHA-256 " + a.model().sha256()
                    + " and " + b.model().sha256() + ")");
        }
        if (!a.dataset().name().equals(b.dataset().name()) || !Objects.equals(a.dataset().split(), b.dataset().split())
                || a.dataset().dataSetSize() != b.dataset().dataSetSize()) {
            throw new InvalidInputException("the records are of different data (" + describe(a) + " and "
                    + describe(b) + ")");
        }
        if (!a.epsilons().equals(b.epsilons())) {
            throw new InvalidInputException("the records are at different eps (" + a.epsilons() + " and "
                    + b.epsilons() + ")");
        }
        JsonNode ca = stripped(a.config());
        JsonNode cb = stripped(b.config());
        if (!Objects.equals(ca, cb)) {
            throw new InvalidInputException("the records are of different evaluations (their configurations differ: "
                    + ca + " and " + cb + ")");
        }
        if (a.provenance().files() != null && b.provenance().files() != null) {
            Set<String> ha = new LinkedHashSet<>();
            for (FileHash f : a.provenance().files()) ha.add(f.sha256());
            Set<String> hb = new LinkedHashSet<>();
            for (FileHash f : b.provenance().files()) hb.add(f.sha256());
            if (!ha.equals(hb)) {
                throw new InvalidInputException("the records were made from different files (data or model SHA-256 "
                        + "differ)");
            }
        }
    }

    private static String describe(RunRecord r) {
        return r.dataset().name() + " " + r.dataset().split() + ", " + r.dataset().dataSetSize() + " points";
    }

    /** A config without the keys that may differ between partial runs. */
    private static JsonNode stripped(JsonNode config) {
        if (!(config instanceof ObjectNode o)) {
            return config;
        }
        ObjectNode c = o.deepCopy();
        c.remove(PER_RUN_KEYS);
        return c;
    }

    /** The config of the merged record: the first's, with the merged points (none when it covers all). */
    private static JsonNode mergedConfig(JsonNode config, int[] idx, int total) {
        if (!(config instanceof ObjectNode o)) {
            return config;
        }
        ObjectNode c = o.deepCopy();
        if (idx.length == total) {
            c.remove("points");
        } else {
            c.put("points", RunRecord.DataInfo.ranges(idx));
        }
        return c;
    }

    private static List<RunRecord.PointRecord> mergePoints(List<RunRecord.PointRecord> a,
            List<RunRecord.PointRecord> b) {
        List<RunRecord.PointRecord> out = new ArrayList<>(a.size() + b.size());
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            if (j == b.size() || (i < a.size() && a.get(i).index() < b.get(j).index())) {
                out.add(a.get(i++));
            } else if (i == a.size() || b.get(j).index() < a.get(i).index()) {
                out.add(b.get(j++));
            } else {
                throw new InvalidInputException("point " + a.get(i).index() + " is in both records: merge records of "
                        + "disjoint points (e.g. --points 0:500 and --points 500:1000)");
            }
            int m = out.size();
            if (m > 1 && out.get(m - 1).index() <= out.get(m - 2).index()) {
                throw new InvalidInputException("a record's points are not in increasing index order");
            }
        }
        return out;
    }

    private static List<RunRecord.AttackSummary> at(RunRecord r, double eps) {
        List<RunRecord.AttackSummary> out = new ArrayList<>();
        for (RunRecord.AttackSummary s : r.attacks()) if (s.eps() == eps) out.add(s);
        return out;
    }

    /**
     * The summaries at one ε of two partial runs. Each partial ran a prefix of the same attack list (a partial
     * stops when none of its points is robust, and then contributes nothing to the attacks left), so the merged
     * list is the longer prefix; robust counts, points broken, model calls and seconds add up.
     */
    private static List<RunRecord.AttackSummary> mergeSummaries(List<RunRecord.AttackSummary> a,
            List<RunRecord.AttackSummary> b, int na, int nb, int n) {
        List<RunRecord.AttackSummary> longer = a.size() >= b.size() ? a : b;
        List<RunRecord.AttackSummary> out = new ArrayList<>();
        for (int k = 0; k < longer.size(); k++) {
            RunRecord.AttackSummary sa = k < a.size() ? a.get(k) : null;
            RunRecord.AttackSummary sb = k < b.size() ? b.get(k) : null;
            if (sa != null && sb != null && (!sa.name().equals(sb.name()) || !Objects.equals(sa.config(), sb.config())
                    || !Objects.equals(sa.seed(), sb.seed()))) {
                throw new InvalidInputException("the records ran different attacks (" + sa.name() + " and "
                        + sb.name() + " at eps " + sa.eps() + ")");
            }
            RunRecord.AttackSummary s = sa != null ? sa : sb;
            long robust = count(sa, na) + count(sb, nb);
            out.add(RunRecord.AttackSummary.withQueryCounts(s.name(), s.eps(), robust / (double) n,
                    (sa == null ? 0 : sa.broken()) + (sb == null ? 0 : sb.broken()),
                    seconds(sa == null ? 0 : sa.seconds(), sb == null ? 0 : sb.seconds()),
                    (sa == null ? 0 : sa.modelCalls()) + (sb == null ? 0 : sb.modelCalls()), s.config(), s.seed(),
                    queryCounts(sa, sb), null));
        }
        return out;
    }

    /**
     * The summaries at the headline ε with their entropy detection recomputed from the merged points (each keeps
     * its adversarial and its clean entropy), as the whole run computes it; unchanged when the points have no
     * clean entropies (runs that record none, or records written before they were kept).
     */
    private static List<RunRecord.AttackSummary> withEntropy(List<RunRecord.AttackSummary> summaries,
            List<RunRecord.PointRecord> points) {
        Float[] clean = points.stream().map(RunRecord.PointRecord::cleanEntropy).toArray(Float[]::new);
        double[] reference = EntropyDetection.present(clean);
        if (reference.length == 0) {
            return summaries;
        }
        List<RunRecord.AttackSummary> out = new ArrayList<>();
        for (RunRecord.AttackSummary s : summaries) {
            double[] broken = EntropyDetection.present(points.stream()
                    .map(p -> s.name().equals(p.brokenBy()) ? p.entropy() : null).toArray(Float[]::new));
            out.add(s.withEntropy(EntropyDetection.of(broken, reference)));
        }
        return out;
    }

    /**
     * The per-point queries of both parts' broken points, from which the merged mean and median are recomputed
     * exactly; null (no query statistics) when a part has statistics but not the counts behind them (a record
     * written before they were kept), rather than a mean of means.
     */
    private static List<Long> queryCounts(RunRecord.AttackSummary sa, RunRecord.AttackSummary sb) {
        List<Long> out = new ArrayList<>();
        for (RunRecord.AttackSummary s : new RunRecord.AttackSummary[] {sa, sb}) {
            if (s == null) continue;
            if (s.brokenQueries() != null) {
                out.addAll(s.brokenQueries());
            } else if (s.meanQueries() != null) {
                return null;
            }
        }
        return out;
    }

    /** Points robust after an attack (0 for an attack the partial did not need to run). */
    private static long count(RunRecord.AttackSummary s, int n) {
        return s == null ? 0 : Math.round(s.robustAccuracyAfter() * n);
    }

    /** A sum of seconds in whole milliseconds, so that merging is associative. */
    private static double seconds(double a, double b) {
        return (Math.round(a * 1000) + Math.round(b * 1000)) / 1000.0;
    }
}
