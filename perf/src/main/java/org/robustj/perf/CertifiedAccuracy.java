package org.robustj.perf;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.robustj.certify.Certifier;
import org.robustj.certify.Certifiers;
import org.robustj.certify.CertifyConfig;
import org.robustj.certify.PointCertificate;
import org.robustj.data.Dataset;
import org.robustj.data.Datasets;
import org.robustj.io.AtomicFiles;
import org.robustj.io.Json;
import org.robustj.model.Classifier;
import org.robustj.model.Models;
import org.robustj.provenance.Provenance;
import org.robustj.tensor.Engines;
import org.robustj.threat.Norm;

/**
 * Clean and verified accuracy of a model on the first N MNIST test points, by every bound certifier asked
 * for, at a list of L∞ radii: the certified column of the bundled IBP models' cards, until {@code robustj
 * certify} lands. Writes a JSON record (model, weights SHA-256, data, settings, per method and ε the verified
 * accuracy and the verified point indices, seconds, provenance). Usage:
 * {@code CertifiedAccuracy MODEL_REF N EPS[,EPS…] METHOD[,METHOD…] OUT.json}.
 */
public final class CertifiedAccuracy {
    private CertifiedAccuracy() {}

    /** Points per certifier call. */
    static final int BATCH = 100;

    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println("usage: CertifiedAccuracy MODEL_REF N EPS[,EPS...] METHOD[,METHOD...] OUT.json");
            System.exit(2);
        }
        String ref = args[0];
        int n = Integer.parseInt(args[1]);
        List<Double> eps = Arrays.stream(args[2].split(",")).map(Double::valueOf).toList();
        List<String> methods = List.of(args[3].split(","));
        Path out = Path.of(args[4]);
        Engines.pytorch();
        Dataset data = Datasets.load("mnist", "test").first(n);
        CertifyConfig config = new CertifyConfig(Norm.LINF, eps, 0, 0, 0, 0, BATCH, 0);
        Map<String, Object> record = new LinkedHashMap<>();
        try (NDManager m = NDManager.newBaseManager(); Classifier model = Models.open(m, ref, null)) {
            record.put("model", ref);
            record.put("weights_sha256", model.sha256());
            record.put("dataset", "mnist test, first " + n + " points");
            record.put("norm", "linf");
            record.put("eps", eps);
            Map<String, Object> results = new LinkedHashMap<>();
            int clean = -1;
            for (String method : methods) {
                Certifier c = Certifiers.create(method);
                long t0 = System.nanoTime();
                List<PointCertificate> all = new ArrayList<>();
                for (int from = 0; from < n; from += BATCH) {
                    int to = Math.min(n, from + BATCH);
                    int[] idx = new int[to - from];
                    for (int i = 0; i < idx.length; i++) idx[i] = from + i;
                    try (NDManager sub = m.newSubManager()) {
                        NDArray x = data.batch(sub, idx);
                        int[] y = new int[idx.length];
                        for (int i = 0; i < idx.length; i++) y[i] = data.label(idx[i]);
                        all.addAll(c.certify(model, x, y, idx, config));
                    }
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                int right = 0;
                for (PointCertificate p : all) if (p.prediction() == p.label()) right++;
                clean = right;
                Map<String, Object> per = new LinkedHashMap<>();
                for (int e = 0; e < eps.size(); e++) {
                    List<Integer> verified = new ArrayList<>();
                    for (PointCertificate p : all) if (p.verified().get(e)) verified.add(p.index());
                    Map<String, Object> at = new LinkedHashMap<>();
                    at.put("eps", eps.get(e));
                    at.put("verified_accuracy", verified.size() / (double) n);
                    at.put("verified", verified.size());
                    at.put("verified_indices", verified);
                    per.put(String.valueOf(eps.get(e)), at);
                }
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("by_eps", per);
                r.put("seconds", seconds);
                results.put(method, r);
                System.out.printf("%s: clean %.1f%%%s, %.1f s%n", method, 100.0 * right / n, summary(per), seconds);
            }
            record.put("clean_accuracy", clean / (double) n);
            record.put("methods", results);
            record.put("provenance", Provenance.current(List.of()));
        }
        AtomicFiles.write(out, o -> Json.mapper().writerWithDefaultPrettyPrinter().writeValue(o, record));
    }

    @SuppressWarnings("unchecked")
    private static String summary(Map<String, Object> per) {
        StringBuilder b = new StringBuilder();
        for (Object v : per.values()) {
            Map<String, Object> at = (Map<String, Object>) v;
            b.append(String.format(", verified at %s: %.1f%%", at.get("eps"),
                    100 * (double) at.get("verified_accuracy")));
        }
        return b.toString();
    }
}
