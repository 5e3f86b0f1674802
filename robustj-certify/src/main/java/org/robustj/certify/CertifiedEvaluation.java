package org.robustj.certify;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.robustj.data.Dataset;
import org.robustj.errors.InvalidInputException;
import org.robustj.eval.CleanEvaluation;
import org.robustj.eval.RunRecord;
import org.robustj.io.Json;
import org.robustj.model.Capabilities;
import org.robustj.model.Classifier;
import org.robustj.model.ModelCapability;
import org.robustj.provenance.Hashes;

/**
 * Certifies every point of a data set with one method, the certification counterpart of
 * {@code AutoEvaluation}: a clean pass, then the certifier batch by batch, with progress through a listener
 * and, when a state file is given, a checkpoint after every batch, so a killed run resumes where it stopped
 * (a state of another run is refused). The configuration is validated when the runner is built, before
 * any data or model is read; the model's capability ({@link Certifier#needsGraph()}) is checked before any
 * work. What certifiers return is checked too: one certificate per point in order, and for a certifier of
 * the model itself no point verified that the model misclassifies unperturbed (that would be a bug).
 *
 * <pre>{@code
 * CertifyConfig cfg = new CertifyConfig(Norm.LINF, List.of(0.1), 0.25, 100, 100_000, 0.001, 100, 0);
 * CertifyResult r = new CertifiedEvaluation("ibp", cfg).run(model, data.first(1000));
 * double verified = r.certifiedAccuracy(0);
 * }</pre>
 */
public final class CertifiedEvaluation {
    private final Certifier certifier;
    private final CertifyConfig config;
    private final CertifyListener listener;
    private final Path stateFile;

    /**
     * @param certifier the method
     * @param config validated here ({@link CertifyConfig#validate()})
     * @param listener progress (null: none)
     * @param stateFile where to checkpoint and resume (null: no state)
     */
    public CertifiedEvaluation(Certifier certifier, CertifyConfig config, CertifyListener listener, Path stateFile) {
        this.certifier = certifier;
        this.config = config.validate();
        this.listener = listener == null ? CertifyListener.NONE : listener;
        this.stateFile = stateFile;
    }

    /** A run of the registered method {@code method} with no listener and no state file. */
    public CertifiedEvaluation(String method, CertifyConfig config) {
        this(Certifiers.create(method), config, null, null);
    }

    /** The certifier this run uses. */
    public Certifier certifier() {
        return certifier;
    }

    /**
     * Checks that the certifier can work on the model, from the model's declared capabilities: a method that
     * reads the layer graph (a bound method) needs {@link ModelCapability#LAYER_GRAPH}, which neither an opaque
     * (TorchScript) nor a query-only model declares; the error names the way out, including smoothing, which
     * needs only logits.
     *
     * @throws org.robustj.errors.MissingCapabilityException naming the method, why the model lacks a graph and
     *     the alternatives
     */
    public void check(Classifier model) {
        if (certifier.needsGraph()) {
            Capabilities.require(model, ModelCapability.LAYER_GRAPH, "--method " + certifier.name()
                    + " (a bound method: it propagates bounds through the model's layers, white-box)",
                    Certifier.LOGITS_ONLY_ALTERNATIVE);
        }
    }

    /** Certifies every point of {@code data} (their indices in {@code data} key every random draw). */
    public CertifyResult run(Classifier model, Dataset data) {
        return run(model, data, null);
    }

