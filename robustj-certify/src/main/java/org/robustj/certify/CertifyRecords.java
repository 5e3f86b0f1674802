package org.robustj.certify;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.robustj.data.Dataset;
import org.robustj.eval.RunRecord;
import org.robustj.io.Json;
import org.robustj.model.Classifier;
import org.robustj.provenance.FileHash;
import org.robustj.provenance.Provenance;

/** Turns a {@link CertifyResult} into the plain records that the CLI writes and reports read. */
public final class CertifyRecords {
    private CertifyRecords() {}

    /** The run record of a certification run ({@code kind = "certify"}); no attack fields. */
    public static RunRecord of(CertifyResult r, Classifier model, String modelRef, Dataset data, JsonNode config,
            boolean complete) {
        List<Double> per = new ArrayList<>();
        for (double v : r.clean().perClassAccuracy()) per.add(Double.isNaN(v) ? null : v);
        List<FileHash> files = new ArrayList<>(data.files());
        files.add(new FileHash(modelRef, model.sha256()));
        return new RunRecord(RunRecord.SCHEMA, "certify", config,
                new RunRecord.ModelInfo(modelRef, model.card().name(), model.card().architecture(), model.sha256(),
                        model.numClasses()),
                RunRecord.DataInfo.of(data.name(), data.split(), r.points(), data.size()),
                r.clean().accuracy(), per, r.clean().ece(), null, null, null, null, null, r.warnings(), complete,
                r.seconds(), Provenance.current(files), certification(r));
    }

    /** The certification section of a record: settings, certified accuracy per radius, every point. */
    public static RunRecord.Certification certification(CertifyResult r) {
        CertifyConfig c = r.config();
        List<RunRecord.CertifiedPoint> points = new ArrayList<>();
        for (int i = 0; i < r.size(); i++) {
            PointCertificate p = r.certificates().get(i);
            List<Boolean> certified = new ArrayList<>();
            for (int e = 0; e < c.eps().size(); e++) certified.add(r.certified(i, e));
            boolean bounds = !p.verified().isEmpty();
            Map<String, List<Double>> figures = null;
            if (!r.pointFigures().isEmpty()) {
                figures = new LinkedHashMap<>();
                for (Map.Entry<String, List<double[]>> f : r.pointFigures().entrySet()) {
                    List<Double> v = new ArrayList<>();
                    for (double x : f.getValue().get(i)) v.add(x);
                    figures.put(f.getKey(), v);
                }
            }
            points.add(new RunRecord.CertifiedPoint(p.index(), p.label(), p.prediction(), p.radius(),
                    bounds || !p.marginLowerBounds().isEmpty() ? p.marginLowerBounds() : null,
                    bounds ? p.verified() : null, certified, p.seconds(), r.clean().correct()[i],
                    r.clean().confidence()[i], figures));
        }
        boolean abstains = !r.certifiesModel();
        return new RunRecord.Certification(r.method(), c.norm().id(), Json.tree(settings(r)), r.certifiesModel(),
                c.eps(), r.certifiedAccuracies(), abstains ? r.abstainRate() : null, r.predictionAccuracy(), points,
                r.seconds(), r.figures().isEmpty() ? null : r.figures());
    }

    /**
     * An attack run's record with a certification of the same points attached: per point clean / robust /
     * certified (at the headline ε), the certification section, and a warning naming every point certified
     * but broken by an attack ({@code certified-not-robust} for a certificate of the model itself: a certifier
     * bug; {@code smoothed-differs} for smoothing, which certifies another classifier).
     */
    public static RunRecord attach(RunRecord rec, CertifyResult cr, List<CertifiedVsRobust.Violation> violations) {
        List<RunRecord.PointRecord> points = new ArrayList<>();
        if (rec.points() != null) {
            for (int i = 0; i < rec.points().size(); i++) {
                points.add(rec.points().get(i).withCertified(cr.certified(i, 0)));
            }
        }
        List<RunRecord.Warning> warnings = new ArrayList<>(rec.warnings() == null ? List.of() : rec.warnings());
        warnings.addAll(cr.warnings());
        for (CertifiedVsRobust.Violation v : violations) {
            warnings.add(warning(v, cr));
        }
        return rec.withCertification(certification(cr), rec.points() == null ? null : points, warnings);
    }

    /** A certified point broken by an attack, in words. */
    public static String describe(CertifiedVsRobust.Violation v, String method) {
        return "point " + v.index() + " is certified by " + method + " at eps "
                + org.robustj.threat.Epsilon.format(v.eps()) + " but " + v.brokenBy() + " broke it";
    }

