package org.robustj.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import java.util.Map;
import org.robustj.attack.Configs;
import org.robustj.attack.loss.Losses;
import org.robustj.errors.InvalidInputException;
import org.robustj.tensor.Gradients;
import org.robustj.threat.Norm;

/**
 * Fast adversarial training with FGSM from a random start (FGSM-RS), Wong et al. 2020 (arXiv 2001.03994):
 * δ₀ ~ U[−ε, ε]ᵈ, δ = clip_[−ε,ε](δ₀ + α·sign ∇_δ CE(clip_[0,1](x + δ₀))), then clipped so x + δ stays in [0, 1];
 * train on x + δ. With {@code init: zero} it is plain FGSM training (δ₀ = 0), the setting GradAlign
 * builds on. Formulas and defaults as in the reference code of Andriushchenko &amp; Flammarion
 * (tml-epfl/understanding-fast-adv-training, {@code train.py}) and Wong et al.'s CIFAR-10 setting: ε = 8/255,
 * α = 1.25·ε ({@code fgsm_alpha}), random init,
 * and the FGSM gradient taken in training mode (the reference never switches to eval mode during training;
 * {@code attack_mode: eval} uses BatchNorm's running statistics instead). L∞ and L2 (for L2, δ₀ is uniform in
 * the ball, the step is α·g/‖g‖₂ and the clip is the exact projection onto the ball ∩ box). Optional ε warm-up
 * ({@code warmup_epochs}, as {@code pgd-at}'s: start, step and ball all use the current ε; the reference instead
 * warms up α, on SVHN only).
 *
 * <p>Catastrophic overfitting (Andriushchenko &amp; Flammarion): FGSM training can end up robust to its own
 * single step only, PGD accuracy collapsing and gradient alignment falling; the trainer's {@code monitor}
 * measures both. On MNIST at ε = 0.3 plain FGSM ({@code init: zero}) overfits from the start while FGSM-RS
 * does not within 10 epochs (docs/catastrophic-overfitting.md; cards of {@code zoo:mnist-cnn-fgsm-rs} and
 * {@code zoo:mnist-cnn-gradalign}).
 */
public final class FgsmRsRecipe implements TrainingRecipe {
    /**
     * FGSM-RS settings.
     *
     * @param alpha step size as a multiple of ε (the reference's {@code fgsm_alpha})
     * @param init {@code random} (U[−ε, ε], FGSM-RS) or {@code zero} (plain FGSM)
     * @param attackMode {@code train} or {@code eval}: the model mode of the FGSM gradient
     * @param warmupEpochs ε grows linearly from 0 over this many epochs (as {@code pgd-at}'s); 0: none
     */
    public record Options(String norm, double eps, double alpha, String init, String attackMode,
            double warmupEpochs) {
        public Options {
            norm = norm == null ? "linf" : norm;
            Norm n = Norm.parse(norm);
            if (n == Norm.L1) throw new InvalidInputException("fgsm-rs supports linf and l2, not l1");
            if (!(eps > 0 && Double.isFinite(eps))) throw new InvalidInputException("fgsm-rs eps must be > 0, got " + eps);
            if (!(alpha > 0 && Double.isFinite(alpha))) {
                throw new InvalidInputException("fgsm-rs alpha must be > 0, got " + alpha);
            }
            init = init == null ? "random" : init;
            if (!init.equals("random") && !init.equals("zero")) {
                throw new InvalidInputException("fgsm-rs init must be random or zero, got " + init);
            }
            attackMode = attackMode == null ? "train" : attackMode;
            checkMode("fgsm-rs", attackMode);
            if (!(warmupEpochs >= 0)) throw new InvalidInputException("fgsm-rs warmup_epochs must be >= 0");
        }

        /** Wong et al.'s CIFAR-10 setting: ε = 8/255, α = 1.25 ε, random init, training mode. */
        public static Options defaults() {
            return new Options("linf", 8.0 / 255, 1.25, "random", "train", 0);
        }
    }

    private final Options options;

    FgsmRsRecipe(Options options) {
        this.options = options;
    }

    static void checkMode(String recipe, String mode) {
        if (!mode.equals("train") && !mode.equals("eval")) {
            throw new InvalidInputException(recipe + " attack_mode must be train or eval, got " + mode);
        }
    }

    @Override
    public String name() {
        return "fgsm-rs";
    }

    Options options() {
        return options;
    }

    /** The FGSM point and the input gradient it used (at the start point x + δ₀, clipped to the box). */
    record Step(NDArray adversarial, NDArray gradient) {}

    /**
     * One FGSM step from the configured start, as the reference computes it: the gradient is taken with respect
     * to δ of CE(f(clip_[0,1](x + δ₀))), so it is zero where the clip binds; the step moves δ₀ (not the clipped
     * start). Arrays belong to {@code x}'s manager.
     */
    static Step fgsm(StepContext ctx, NDArray x, NDArray y, Norm norm, double eps, double alpha, boolean random,
            boolean trainMode) {
        NDArray unclipped = x;
        NDArray start = x;
        if (random) {
            float[] d0 = norm.randomInBall(x.getShape(), eps, ctx.rng());
            unclipped = x.add(x.getManager().create(d0, x.getShape()));
            start = unclipped.clip(0, 1);
        }
        NDArray grad;
        try (Gradients.ValueAndGradient g = Gradients.of(start,
                leaf -> new NDList(Losses.ce(ctx.model().forward(leaf, trainMode), y)))) {
            grad = g.gradient().duplicate();
        }
        if (random) {
            // d clip(v, 0, 1) / dv = 1 on [0, 1], 0 outside
            NDArray inside = unclipped.gte(0).logicalAnd(unclipped.lte(1)).toType(grad.getDataType(), false);
            grad = grad.mul(inside);
        }
        // δ = δ₀ + α·dir(g), clipped to the ε-ball, and x + δ to [0, 1] (exact projection for L2)
        NDArray moved = unclipped.add(norm.normalizeGradient(grad).mul((float) (alpha * eps)));
        NDArray adv = norm.project(x, moved, eps, 0, 1);
        return new Step(adv, grad);
    }

    @Override
    public Batch prepare(StepContext ctx, NDArray x, NDArray y) {
        Step s = fgsm(ctx, x, y, Norm.parse(options.norm()),
                PgdAtRecipe.warmedUp(options.eps(), options.warmupEpochs(), ctx), options.alpha(),
                options.init().equals("random"), options.attackMode().equals("train"));
        return new Batch(x, y, s.adversarial());
    }

    /** Registers {@code fgsm-rs}. */
    public static final class Provider implements RecipeProvider {
        @Override
        public String name() {
            return "fgsm-rs";
        }

        @Override
        public String description() {
            return "fast adversarial training (Wong et al. 2020): one FGSM step of 1.25 eps from a uniform random "
                    + "start (init zero: plain FGSM)";
        }

        @Override
        public Map<String, Object> defaults() {
            return RecipeProvider.optionsMap(Options.defaults());
        }

        @Override
        public TrainingRecipe create(Map<String, Object> options) {
            return new FgsmRsRecipe(Configs.options("recipe " + name(), Options.defaults(), options));
        }
    }
}