    /**
     * Certifies the points {@code points} (increasing indices into {@code data}; null: all of them): a partial
     * result whose certificates are exactly those of a run on all of {@code data}, since every random draw is
     * keyed by the point's index and the points go to the certifier in batches cut at multiples of the batch
     * size of the whole data set ({@code index / pointsPerCall}), so a partial run whose range starts and ends
     * on such multiples sees exactly the batches of the whole run. Partial results merge with {@link
     * CertifyRecords#merge}.
     */
    public CertifyResult run(Classifier model, Dataset data, int[] points) {
        long t0 = System.nanoTime();
        check(model);
        int[] pts = points == null ? data.allIndices() : checkedPoints(points, data.size());
        int n = pts.length;
        Map<Integer, Integer> position = new HashMap<>();
        for (int k = 0; k < n; k++) position.put(pts[k], k);
        CleanEvaluation.Result clean = cleanPass(model, data, pts);

        String fp = fingerprint(model, data) + (points == null ? "" : "/points " + Arrays.toString(pts));
        CertifyState state = CertifyState.load(stateFile, fp);
        if (state == null) {
            state = new CertifyState();
            state.fingerprint = fp;
        } else {
            listener.log("resuming from " + stateFile + " (" + state.done.size() + " of " + n + " points done)");
        }
        Map<Integer, PointCertificate> byIndex = new HashMap<>();
        for (PointCertificate c : state.done) byIndex.put(c.index(), c);
        List<Integer> todo = new ArrayList<>();
        for (int i : pts) if (!byIndex.containsKey(i)) todo.add(i);
        double earlier = state.seconds;
        listener.started(certifier.name(), n, byIndex.size());
        int certifiedSoFar = 0;
        for (PointCertificate c : byIndex.values()) if (certifiedFirst(c)) certifiedSoFar++;
        int per = Math.max(1, certifier.pointsPerCall(config));
        for (int[] pos : aligned(todo.stream().mapToInt(Integer::intValue).toArray(), per)) {
            int[] labels = new int[pos.length];
            for (int k = 0; k < pos.length; k++) labels[k] = data.label(pos[k]);
            List<PointCertificate> got;
            try (NDManager scope = model.manager().newSubManager()) {
                NDArray x = data.batch(scope, pos);
                got = certifier.certify(model, x, labels, pos.clone(), config);
            }
            checkBatch(got, pos, labels, model.numClasses(), clean, position);
            for (PointCertificate c : got) {
                byIndex.put(c.index(), c);
                state.done.add(c);
                if (certifiedFirst(c)) certifiedSoFar++;
            }
            state.seconds = earlier + (System.nanoTime() - t0) / 1e9;
            state.save(stateFile);
            listener.progress(byIndex.size(), certifiedSoFar);
        }
        List<PointCertificate> ordered = new ArrayList<>(n);
        for (int i : pts) ordered.add(byIndex.get(i));
        List<RunRecord.Warning> warnings = new ArrayList<>();
        for (Classifier.Note note : model.notes()) {
            warnings.add(new RunRecord.Warning(note.check(), note.message(), "docs/evaluation-flags.md#" + note.check()));
        }
        Map<String, List<double[]>> perPoint = pointFigures(model, data, pts);
        double seconds = earlier + (System.nanoTime() - t0) / 1e9;
        return new CertifyResult(certifier.name(), config, certifier.certifiesModel(), clean, ordered, warnings,
                seconds, meanFigures(perPoint, config.eps().size()), pts, perPoint);
    }

    /** Points per clean pass: at most 500, and bound methods' certificate batches are made of whole clean batches. */
    private int cleanBatch() {
        // smoothing draws every point's noise by its index: small clean batches, so partitions can be small
        return !certifier.certifiesModel() ? SMALL_BATCH : Math.min(Math.max(1, certifier.pointsPerCall(config)), 500);
    }

    /** Clean and figure batches of sampling methods (a padded pass has 16 rows anyway). */
    static final int SMALL_BATCH = 16;

    /** Points per call of the method's figures (at most 100: they hold every layer's bounds). */
    private int figureBatch() {
        return !certifier.certifiesModel() ? SMALL_BATCH : Math.max(1, Math.min(config.batchSize(), 100));
    }

    /**
     * The multiple of point indices at which a partial run ({@link #run(Classifier, Dataset, int[])}) must start
     * and end so that every batch it passes to the model (clean pass, certificates, figures) is a batch of the
     * whole run, and its results are bit for bit those of the whole run: for bound methods the least common
     * multiple of the three batch sizes; for smoothing the clean batch (its certificates are per point). (Elsewhere, results can differ from the whole run's in the last bits of float arithmetic.)
     */
    public int alignment() {
        if (!certifier.certifiesModel()) {
            return SMALL_BATCH; // its certificates are per point (noise keyed by the index), whatever the batch
        }
        long a = lcm(lcm(cleanBatch(), Math.max(1, certifier.pointsPerCall(config))), figureBatch());
        return (int) Math.min(a, Integer.MAX_VALUE);
    }

