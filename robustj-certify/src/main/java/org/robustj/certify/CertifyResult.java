package org.robustj.certify;

import java.util.ArrayList;
import java.util.List;
import org.robustj.eval.CleanEvaluation;
import org.robustj.eval.RunRecord;

/**
 * Outcome of a certification run as plain Java data: the clean pass of the model, one certificate per
 * point (in data-set order) and the warnings; certified accuracy at each requested ε follows from them.
 *
 * @param method the certification method's registered name
 * @param config the configuration it ran with
 * @param certifiesModel whether the certificates are about the model itself (bound propagation) rather than
 *     a derived classifier (randomized smoothing)
 * @param clean the model's clean accuracy and predictions
 * @param certificates one per point, in data-set order
 * @param warnings notes for the user, recorded with the run
 * @param seconds wall time of the run (over every session of a resumed run)
 * @param figures figures the method measured about the model ({@link Certifier#pointFigures}), by name: the
 *     mean over the points at each requested ε
 * @param points the indices of the certified points in the data set, increasing (null: 0..size-1)
 * @param pointFigures the figures at each point (in order) and ε, by name (null: not kept)
 */
public record CertifyResult(String method, CertifyConfig config, boolean certifiesModel,
        CleanEvaluation.Result clean, List<PointCertificate> certificates, List<RunRecord.Warning> warnings,
        double seconds, java.util.Map<String, List<Double>> figures, int[] points,
        java.util.Map<String, List<double[]>> pointFigures) {
    public CertifyResult {
        certificates = List.copyOf(certificates);
        warnings = List.copyOf(warnings);
        figures = figures == null ? java.util.Map.of() : java.util.Collections.unmodifiableMap(
                new java.util.LinkedHashMap<>(figures));
        if (points == null) {
            points = new int[certificates.size()];
            java.util.Arrays.setAll(points, i -> i);
        }
        pointFigures = pointFigures == null ? java.util.Map.of() : java.util.Collections.unmodifiableMap(
                new java.util.LinkedHashMap<>(pointFigures));
    }

    /** A result of every point of the data set, with mean figures only. */
    public CertifyResult(String method, CertifyConfig config, boolean certifiesModel, CleanEvaluation.Result clean,
            List<PointCertificate> certificates, List<RunRecord.Warning> warnings, double seconds,
            java.util.Map<String, List<Double>> figures) {
        this(method, config, certifiesModel, clean, certificates, warnings, seconds, figures, null, null);
    }

    /** A result without method figures. */
    public CertifyResult(String method, CertifyConfig config, boolean certifiesModel, CleanEvaluation.Result clean,
            List<PointCertificate> certificates, List<RunRecord.Warning> warnings, double seconds) {
        this(method, config, certifiesModel, clean, certificates, warnings, seconds, null, null, null);
    }

    /** Number of points. */
    public int size() {
        return certificates.size();
    }

    /**
     * Whether point {@code i} (its position in the run) is certified at the {@code e}-th ε: correctly
     * predicted and, for bound methods, verified at that ε; for smoothing, with a radius of at least ε
     * (Cohen et al.'s "approximate certified accuracy").
     */
    public boolean certified(int i, int e) {
        PointCertificate c = certificates.get(i);
        if (c.prediction() != c.label() || c.prediction() < 0) {
            return false;
        }
        if (!c.verified().isEmpty()) {
            return c.verified().get(e);
        }
        return c.radius() >= config.eps().get(e);
    }

    /** The fraction of points certified at the {@code e}-th ε. */
    public double certifiedAccuracy(int e) {
        if (certificates.isEmpty()) return 0;
        int n = 0;
        for (int i = 0; i < certificates.size(); i++) if (certified(i, e)) n++;
        return n / (double) certificates.size();
    }

    /** Certified accuracy at every requested ε, in the configuration's order. */
    public List<Double> certifiedAccuracies() {
        List<Double> out = new ArrayList<>();
        for (int e = 0; e < config.eps().size(); e++) out.add(certifiedAccuracy(e));
        return out;
    }

    /** The fraction of points on which the certifier abstained (prediction −1; smoothing only). */
    public double abstainRate() {
        if (certificates.isEmpty()) return 0;
        int n = 0;
        for (PointCertificate c : certificates) if (c.prediction() < 0) n++;
        return n / (double) certificates.size();
    }

    /** The fraction of points the certified classifier predicts correctly (abstentions count as wrong). */
    public double predictionAccuracy() {
        if (certificates.isEmpty()) return 0;
        int n = 0;
        for (PointCertificate c : certificates) if (c.prediction() >= 0 && c.prediction() == c.label()) n++;
        return n / (double) certificates.size();
    }
}
