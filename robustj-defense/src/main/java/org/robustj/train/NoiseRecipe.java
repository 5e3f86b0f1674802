package org.robustj.train;

import ai.djl.ndarray.NDArray;
import java.util.Map;
import org.robustj.attack.Configs;
import org.robustj.errors.InvalidInputException;
import org.robustj.threat.Norm;

/**
 * Gaussian noise augmentation, the base-classifier training of randomized smoothing (Cohen et al. 2019, arXiv
 * 1902.02918; Lecuyer et al. 2019, arXiv 1802.03471): minimise the cross-entropy of x + δ, δ ~ N(0, σ²I), a fresh
 * draw per example and step. Defaults as in Cohen et al.'s {@code train.py} (locuslab/smoothing): σ = 0.25 (their
 * models use 0.12, 0.25, 0.5, 1.0) and no clipping, since the smoothed classifier certifies
 * g(x) = argmax P(f(x + δ) = c) for unclipped noise; {@code clip: true} clips x + δ to [0, 1] instead, which
 * trains for a different noise distribution than the one the certificate assumes.
 */
public final class NoiseRecipe implements TrainingRecipe {
    /**
     * Noise settings.
     *
     * @param sigma standard deviation of the Gaussian noise (input units)
     * @param clip clip the noisy input to [0, 1]
     */
    public record Options(double sigma, boolean clip) {
        public Options {
            if (!(sigma >= 0 && Double.isFinite(sigma))) {
                throw new InvalidInputException("noise sigma must be >= 0, got " + sigma);
            }
        }

        /** Cohen et al.: σ = 0.25, no clipping. */
        public static Options defaults() {
            return new Options(0.25, false);
        }
    }

    private final Options options;

    NoiseRecipe(Options options) {
        this.options = options;
    }

    @Override
    public String name() {
        return "noise";
    }

    @Override
    public Batch prepare(StepContext ctx, NDArray x, NDArray y) {
        float[] d = new float[(int) x.getShape().size()];
        for (int i = 0; i < d.length; i++) d[i] = (float) (options.sigma() * Norm.gaussian(ctx.rng()));
        NDArray noisy = x.add(ctx.scope().create(d, x.getShape()));
        return new Batch(x, y, options.clip() ? noisy.clip(0, 1) : noisy);
    }

    /** Registers {@code noise}. */
    public static final class Provider implements RecipeProvider {
        @Override
        public String name() {
            return "noise";
        }

        @Override
        public String description() {
            return "Gaussian noise augmentation for randomized smoothing (Cohen et al. 2019): CE of x + N(0, sigma^2)";
        }

        @Override
        public Map<String, Object> defaults() {
            return RecipeProvider.optionsMap(Options.defaults());
        }

        @Override
        public TrainingRecipe create(Map<String, Object> options) {
            return new NoiseRecipe(Configs.options("recipe " + name(), Options.defaults(), options));
        }
    }
}