    private static long lcm(long a, long b) {
        long x = a;
        long y = b;
        while (y != 0) {
            long t = x % y;
            x = y;
            y = t;
        }
        return a / x * b;
    }

    /**
     * The clean pass over the points, in batches cut at multiples of {@link #cleanBatch()} of the whole data
     * set's indices, so that a partial run's points are seen in sub-batches of the whole run's.
     */
    private CleanEvaluation.Result cleanPass(Classifier model, Dataset data, int[] pts) {
        int n = pts.length;
        int k = model.numClasses();
        boolean[] correct = new boolean[n];
        int[] pred = new int[n];
        float[] conf = new float[n];
        boolean probs = true;
        double seconds = 0;
        int at = 0;
        int cb = cleanBatch();
        for (int[] chunk : aligned(pts, cb)) {
            CleanEvaluation.Result r = CleanEvaluation.run(model, data.subset(chunk), cb, null);
            System.arraycopy(r.correct(), 0, correct, at, chunk.length);
            System.arraycopy(r.predictions(), 0, pred, at, chunk.length);
            System.arraycopy(r.confidence(), 0, conf, at, chunk.length);
            probs = probs && r.probabilities();
            seconds += r.seconds();
            at += chunk.length;
        }
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) labels[i] = data.label(pts[i]);
        return CleanEvaluation.result(labels, correct, pred, conf, k, seconds, probs);
    }

    /** Increasing indices within {@code [0, size)}, or an {@link InvalidInputException}. */
    private static int[] checkedPoints(int[] points, int size) {
        for (int k = 0; k < points.length; k++) {
            if (points[k] < 0 || points[k] >= size || (k > 0 && points[k] <= points[k - 1])) {
                throw new InvalidInputException("the points to certify must be increasing indices below " + size
                        + ", got " + points[k] + (k > 0 ? " after " + points[k - 1] : ""));
            }
        }
        if (points.length == 0) {
            throw new InvalidInputException("no points to certify");
        }
        return points.clone();
    }

    /**
     * Increasing indices cut into batches at multiples of {@code per} of the whole data set's indices (not of
     * their positions here), so that any part of the data set is certified in sub-batches of the whole run's.
     */
    static List<int[]> aligned(int[] idx, int per) {
        List<int[]> out = new ArrayList<>();
        int k = 0;
        while (k < idx.length) {
            int j = k;
            while (j + 1 < idx.length && idx[j + 1] / per == idx[k] / per) j++;
            out.add(Arrays.copyOfRange(idx, k, j + 1));
            k = j + 1;
        }
        return out;
    }

    /**
     * The certifier's figures about the model (e.g. IBP tightness) at each point and ε, by name (a figure's
     * array has one entry per ε, for every point in order). They are cheap beside the certificates and not
     * checkpointed: a resumed run measures them again.
     */
    private Map<String, List<double[]>> pointFigures(Classifier model, Dataset data, int[] pts) {
        Map<String, List<double[]>> out = new LinkedHashMap<>();
        int k = config.eps().size();
        int done = 0;
        for (int[] pos : aligned(pts, figureBatch())) {
            int[] labels = new int[pos.length];
            for (int j = 0; j < pos.length; j++) labels[j] = data.label(pos[j]);
            for (int e = 0; e < k; e++) {
                try (NDManager scope = model.manager().newSubManager()) {
                    NDArray x = data.batch(scope, pos);
                    Map<String, double[]> got = certifier.pointFigures(model, x, labels, config.eps().get(e), config);
                    for (Map.Entry<String, double[]> f : got.entrySet()) {
                        List<double[]> per = out.computeIfAbsent(f.getKey(), key -> {
                            List<double[]> l = new ArrayList<>();
                            for (int i = 0; i < pts.length; i++) l.add(new double[k]);
                            return l;
                        });
                        for (int j = 0; j < pos.length; j++) per.get(done + j)[e] = f.getValue()[j];
                    }
                }
            }
            done += pos.length;
        }
        return out;
    }

    /**
     * The mean of each figure over the points at each ε, summed in index order, so that the figures of merged
     * partial runs come out bit for bit as those of one run.
     */
    public static Map<String, List<Double>> meanFigures(Map<String, List<double[]>> perPoint, int epsCount) {
        Map<String, List<Double>> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<double[]>> f : perPoint.entrySet()) {
            double[] s = new double[epsCount];
            for (double[] v : f.getValue()) {
                for (int e = 0; e < epsCount; e++) s[e] += v[e];
            }
            int n = f.getValue().size();
            List<Double> means = new ArrayList<>();
            for (double v : s) means.add(n == 0 ? 0 : v / n);
            out.put(f.getKey(), means);
        }
        return out;
    }

    private boolean certifiedFirst(PointCertificate c) {
        if (c.prediction() != c.label() || c.prediction() < 0) return false;
        return c.verified().isEmpty() ? c.radius() >= config.eps().get(0) : c.verified().get(0);
    }

    /** What the certifier returned must fit the batch it was given; anything else is a bug in it. */
    private void checkBatch(List<PointCertificate> got, int[] pos, int[] labels, int classes,
            CleanEvaluation.Result clean, Map<Integer, Integer> position) {
        String who = "certifier " + certifier.name();
        if (got == null || got.size() != pos.length) {
            throw new IllegalStateException(who + " returned " + (got == null ? "null" : got.size() + " certificates")
                    + " for a batch of " + pos.length + " points");
        }
        int k = config.eps().size();
        for (int j = 0; j < pos.length; j++) {
            PointCertificate c = got.get(j);
            if (c.index() != pos[j] || c.label() != labels[j]) {
                throw new IllegalStateException(who + " returned the certificate of point " + c.index() + " (label "
                        + c.label() + ") where point " + pos[j] + " (label " + labels[j] + ") was expected");
            }
            if (c.prediction() < -1 || c.prediction() >= classes) {
                throw new IllegalStateException(who + " predicted class " + c.prediction() + " for point " + pos[j]
                        + "; the model has " + classes + " classes");
            }
            if (Double.isNaN(c.radius()) || c.radius() < 0) {
                throw new IllegalStateException(who + " gave point " + pos[j] + " the radius " + c.radius());
            }
            if ((!c.verified().isEmpty() && c.verified().size() != k)
                    || (!c.marginLowerBounds().isEmpty() && c.marginLowerBounds().size() != k)) {
                throw new IllegalStateException(who + " gave point " + pos[j] + " " + c.verified().size()
                        + " verified flags and " + c.marginLowerBounds().size() + " margin bounds for " + k + " eps");
            }
            if (certifier.certifiesModel() && !clean.correct()[position.get(pos[j])]) {
                for (int e = 0; e < c.verified().size(); e++) {
                    if (c.verified().get(e)) {
                        throw new IllegalStateException(who + " verified point " + pos[j] + " at eps "
                                + config.eps().get(e) + ", but the model misclassifies it unperturbed (prediction "
                                + clean.predictions()[position.get(pos[j])] + ", label " + labels[j] + "): a bug in the certifier");
                    }
                }
            }
        }
    }

    /**
     * The identity of this run, stored in its state file: a SHA-256 of the canonical JSON of model, data,
     * method and configuration, the same in every JVM.
     */
    String fingerprint(Classifier model, Dataset data) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("model", model.sha256() + "/" + model.source());
        f.put("data", data.files());
        f.put("data_name", data.name() + "/" + data.split() + "/" + data.size());
        f.put("labels", Hashes.sha256(Json.write(data.labels()).getBytes(StandardCharsets.UTF_8)));
        f.put("method", certifier.name());
        f.put("config", config);
        return Hashes.sha256(Json.canonical(f).getBytes(StandardCharsets.UTF_8));
    }
}