    private static RunRecord.Warning warning(CertifiedVsRobust.Violation v, CertifyResult cr) {
        if (cr.certifiesModel()) {
            return new RunRecord.Warning("certified-not-robust", describe(v, cr.method())
                    + ": a certificate of the model that an attack refutes is a bug in the certifier",
                    "docs/evaluation-flags.md#certified-not-robust");
        }
        return new RunRecord.Warning("smoothed-differs", describe(v, cr.method()) + " on the base model: "
                + cr.method() + " certifies the smoothed classifier, which the attack on the base model does not "
                + "refute", "docs/evaluation-flags.md#smoothed-differs");
    }

    /**
     * Merges the records of two certification runs ({@code certify --points}) of disjoint points of the same
     * data set, with the same model, method and configuration, into the record of both: certificates side by
     * side in index order, and every figure recomputed from them (clean and per-class accuracy and ECE from
     * each point's clean pass, certified accuracy at every radius, abstain rate, the certified classifier's
     * accuracy, the method's figures as means over the points in index order). Pure and associative: the parts
     * of a partition merge, in any grouping and order, into the record of one run on all the points (up to
     * timings, summed in milliseconds, and provenance time stamps).
     *
     * @throws org.robustj.errors.InvalidInputException when the records are not of one certification run, or
     *     share a point
     */
    public static RunRecord merge(RunRecord a, RunRecord b) {
        check(a, b);
        RunRecord.Certification ca = a.certification();
        RunRecord.Certification cb = b.certification();
        List<RunRecord.CertifiedPoint> points = new ArrayList<>(ca.points().size() + cb.points().size());
        int i = 0;
        int j = 0;
        while (i < ca.points().size() || j < cb.points().size()) {
            RunRecord.CertifiedPoint pa = i < ca.points().size() ? ca.points().get(i) : null;
            RunRecord.CertifiedPoint pb = j < cb.points().size() ? cb.points().get(j) : null;
            if (pa != null && pb != null && pa.index() == pb.index()) {
                throw new org.robustj.errors.InvalidInputException("point " + pa.index() + " is in both records: "
                        + "merge records of disjoint points (e.g. --points 0:500 and --points 500:1000)");
            }
            RunRecord.CertifiedPoint next = pb == null || (pa != null && pa.index() < pb.index()) ? pa : pb;
            if (next == pa) i++; else j++;
            if (!points.isEmpty() && next.index() <= points.get(points.size() - 1).index()) {
                throw new org.robustj.errors.InvalidInputException("a record's points are not in increasing index "
                        + "order");
            }
            points.add(next);
        }
        int n = points.size();
        int classes = a.model().numClasses();
        int correct = 0;
        int[] labels = new int[n];
        float[] conf = new float[n];
        boolean[] ok = new boolean[n];
        int radii = ca.radii().size();
        int[] certified = new int[radii];
        int abstained = 0;
        int predicted = 0;
        Map<String, List<double[]>> figures = new LinkedHashMap<>();
        int[] idx = new int[n];
        for (int k = 0; k < n; k++) {
            RunRecord.CertifiedPoint p = points.get(k);
            idx[k] = p.index();
            labels[k] = p.label();
            if (p.cleanCorrect()) correct++;
            conf[k] = p.confidence();
            ok[k] = p.cleanCorrect();
            for (int e = 0; e < radii; e++) if (p.certified().get(e)) certified[e]++;
            if (p.prediction() < 0) abstained++;
            if (p.prediction() >= 0 && p.prediction() == p.label()) predicted++;
            if (p.figures() != null) {
                for (Map.Entry<String, List<Double>> f : p.figures().entrySet()) {
                    double[] v = new double[f.getValue().size()];
                    for (int e = 0; e < v.length; e++) v[e] = f.getValue().get(e);
                    figures.computeIfAbsent(f.getKey(), key -> new ArrayList<>()).add(v);
                }
            }
        }
        List<Double> per = new ArrayList<>();
        for (double v : org.robustj.eval.CleanEvaluation.perClassAccuracy(labels, ok, classes)) {
            per.add(Double.isNaN(v) ? null : v);
        }
        List<Double> acc = new ArrayList<>();
        for (int e = 0; e < radii; e++) acc.add(certified[e] / (double) n);
        Map<String, List<Double>> means = CertifiedEvaluation.meanFigures(figures, radii);
        double seconds = millis(ca.seconds(), cb.seconds());
        RunRecord.Certification c = new RunRecord.Certification(ca.method(), ca.norm(), ca.config(),
                ca.certifiesModel(), ca.radii(), acc, ca.abstainRate() == null ? null : abstained / (double) n,
                predicted / (double) n, points, seconds, means.isEmpty() ? null : means);
        java.util.LinkedHashSet<RunRecord.Warning> warnings = new java.util.LinkedHashSet<>(a.warnings());
        warnings.addAll(b.warnings());
        int total = a.dataset().dataSetSize();
        return new RunRecord(a.schemaVersion(), a.kind(), mergedConfig(a.config(), idx, total), a.model(),
                RunRecord.DataInfo.of(a.dataset().name(), a.dataset().split(), idx, total), correct / (double) n, per,
                org.robustj.eval.CleanEvaluation.ece(conf, ok), null, null, null, null, null,
                new ArrayList<>(warnings), a.complete() && b.complete(), millis(a.seconds(), b.seconds()),
                a.provenance(), c);
    }

