package org.robustj.diagnose.sharpness;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;
import org.robustj.provenance.Seeds;
import org.robustj.threat.Norm;

/**
 * Worst-case and average-case sharpness of a loss in weight space, m-sharpness over disjoint batches, adaptive
 * or not (Andriushchenko, Croce, Müller, Hein, Flammarion, ICML 2023, arXiv 2302.07011; the algorithms of
 * tml-epfl/sharpness-vs-generalization {@code sharpness.py}, restated):
 *
 * <ul>
 *   <li>average-case: S = E_batch E_δ [L(w + δ) − L(w)], δ = ρ·c ⊙ z, z ~ N(0, I) (ℓ2) or U[−1, 1] (ℓ∞), with
 *       {@code iterations} draws per batch ({@code eval_average_sharpness});
 *   <li>worst-case: S = E_batch max_{‖δ ⊙ c⁻¹‖_p ≤ ρ} L(w + δ) − L(w), the maximum found by APGD in weight
 *       space ({@code eval_APGD_sharpness}): first step 2ρ; ℓ∞ steps δ += η·sign(g)·c, ℓ2 steps
 *       δ += η·g·c/‖g‖₂; projection onto the box ±ρc, the sphere (c = 1) or the ellipsoid ‖δ/|w|‖₂ ≤ ρ
 *       (bisection on the Lagrange multiplier); momentum δ ← 0.75·δ_new + 0.25·δ_prev; the best loss is kept;
 *       at the checkpoints 0.22, then p_{j+1} = p_j + max(p_j − p_{j−1} − 0.03, 0.06) of the iterations the
 *       step is halved when fewer than 75 % of the steps since the last checkpoint improved the best loss, or
 *       when neither the step nor the best loss changed;
 * </ul>
 *
 * where c = |w| (adaptive) or 1. Two deliberate differences from the reference, both in the APGD restart: when
 * the step is halved the search continues from the best δ found (the reference reloads the best weights into
 * the model but keeps its perturbation variable, so only the next gradient is taken there), and a random start
 * is projected onto the set (the reference's ℓ2 random start is not; its random start also fails to run, a
 * stray comma making the initialiser a tuple). Coordinates with w = 0 cannot move under adaptive scaling.
 */
public final class Sharpness {
    private static final double MOMENTUM = 0.75;
    private static final double MIN_UPDATE_RATIO = 0.75;

    private Sharpness() {}

    /**
     * Measures the sharpness of a model's cross-entropy on n points (the reference uses 1,024 training points),
     * restoring its weights afterwards.
     *
     * @param x n×d input values in [0, 1]
     * @param y n labels
     * @param progress receives the number of batches done (may be null)
     * @throws org.robustj.errors.MissingCapabilityException when the model's weights are not reachable
     */
    public static SharpnessResult measure(org.robustj.model.Classifier model, float[] x, int[] y,
            SharpnessConfig cfg, IntConsumer progress) {
        try (ModelObjective f = ModelObjective.of(model, x, y, cfg.batchSize(), cfg.normalizeLogits())) {
            return measure(f, cfg, progress);
        }
    }

    /**
     * Measures the sharpness of an objective.
     *
     * @param progress receives the number of batches done (may be null)
     */
    public static SharpnessResult measure(WeightObjective f, SharpnessConfig cfg, IntConsumer progress) {
        double[] w0 = f.weights();
        double[] c = scale(w0, cfg.adaptive());
        int nb = f.batches();
        double[] per = new double[nb];
        double sumInc = 0;
        double sumErrInc = 0;
        double sumLoss = 0;
        double sumErr = 0;
        double maxNorm = 0;
        for (int b = 0; b < nb; b++) {
            WeightObjective.Value init = f.evaluate(b, w0, false);
            double[] out = cfg.kind() == SharpnessConfig.Kind.AVERAGE ? average(f, b, w0, c, cfg)
                    : worst(f, b, w0, c, cfg, init);
            per[b] = out[0] - init.loss();
            sumInc += per[b];
            sumErrInc += out[1] - init.error();
            sumLoss += init.loss();
            sumErr += init.error();
            maxNorm = Math.max(maxNorm, out[2]);
            if (progress != null) progress.accept(b + 1);
        }
        return new SharpnessResult(cfg.algorithm(), cfg, sumInc / nb, sumErrInc / nb, sumLoss / nb, sumErr / nb,
                maxNorm, per);
    }

    /** c = |w| (adaptive) or 1. */
    static double[] scale(double[] w, boolean adaptive) {
        double[] c = new double[w.length];
        for (int i = 0; i < w.length; i++) c[i] = adaptive ? Math.abs(w[i]) : 1;
        return c;
    }

    /** Mean loss and error over the draws δ = ρ·c ⊙ z; {loss, error, 0}. */
    private static double[] average(WeightObjective f, int b, double[] w0, double[] c, SharpnessConfig cfg) {
        double loss = 0;
        double err = 0;
        double[] w = new double[w0.length];
        for (int it = 0; it < cfg.iterations(); it++) {
            SplittableRandom rng = Seeds.rng(cfg.seed(), "sharpness/average/" + b + "/" + it);
            for (int i = 0; i < w.length; i++) w[i] = w0[i] + cfg.rho() * c[i] * draw(rng, cfg.norm());
            WeightObjective.Value v = f.evaluate(b, w, false);
            loss += v.loss();
            err += v.error();
        }
        return new double[] {loss / cfg.iterations(), err / cfg.iterations(), 0};
    }

