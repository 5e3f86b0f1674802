package org.robustj.attack.universal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.robustj.model.Classifier;
import org.robustj.model.RowInvariant;
import org.robustj.tensor.Gradients;
import org.robustj.threat.ThreatModel;

/**
 * DeepFool (Moosavi-Dezfooli, Fawzi &amp; Frossard, CVPR 2016, arXiv 1511.04599), the L2 version that the
 * universal-perturbation reference ({@code LTS4/universal:python/deepfool.py}) runs for its inner steps: from
 * x, linearise the logits of the {@code candidates} classes ranked highest at x, step to the nearest linearised
 * boundary, r_i = |f_k| / ‖w_k‖ · w_k / ‖w_k‖ with w_k = ∇f_k − ∇f_label, accumulate r, and query
 * x + (1 + overshoot)·r until the predicted class changes or {@code maxIterations} steps; the result is
 * (1 + overshoot)·r. The model sees the threat model's box: DeepFool runs on r ↦ f(clip(x + r)), so a coordinate
 * that r has pushed outside the box gets no gradient and later steps move the others (without it, on MNIST, whose
 * pixels are mostly exactly 0 or 1, each step would again spend most of its length outside the box and DeepFool
 * would rarely cross within 10 steps); r itself is not clipped. On a linear model and an interior x the first step
 * lands exactly on the boundary, so the result is the minimal L2 perturbation times (1 + overshoot).
 */
public final class DeepFool {
    private DeepFool() {}

    /**
     * One DeepFool run.
     *
     * @param perturbation (1 + overshoot)·r, flattened like the input
     * @param iterations steps taken (0 when the model already predicted another class: never here)
     * @param label the class predicted at the starting point
     * @param finalLabel the class predicted at x + perturbation (clipped to the box)
     * @param modelCalls inputs passed through the model
     */
    public record Step(float[] perturbation, int iterations, int label, int finalLabel, long modelCalls) {
        /** Whether the predicted class changed. */
        public boolean fooled() {
            return finalLabel != label;
        }
    }

    /**
     * DeepFool from one input.
     *
     * @param x one input, flattened (values in the box)
     * @param candidates how many of the top-ranked classes are linearised (the reference's {@code num_classes},
     *     10); at most the model's classes
     * @param overshoot the reference's 0.02
     * @param maxIterations the reference's 10 inside the universal perturbation
     */
    public static Step run(Classifier model, float[] x, ThreatModel box, int candidates, double overshoot,
            int maxIterations) {
        Shape sample = model.inputShape();
        int d = x.length;
        long calls = 0;
        try (NDManager scope = model.manager().newSubManager()) {
            float[] z0 = logits(model, scope, x, sample);
            calls++;
            int k = Math.min(candidates, z0.length);
            int[] order = ranking(z0, k);
            int label = order[0];
            float[] mask = new float[k * z0.length];
            for (int j = 0; j < k; j++) mask[j * z0.length + order[j]] = 1;
            NDArray pick = scope.create(mask, new Shape(k, z0.length));
            double[] rTot = new double[d];
            float[] pert = x.clone();
            int current = label;
            int it = 0;
            while (current == label && it < maxIterations) {
                // the gradients of the k ranked logits at pert: row j of a k-row batch differentiates logit order[j]
                float[] rows = new float[k * d];
                for (int j = 0; j < k; j++) System.arraycopy(pert, 0, rows, j * d, d);
                float[] g;
                float[] f;
                try (NDManager step = scope.newSubManager()) {
                    NDArray xs = step.create(rows, Perturbations.batchShape(k, sample));
                    try (Gradients.ValueAndGradient vg = Gradients.of(xs, xx -> {
                        // the model sees the box: coordinates pushed outside it get no gradient, so the next
                        // step spends the distance where it can still change the input
                        NDArray z = RowInvariant.logits(model, xx.clip(box.lower(), box.upper()));
                        return new NDList(z.mul(pick).sum(new int[] {1}), z);
                    })) {
                        g = vg.gradient().toFloatArray();
                        f = vg.aux().get(0).get(0).toFloatArray();
                    }
                }
                calls += k;
                double best = Double.POSITIVE_INFINITY;
                double[] w = null;
                for (int j = 1; j < k; j++) {
                    double[] wk = new double[d];
                    double nn = 0;
                    for (int i = 0; i < d; i++) {
                        wk[i] = (double) g[j * d + i] - g[i];
                        nn += wk[i] * wk[i];
                    }
                    double fk = (double) f[order[j]] - f[order[0]];
                    double pk = nn == 0 ? Double.POSITIVE_INFINITY : Math.abs(fk) / Math.sqrt(nn);
                    if (pk < best) {
                        best = pk;
                        w = wk;
                    }
                }
                if (w == null) {
                    break; // every difference of gradients is zero: no boundary to step to
                }
                double wn = 0;
                for (double c : w) wn += c * c;
                wn = Math.sqrt(wn);
                for (int i = 0; i < d; i++) rTot[i] += best * w[i] / wn;
                for (int i = 0; i < d; i++) pert[i] = (float) (x[i] + (1 + overshoot) * rTot[i]);
                it++;
                current = argmax(logits(model, scope, Perturbations.apply(pert, new float[d], box), sample));
                calls++;
            }
            float[] r = new float[d];
            for (int i = 0; i < d; i++) r[i] = (float) ((1 + overshoot) * rTot[i]);
            return new Step(r, it, label, current, calls);
        }
    }

    private static float[] logits(Classifier model, NDManager scope, float[] x, Shape sample) {
        try (NDManager s = scope.newSubManager()) {
            return RowInvariant.logits(model, s.create(x, Perturbations.batchShape(1, sample))).toFloatArray();
        }
    }

    /** The indices of the k largest logits, largest first (ties: the lower index first, as a stable sort). */
    static int[] ranking(float[] z, int k) {
        Integer[] idx = new Integer[z.length];
        for (int i = 0; i < idx.length; i++) idx[i] = i;
        java.util.Arrays.sort(idx, (a, b) -> Float.compare(z[b], z[a]));
        int[] out = new int[k];
        for (int i = 0; i < k; i++) out[i] = idx[i];
        return out;
    }

    static int argmax(float[] z) {
        int best = 0;
        for (int j = 1; j < z.length; j++) if (z[j] > z[best]) best = j;
        return best;
    }
}
