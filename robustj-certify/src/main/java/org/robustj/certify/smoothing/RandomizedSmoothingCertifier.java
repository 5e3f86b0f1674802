package org.robustj.certify.smoothing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.robustj.certify.Certifier;
import org.robustj.certify.CertifyConfig;
import org.robustj.certify.PointCertificate;
import org.robustj.errors.InvalidInputException;
import org.robustj.model.Classifier;
import org.robustj.provenance.Seeds;
import org.robustj.tensor.Engines;
import org.robustj.threat.Norm;

/**
 * Randomized smoothing (Cohen, Rosenfeld and Kolter 2019, arXiv 1902.02918): certifies the smoothed classifier
 * g(x) = argmax_c P(f(x + δ) = c), δ ~ N(0, σ²I), within an L2 ball. Threat model: L2 only. Inputs N×… in
 * [0, 1]; the noise is added in that pixel space and not clipped, as in the reference (locuslab/smoothing
 * {@code core.py}, whose defaults are {@link SmoothingConfig#defaults}).
 *
 * <ul>
 *   <li>{@link #certify}: n0 selection samples pick the candidate class c_A; n fresh samples count n_A; p_A's
 *       one-sided (1 − α) Clopper–Pearson lower bound p̲ decides: abstain (class −1, radius 0) when p̲ < 1/2,
 *       else (c_A, σ·Φ⁻¹(p̲)). With probability ≥ 1 − α the class is g(x) and g is constant within the radius.
 *   <li>{@link #predict}: n samples; the two-sided binomial test of the top count against the runner-up at 1/2;
 *       abstain when its p-value exceeds α. The class differs from g(x) with probability ≤ α.
 * </ul>
 *
 * <p>Point i's noise in each phase (selection, estimation, prediction) and chunk of samples comes from a
 * generator seeded by (root seed, i, phase, chunk) alone, so a point's result does not depend on which batch it
 * came in, on the batch size of the forward passes or on threads, and repeats bit for bit. Sampling runs under
 * {@link Engines#forwardOnly} (oneDNN's faster convolutions; no gradient may be asked meanwhile).
 */
public final class RandomizedSmoothingCertifier implements Certifier {

    @Override
    public String name() {
        return "smoothing";
    }

    @Override
    public boolean needsGraph() {
        return false;
    }

    @Override
    public List<PointCertificate> certify(Classifier model, NDArray x, int[] labels, int[] indices,
            CertifyConfig config) {
        if (config.norm() != null && config.norm() != Norm.L2) {
            throw new InvalidInputException("randomized smoothing certifies L2 radii only, not " + config.norm());
        }
        List<PointCertificate> out = new ArrayList<>();
        for (SmoothingCertificate c : certify(model, x, labels, indices, SmoothingConfig.of(config))) {
            out.add(c.toPointCertificate());
        }
        return out;
    }

    /** {@code certify} for a batch of points, with the counts behind each certificate. */
    public List<SmoothingCertificate> certify(Classifier model, NDArray x, int[] labels, int[] indices,
            SmoothingConfig config) {
        float[][] points = points(model, x, indices);
        if (labels.length != points.length) {
            throw new InvalidInputException(labels.length + " labels for " + points.length + " points");
        }
        List<SmoothingCertificate> out = new ArrayList<>();
        try (NDManager scope = x.getManager().newSubManager()) {
            Engines.forwardOnly(() -> {
                for (int i = 0; i < points.length; i++) {
                    out.add(certifyPoint(model, points[i], labels[i], indices[i], config, scope));
                }
                return out;
            });
        }
        return out;
    }

    /** {@code predict} for a batch of points: the smoothed classifier's class or −1 (abstain). */
    public List<SmoothedPrediction> predict(Classifier model, NDArray x, int[] indices, SmoothingConfig config) {
        float[][] points = points(model, x, indices);
        List<SmoothedPrediction> out = new ArrayList<>();
        try (NDManager scope = x.getManager().newSubManager()) {
            Engines.forwardOnly(() -> {
                for (int i = 0; i < points.length; i++) {
                    out.add(predictPoint(model, points[i], indices[i], config, scope));
                }
                return out;
            });
        }
        return out;
    }

    private static SmoothingCertificate certifyPoint(Classifier model, float[] x, int label, int index,
            SmoothingConfig c, NDManager scope) {
        long start = System.nanoTime();
        long[] selection = NoiseSampler.counts(model, x, c.n0(), c.sigma(), c.batchSize(),
                chunk -> rng(c.seed(), "selection", index, chunk), scope);
        int candidate = NoiseSampler.argMax(selection);
        long[] estimation = NoiseSampler.counts(model, x, c.n(), c.sigma(), c.batchSize(),
                chunk -> rng(c.seed(), "estimation", index, chunk), scope);
        long nA = estimation[candidate];
        double pA = SmoothingStatistics.lowerConfidenceBound(nA, c.n(), c.alpha());
        boolean abstain = pA < 0.5;
        int prediction = abstain ? -1 : candidate;
        double radius = abstain ? 0.0 : SmoothingStatistics.radius(c.sigma(), pA);
        double seconds = (System.nanoTime() - start) / 1e9;
        return new SmoothingCertificate(index, label, prediction, radius, candidate, nA, c.n(), pA, seconds);
    }

    private static SmoothedPrediction predictPoint(Classifier model, float[] x, int index, SmoothingConfig c,
            NDManager scope) {
        long[] counts = NoiseSampler.counts(model, x, c.n(), c.sigma(), c.batchSize(),
                chunk -> rng(c.seed(), "prediction", index, chunk), scope);
        int top = NoiseSampler.argMax(counts);
        long second = 0;
        for (int k = 0; k < counts.length; k++) {
            if (k != top) second = Math.max(second, counts[k]);
        }
        double p = SmoothingStatistics.binomialPValue(counts[top], second);
        int prediction = p > c.alpha() ? -1 : top;
        return new SmoothedPrediction(index, prediction, top, counts[top], second, p);
    }

    /** The generator of point {@code index}'s noise in one phase and chunk: a function of these and the seed alone. */
    static SplittableRandom rng(long seed, String phase, int index, int chunk) {
        return Seeds.rng(seed, "smoothing/" + phase + "/" + index + "/" + chunk);
    }

    /** Checks shapes and range and copies each point out as a flat array. */
    private static float[][] points(Classifier model, NDArray x, int[] indices) {
        long[] shape = x.getShape().getShape();
        long[] sample = model.inputShape().getShape();
        if (shape.length != sample.length + 1
                || !Arrays.equals(Arrays.copyOfRange(shape, 1, shape.length), sample)) {
            throw new InvalidInputException("inputs shaped " + x.getShape() + " but the model takes N×"
                    + model.inputShape());
        }
        int n = (int) shape[0];
        if (indices.length != n) {
            throw new InvalidInputException(indices.length + " point indices for " + n + " points");
        }
        float[] all = x.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
        int d = n == 0 ? 0 : all.length / n;
        float[][] points = new float[n][];
        for (int i = 0; i < n; i++) {
            points[i] = Arrays.copyOfRange(all, i * d, (i + 1) * d);
            for (float v : points[i]) {
                if (!(v >= 0 && v <= 1)) {
                    throw new InvalidInputException("input of point " + indices[i] + " has value " + v
                            + " outside [0, 1]");
                }
            }
        }
        return points;
    }
}
