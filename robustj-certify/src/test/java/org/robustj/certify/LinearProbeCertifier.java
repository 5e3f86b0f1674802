package org.robustj.certify;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.robustj.model.Classifier;
import org.robustj.threat.Norm;

/**
 * A test-only certifier that is exact in closed form for affine models (logits = W·flatten(x) + b, such as
 * testkit's {@code LinearClassifier} or an {@code mlp} with no hidden layer). It reads W and b by probing
 * the model at 0 and at every unit vector, so it needs no layer graph, then bounds each margin over the
 * ε-ball: min z_y − z_j = (z_y − z_j)(x) − ε·‖w_y − w_j‖_q with q the dual norm. Ignoring the box [0, 1] only
 * enlarges the set, so the bound is sound, and exact wherever the box does not bind.
 *
 * <p>In {@link Mode#BOUNDS} it answers like a bound method (margin lower bounds and verified flags per ε);
 * in {@link Mode#RADIUS} like smoothing (a certified L2 radius: the exact distance to the nearest boundary,
 * which smoothing of a binary linear model certifies as n → ∞; no abstentions). A model that is not affine
 * is refused, so the certifier cannot silently certify a network it does not understand.
 */
public final class LinearProbeCertifier implements Certifier {
    /** Which kind of method to imitate. */
    public enum Mode { BOUNDS, RADIUS }

    private final String name;
    private final Mode mode;
    private final int perCall;
    /** Points seen, in order, over every call (for tests of batching and resumption). */
    public final List<Integer> seen = new ArrayList<>();

    public LinearProbeCertifier(String name, Mode mode, int pointsPerCall) {
        this.name = name;
        this.mode = mode;
        this.perCall = pointsPerCall;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean needsGraph() {
        return false;
    }

    @Override
    public boolean certifiesModel() {
        return mode == Mode.BOUNDS;
    }

    @Override
    public int pointsPerCall(CertifyConfig config) {
        return perCall > 0 ? perCall : config.batchSize();
    }

    @Override
    public List<PointCertificate> certify(Classifier model, NDArray x, int[] labels, int[] indices,
            CertifyConfig config) {
        long t0 = System.nanoTime();
        int n = labels.length;
        int k = model.numClasses();
        double[][] w;
        double[] b;
        float[] z;
        try (NDManager scope = x.getManager().newSubManager()) {
            Shape sample = model.inputShape();
            int d = (int) sample.size();
            float[] probes = new float[(d + 1) * d];
            for (int j = 0; j < d; j++) probes[(j + 1) * d + j] = 1f;
            long[] dims = new long[sample.dimension() + 1];
            dims[0] = d + 1;
            for (int i = 0; i < sample.dimension(); i++) dims[i + 1] = sample.get(i);
            float[] out = model.logits(scope.create(probes, new Shape(dims))).toFloatArray();
            b = new double[k];
            w = new double[k][d];
            for (int c = 0; c < k; c++) {
                b[c] = out[c];
                for (int j = 0; j < d; j++) w[c][j] = out[(j + 1) * k + c] - out[c];
            }
            z = model.logits(x).toFloatArray();
            float[] xs = x.toFloatArray();
            // refuse a model that is not affine: the probed map must reproduce the logits
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < k; c++) {
                    double v = b[c];
                    for (int j = 0; j < d; j++) v += w[c][j] * xs[i * d + j];
                    if (Math.abs(v - z[i * k + c]) > 1e-3 * (1 + Math.abs(z[i * k + c]))) {
                        throw new IllegalArgumentException(name + " certifies affine models only; "
                                + model.source() + " is not affine");
                    }
                }
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9 / n;
        Norm dual = config.norm().dual();
        List<PointCertificate> res = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            seen.add(indices[i]);
            int y = labels[i];
            int pred = 0;
            for (int c = 1; c < k; c++) if (z[i * k + c] > z[i * k + pred]) pred = c;
            double[] margin = new double[k];
            double[] dualNorm = new double[k];
            double distance = Double.POSITIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                if (c == y) continue;
                float[] dw = new float[w[c].length];
                for (int j = 0; j < dw.length; j++) dw[j] = (float) (w[y][j] - w[c][j]);
                margin[c] = z[i * k + y] - z[i * k + c];
                dualNorm[c] = dual.of(dw);
                distance = Math.min(distance, margin[c] / dualNorm[c]);
            }
            if (mode == Mode.RADIUS) {
                double r = pred == y ? Math.max(0, distanceL2(w, z, i, k, y)) : 0;
                res.add(new PointCertificate(indices[i], y, pred, r, List.of(), List.of(), seconds));
                continue;
            }
            List<double[]> lower = new ArrayList<>();
            List<Boolean> verified = new ArrayList<>();
            double largest = 0;
            for (double eps : config.eps()) {
                double[] lb = new double[k];
                boolean ok = true;
                for (int c = 0; c < k; c++) {
                    if (c == y) continue;
                    lb[c] = margin[c] - eps * dualNorm[c];
                    ok &= lb[c] > 0;
                }
                lower.add(lb);
                verified.add(ok);
                if (ok) largest = Math.max(largest, eps);
            }
            res.add(new PointCertificate(indices[i], y, pred, largest, lower, verified, seconds));
        }
        return res;
    }

    private static double distanceL2(double[][] w, float[] z, int i, int k, int y) {
        double best = Double.POSITIVE_INFINITY;
        for (int c = 0; c < k; c++) {
            if (c == y) continue;
            double s = 0;
            for (int j = 0; j < w[c].length; j++) s += (w[y][j] - w[c][j]) * (w[y][j] - w[c][j]);
            best = Math.min(best, (z[i * k + y] - z[i * k + c]) / Math.sqrt(s));
        }
        return best;
    }
}