    private static double draw(SplittableRandom rng, Norm norm) {
        if (norm == Norm.LINF) return 2 * rng.nextDouble() - 1;
        double u = 1 - rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextDouble());
    }

    /** The iterations after which APGD may halve its step (the reference's {@code version='default'}). */
    static List<Integer> checkpoints(int n) {
        List<Double> p = new ArrayList<>(List.of(0.0, 0.22));
        List<Integer> w = new ArrayList<>(List.of(0, (int) Math.ceil(n * 0.22)));
        while (w.get(w.size() - 1) < n && !w.get(w.size() - 1).equals(w.get(w.size() - 2))) {
            double last = p.get(p.size() - 1);
            double prev = p.get(p.size() - 2);
            p.add(last + Math.max(last - prev - 0.03, 0.06));
            w.add((int) Math.ceil(p.get(p.size() - 1) * n));
        }
        return w.subList(1, w.size());
    }

    /** APGD in weight space on batch b; {worst loss, its error, ‖δ‖₂}. */
    private static double[] worst(WeightObjective f, int b, double[] w0, double[] c, SharpnessConfig cfg,
            WeightObjective.Value init) {
        int d = w0.length;
        double rho = cfg.rho();
        double[] delta = new double[d];
        if (cfg.randomInit()) {
            SplittableRandom rng = Seeds.rng(cfg.seed(), "sharpness/worst-start/" + b);
            for (int i = 0; i < d; i++) delta[i] = rho * c[i] * draw(rng, cfg.norm());
            project(delta, c, rho, cfg.norm(), cfg.adaptive());
        }
        double[] prev = delta.clone();
        double[] bestDelta = delta.clone();
        double best = init.loss();
        double bestErr = init.error();
        double prevBest = best;
        double step = 2 * rho * cfg.stepSizeMultiplier();
        double prevStep = step;
        int prevCheckpoint = 0;
        int updates = 0;
        List<Integer> checks = checkpoints(cfg.iterations());
        double[] w = new double[d];
        for (int it = 0; it < cfg.iterations(); it++) {
            for (int i = 0; i < d; i++) w[i] = w0[i] + delta[i];
            double[] g = f.evaluate(b, w, true).gradient();
            double[] backup = delta.clone();
            if (cfg.norm() == Norm.L2) {
                double gn = 0;
                for (double v : g) gn += v * v;
                double k = step / (Math.sqrt(gn) + 1e-12);
                for (int i = 0; i < d; i++) delta[i] += k * g[i] * c[i];
            } else {
                for (int i = 0; i < d; i++) delta[i] += step * Math.signum(g[i]) * c[i];
            }
            project(delta, c, rho, cfg.norm(), cfg.adaptive());
            for (int i = 0; i < d; i++) delta[i] = MOMENTUM * delta[i] + (1 - MOMENTUM) * prev[i];
            prev = backup;
            for (int i = 0; i < d; i++) w[i] = w0[i] + delta[i];
            WeightObjective.Value v = f.evaluate(b, w, false);
            if (v.loss() > best) {
                best = v.loss();
                bestErr = v.error();
                bestDelta = delta.clone();
                updates++;
            }
            if (checks.contains(it)) {
                boolean fewUpdates = updates < MIN_UPDATE_RATIO * (it - prevCheckpoint);
                boolean stalled = prevStep == step && prevBest == best;
                prevStep = step;
                prevBest = best;
                prevCheckpoint = it;
                updates = 0;
                if (fewUpdates || stalled) {
                    step *= 0.5;
                    delta = bestDelta.clone();
                }
            }
        }
        double norm = 0;
        for (double v : bestDelta) norm += v * v;
        return new double[] {best, bestErr, Math.sqrt(norm)};
    }

    /** Projects δ onto {‖δ ⊙ c⁻¹‖_p ≤ ρ} in place (c = |w| adaptive, 1 otherwise). */
    static void project(double[] delta, double[] c, double rho, Norm norm, boolean adaptive) {
        if (norm == Norm.LINF) {
            for (int i = 0; i < delta.length; i++) {
                double lim = rho * c[i];
                delta[i] = Math.max(-lim, Math.min(lim, delta[i]));
            }
            return;
        }
        if (!adaptive) {
            double n = 0;
            for (double v : delta) n += v * v;
            n = Math.sqrt(n);
            if (n > rho) for (int i = 0; i < delta.length; i++) delta[i] *= rho / n;
            return;
        }
        // ellipsoid: argmin ‖u − δ‖² s.t. ‖u/c‖ ≤ ρ is u_i = δ_i / (1 + λ/c_i²), λ ≥ 0 found by bisection
        for (int i = 0; i < delta.length; i++) if (c[i] == 0) delta[i] = 0;
        if (weightedNorm(delta, c, 0) <= rho) return;
        double lo = 0;
        double hi = 1;
        while (weightedNorm(delta, c, hi) > rho) hi *= 2;
        for (int k = 0; k < 200 && hi - lo > 1e-15 * Math.max(1, hi); k++) {
            double mid = 0.5 * (lo + hi);
            if (weightedNorm(delta, c, mid) > rho) lo = mid;
            else hi = mid;
        }
        for (int i = 0; i < delta.length; i++) {
            if (c[i] > 0) delta[i] = delta[i] / (1 + hi / (c[i] * c[i]));
        }
    }

    /** ‖u/c‖₂ for u_i = δ_i / (1 + λ/c_i²) (coordinates with c = 0 are 0). */
    private static double weightedNorm(double[] delta, double[] c, double lambda) {
        double s = 0;
        for (int i = 0; i < delta.length; i++) {
            if (c[i] == 0) continue;
            double u = delta[i] / (1 + lambda / (c[i] * c[i])) / c[i];
            s += u * u;
        }
        return Math.sqrt(s);
    }
}
