package org.robustj.certify.bounds;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.robustj.certify.Certifier;
import org.robustj.certify.CertifyConfig;
import org.robustj.certify.PointCertificate;
import org.robustj.errors.InvalidInputException;
import org.robustj.model.Capabilities;
import org.robustj.model.Classifier;
import org.robustj.model.graph.LayerGraph;

/**
 * The common part of the bound certifiers: per point and requested ε, a lower bound of every margin
 * z_y − z_j over the ε-ball ∩ [0, 1], and whether all are positive. The prediction is the clean argmax; a
 * misclassified point is never verified.
 *
 * <p>Two sound tightenings keep the reported figures consistent: CROWN-based bounds are raised to the IBP
 * bound where IBP is tighter (both are valid lower bounds), and a lower bound found at a larger ε is valid at
 * every smaller one (the ball shrinks), so each ε reports the best bound of all requested radii ≥ it. Hence
 * verified at ε implies verified at every smaller requested ε.
 *
 * <p>Bounds are propagated in double precision (a float64 copy of the graph, input and specification): in
 * float32 the rounding of tens of thousands of products can move a bound by 1e-5 or more, enough to call a
 * margin of −1e-6 positive; in float64 the same rounding is ~1e-13, far below any margin that matters.
 */
public abstract class BoundCertifier implements Certifier {
    private final Bounds.Method method;
    private final BoundOptions options;

    protected BoundCertifier(Bounds.Method method, BoundOptions options) {
        this.method = method;
        this.options = options;
    }

    @Override
    public String name() {
        return method.id();
    }

    @Override
    public boolean needsGraph() {
        return true;
    }

    /**
     * The model's layer graph, or the error a bound method gives for a model that declares none ({@link
     * Capabilities#graph}: opaque TorchScript or a query-only model, with the way out and smoothing).
     */
    public static LayerGraph graphOf(Classifier model) {
        return Capabilities.graph(model, "bound propagation", Certifier.LOGITS_ONLY_ALTERNATIVE);
    }

    @Override
    public List<PointCertificate> certify(Classifier model, NDArray x, int[] labels, int[] indices,
            CertifyConfig config) {
        LayerGraph graph = graphOf(model);
        for (double e : config.eps()) {
            if (!(e >= 0) || Double.isInfinite(e)) {
                throw new InvalidInputException("eps must be finite and ≥ 0, got " + e);
            }
        }
        int n = labels.length;
        int k = model.numClasses();
        int ne = config.eps().size();
        long start = System.nanoTime();
        int[] prediction = new int[n];
        double[][][] lower = new double[ne][n][];
        try (NDManager scope = x.getManager().newSubManager()) {
            NDArray xs = x.duplicate();
            xs.attach(scope);
            prediction = argmax(model.logits(xs).toFloatArray(), n, k);
            LayerGraph graph64 = graph.toType(DataType.FLOAT64, scope);
            NDArray xs64 = xs.toType(DataType.FLOAT64, false);
            int step = onePointAtATime() ? 1 : Math.max(1, config.batchSize());
            for (int from = 0; from < n; from += step) {
                int to = Math.min(n, from + step);
                try (NDManager batch = scope.newSubManager()) {
                    NDArray xb = xs64.get(from + ":" + to);
                    xb.attach(batch);
                    NDArray c = Bounds.marginSpec(batch, Arrays.copyOfRange(labels, from, to), k)
                            .toType(DataType.FLOAT64, false);
                    for (int e = 0; e < ne; e++) {
                        InputSet set = new InputSet(xb, config.norm(), config.eps().get(e));
                        double[] lb = bound(graph64, set, c);
                        for (int p = from; p < to; p++) {
                            lower[e][p] = new double[k - 1];
                            for (int j = 0; j < k - 1; j++) lower[e][p][j] = lb[(p - from) * (k - 1) + j];
                        }
                    }
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9 / Math.max(1, n);
        Integer[] order = new Integer[ne];
        for (int e = 0; e < ne; e++) order[e] = e;
        Arrays.sort(order, (a, b) -> Double.compare(config.eps().get(b), config.eps().get(a)));
        List<PointCertificate> out = new ArrayList<>(n);
        for (int p = 0; p < n; p++) {
            double[] best = null;
            double[][] perEps = new double[ne][];
            for (int e : order) {
                double[] lb = lower[e][p].clone();
                if (best != null) for (int j = 0; j < lb.length; j++) lb[j] = Math.max(lb[j], best[j]);
                best = lb;
                perEps[e] = lb;
            }
            List<double[]> margins = new ArrayList<>(ne);
            List<Boolean> verified = new ArrayList<>(ne);
            double radius = 0;
            for (int e = 0; e < ne; e++) {
                double[] full = new double[k];
                boolean ok = prediction[p] == labels[p];
                for (int j = 0; j < k - 1; j++) {
                    full[Bounds.marginClass(labels[p], j)] = perEps[e][j];
                    ok &= perEps[e][j] > 0;
                }
                margins.add(full);
                verified.add(ok);
                if (ok) radius = Math.max(radius, config.eps().get(e));
            }
            out.add(new PointCertificate(indices[p], labels[p], prediction[p], radius, margins, verified, seconds));
        }
        return out;
    }

    /** Lower bounds of the margin rows for one batch and ε, N×(K−1) flattened. */
    private double[] bound(LayerGraph graph, InputSet set, NDArray c) {
        NDArray lb = Bounds.lower(graph, set, c, Bounds.Method.IBP, options);
        if (method != Bounds.Method.IBP) {
            lb = Bounds.lower(graph, set, c, method, options).maximum(lb);
        }
        return lb.toType(DataType.FLOAT64, false).toDoubleArray();
    }

    /** Full CROWN methods certify one point per call (their intermediate bounds are per point and large). */
    private boolean onePointAtATime() {
        return method == Bounds.Method.CROWN || method == Bounds.Method.ALPHA_CROWN;
    }

    private static int[] argmax(float[] logits, int n, int k) {
        int[] r = new int[n];
        for (int p = 0; p < n; p++) {
            int best = 0;
            for (int j = 1; j < k; j++) if (logits[p * k + j] > logits[p * k + best]) best = j;
            r[p] = best;
        }
        return r;
    }
}