    /** Merges any number of certification records ({@link #merge} from left to right). */
    public static RunRecord mergeAll(List<RunRecord> records) {
        if (records.isEmpty()) {
            throw new org.robustj.errors.InvalidInputException("nothing to merge");
        }
        RunRecord r = records.get(0);
        for (RunRecord o : records.subList(1, records.size())) r = merge(r, o);
        return r;
    }

    /** Config keys that may differ between the partial runs of one certification. */
    static final java.util.Set<String> PER_RUN_KEYS = java.util.Set.of("command", "points", "cluster");

    private static void check(RunRecord a, RunRecord b) {
        for (RunRecord r : List.of(a, b)) {
            if (!"certify".equals(r.kind()) || r.certification() == null) {
                throw new org.robustj.errors.InvalidInputException("only records of certify runs merge with each "
                        + "other, not '" + r.kind() + "'");
            }
            if (r.certification().points().stream().anyMatch(p -> p.cleanCorrect() == null
                    || p.confidence() == null)) {
                throw new org.robustj.errors.InvalidInputException("a certification record without per-point clean "
                        + "outcomes (written before partial runs existed) cannot be merged; re-run it");
            }
        }
        if (!java.util.Objects.equals(a.model().sha256(), b.model().sha256())) {
            throw new org.robustj.errors.InvalidInputException("the records are of different models (SHA-256 "
                    + a.model().sha256() + " and " + b.model().sha256() + ")");
        }
        if (!a.dataset().name().equals(b.dataset().name())
                || !java.util.Objects.equals(a.dataset().split(), b.dataset().split())
                || a.dataset().dataSetSize() != b.dataset().dataSetSize()) {
            throw new org.robustj.errors.InvalidInputException("the records are of different data ("
                    + a.dataset().name() + " " + a.dataset().dataSetSize() + " points and " + b.dataset().name() + " "
                    + b.dataset().dataSetSize() + " points)");
        }
        JsonNode sa = stripped(a.config());
        JsonNode sb = stripped(b.config());
        if (!java.util.Objects.equals(sa, sb) || !java.util.Objects.equals(a.certification().config(),
                b.certification().config())) {
            throw new org.robustj.errors.InvalidInputException("the records are of different certifications (their "
                    + "configurations differ: " + sa + " and " + sb + ")");
        }
    }

    private static JsonNode stripped(JsonNode config) {
        if (!(config instanceof com.fasterxml.jackson.databind.node.ObjectNode o)) {
            return config;
        }
        com.fasterxml.jackson.databind.node.ObjectNode c = o.deepCopy();
        c.remove(PER_RUN_KEYS);
        return c;
    }

    private static JsonNode mergedConfig(JsonNode config, int[] idx, int total) {
        if (!(config instanceof com.fasterxml.jackson.databind.node.ObjectNode o)) {
            return config;
        }
        com.fasterxml.jackson.databind.node.ObjectNode c = o.deepCopy();
        if (idx.length == total) {
            c.remove("points");
        } else {
            c.put("points", RunRecord.DataInfo.ranges(idx));
        }
        return c;
    }

    /** A sum of seconds in whole milliseconds, so that merging is associative. */
    private static double millis(double a, double b) {
        return (Math.round(a * 1000) + Math.round(b * 1000)) / 1000.0;
    }

    /** The method's settings as recorded: every field of the configuration, by its option name. */
    static Map<String, Object> settings(CertifyResult r) {
        CertifyConfig c = r.config();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("method", r.method());
        m.put("norm", c.norm().id());
        m.put("eps", c.eps());
        m.put("sigma", c.sigma());
        m.put("n0", c.n0());
        m.put("samples", c.samples());
        m.put("alpha", c.alpha());
        m.put("batch_size", c.batchSize());
        m.put("seed", c.seed());
        return m;
    }
}
