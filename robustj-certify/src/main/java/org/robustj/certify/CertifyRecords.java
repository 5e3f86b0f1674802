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
                new RunRecord.DataInfo(data.name(), data.split(), data.size(), "first " + data.size()),
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
            points.add(new RunRecord.CertifiedPoint(p.index(), p.label(), p.prediction(), p.radius(),
                    bounds || !p.marginLowerBounds().isEmpty() ? p.marginLowerBounds() : null,
                    bounds ? p.verified() : null, certified, p.seconds()));
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
