package org.robustj.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.robustj.errors.InvalidInputException;
import org.robustj.threat.Norm;

/**
 * A randomized defence by input noise ({@code noise:SIGMA:M:MODEL}): each prediction adds M independent Gaussian
 * draws N(0, σ²I) to the input, runs the wrapped model on each and returns the posterior predictive log p̄, p̄ the
 * mean of the M softmaxes ({@link RandomDraws#predictive}; the noisy inputs are not clipped to the box, as in
 * randomized smoothing). Declares {@link ModelCapability#RANDOMIZED}: row i's M noise draws come from its key
 * ({@link Classifier#logits(NDArray, long[])}), so attacks key them by point index and average their gradients
 * over fresh draws (EOT). Input gradients flow through the noise to the input; the layer graph is not offered,
 * since it would describe the noiseless model.
 *
 * <p>Shapes: x N×C×H×W (or N×D) in [0, 1] → logits N×K; the wrapped model sees N·M rows.
 */
public final class GaussianNoiseModel extends ForwardingClassifier {
    private final double sigma;
    private final int samples;
    private final String source;

    /**
     * The model with input noise; closing it closes {@code model}.
     *
     * @param sigma the noise's standard deviation, &gt; 0
     * @param samples M, the noise draws averaged per prediction, &gt;= 1
     * @param source how the user named it ({@code noise:0.5:8:zoo:mnist-cnn})
     */
    public GaussianNoiseModel(Classifier model, double sigma, int samples, String source) {
        super(model);
        if (!(sigma > 0 && Double.isFinite(sigma))) {
            throw new InvalidInputException("noise model " + source + ": SIGMA must be a number > 0, got " + sigma);
        }
        if (samples < 1) {
            throw new InvalidInputException("noise model " + source + ": the samples M must be >= 1, got " + samples);
        }
        this.sigma = sigma;
        this.samples = samples;
        this.source = source;
    }

    /** The noise's standard deviation σ. */
    public double sigma() {
        return sigma;
    }

    /** M, the noise draws averaged per prediction. */
    public int samples() {
        return samples;
    }

    @Override
    public NDArray logits(NDArray x) {
        return logits(x, RandomDraws.ofContent(x));
    }

    @Override
    public NDArray logits(NDArray x, long[] draws) {
        Shape shape = x.getShape();
        int n = (int) shape.get(0);
        if (draws.length != n) {
            throw new IllegalArgumentException(draws.length + " draw keys for a batch of " + n);
        }
        int d = (int) (shape.size() / Math.max(1, n));
        float[] noise = new float[n * samples * d];
        for (int i = 0; i < n; i++) {
            SplittableRandom r = new SplittableRandom(draws[i]);
            int base = i * samples * d;
            for (int j = 0; j < samples * d; j++) noise[base + j] = (float) (sigma * Norm.gaussian(r));
        }
        long[] dims = shape.getShape().clone();
        dims[0] = (long) n * samples;
        // rows i·M .. i·M+M−1 are the M noisy copies of row i
        NDArray copies = x.reshape(n, 1, d).repeat(1, samples).reshape(new Shape(dims));
        NDArray noisy = copies.add(x.getManager().create(noise, new Shape(dims)));
        NDArray z = inner.logits(noisy, RandomDraws.derive(repeatKeys(draws), 1));
        return RandomDraws.predictive(z, n, samples);
    }

    /** Each key repeated M times, then made distinct per sample, for a wrapped model that is itself random. */
    private long[] repeatKeys(long[] draws) {
        long[] out = new long[draws.length * samples];
        for (int i = 0; i < draws.length; i++) {
            for (int s = 0; s < samples; s++) out[i * samples + s] = org.robustj.provenance.Seeds.derive(draws[i], s);
        }
        return out;
    }

    @Override
    public Set<ModelCapability> capabilities() {
        Set<ModelCapability> c = EnumSet.copyOf(inner.capabilities());
        c.remove(ModelCapability.LAYER_GRAPH);
        c.remove(ModelCapability.PARAMETER_GRADIENTS);
        c.add(ModelCapability.RANDOMIZED);
        return c;
    }

    @Override
    public List<Note> notes() {
        return inner.notes();
    }

    /** Only the output: the wrapped model's layers see noisy copies, not the input. */
    @Override
    public List<String> layers() {
        return OutputLayer.LAYERS;
    }

    @Override
    public Map<String, NDArray> activations(NDArray x, List<String> names) {
        return OutputLayer.activations(this, x, names, "a noise model's inner layers see noisy copies of the input");
    }

    @Override
    public String source() {
        return source;
    }
}
