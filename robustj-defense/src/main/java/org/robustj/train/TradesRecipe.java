package org.robustj.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.Map;
import org.robustj.attack.Configs;
import org.robustj.attack.loss.Losses;
import org.robustj.errors.InvalidInputException;
import org.robustj.tensor.Gradients;
import org.robustj.threat.Norm;
import org.robustj.tensor.Scalars;

/**
 * TRADES, Zhang et al. 2019 (arXiv 1901.08573): minimise CE(f(x), y) + β·KL(softmax f(x) ‖ softmax f(x′)), the
 * KL summed over classes and averaged over the batch, where x′ approximately maximises that KL in the ε-ball:
 * from x + 0.001·N(0, I), {@code steps} steps x′ ← P(x′ + step·sign ∇ₓ′ KL) with P the projection onto the
 * ε-ball ∩ [0, 1]. As in the reference ({@code trades.py} of yaodongyu/TRADES), the inner maximisation runs with
 * the model in eval mode (the reference calls {@code model.eval()} for it) against the fixed eval-mode clean
 * distribution, and the outer loss in training mode, with the gradient flowing through both f(x) and f(x′).
 * Differences: the reference's first step is taken from the unclipped x + 0.001·N (so is this one), and its
 * outer loss evaluates f(x) twice in training mode; robustj evaluates it once (same value; BatchNorm running
 * statistics are updated once fewer). L∞ as in the reference; L2 takes normalised-gradient steps (the
 * reference's L2 variant optimises δ with SGD instead).
 *
 * <p>Defaults: the reference's CIFAR-10 settings (train_trades_cifar10.py): ε = 0.031, 10 steps of 0.007
 * ({@code rel_step_size} = 0.007/0.031), β = 6.0. Its MNIST settings are ε = 0.3, 40 steps of 0.01, β = 1.0.
 */
public final class TradesRecipe implements TrainingRecipe {
    /**
     * TRADES settings.
     *
     * @param relStepSize inner step as a multiple of ε
     * @param beta weight of the KL term
     */
    public record Options(String norm, double eps, int steps, double relStepSize, double beta) {
        public Options {
            norm = norm == null ? "linf" : norm;
            Norm n = Norm.parse(norm);
            if (n == Norm.L1) throw new InvalidInputException("trades supports linf and l2, not l1");
            if (!(eps > 0 && Double.isFinite(eps))) throw new InvalidInputException("trades eps must be > 0, got " + eps);
            if (steps < 1) throw new InvalidInputException("trades steps must be >= 1, got " + steps);
            if (!(relStepSize > 0 && Double.isFinite(relStepSize))) {
                throw new InvalidInputException("trades rel_step_size must be > 0, got " + relStepSize);
            }
            if (!(beta >= 0 && Double.isFinite(beta))) throw new InvalidInputException("trades beta must be >= 0");
        }

        /** The reference's CIFAR-10 settings. */
        public static Options defaults() {
            return new Options("linf", 0.031, 10, 0.007 / 0.031, 6.0);
        }
    }

    /** Standard deviation of the Gaussian start around x (the reference's 0.001). */
    static final double START_SIGMA = 0.001;

    private final Options options;

    TradesRecipe(Options options) {
        this.options = options;
    }

    @Override
    public String name() {
        return "trades";
    }

    /** KL(p ‖ q) per sample from log-probabilities: Σ_c p_c (log p_c − log q_c). */
    static NDArray kl(NDArray logP, NDArray logQ) {
        return logP.exp().mul(logP.sub(logQ)).sum(new int[] {1});
    }

    @Override
    public Batch prepare(StepContext ctx, NDArray x, NDArray y) {
        Norm norm = Norm.parse(options.norm());
        double eps = options.eps();
        double step = options.relStepSize() * eps;
        NDManager scope = ctx.scope();
        NDArray logPClean = ctx.model().forward(x, false).logSoftmax(1);
        float[] noise = new float[(int) x.getShape().size()];
        for (int i = 0; i < noise.length; i++) noise[i] = (float) (START_SIGMA * Norm.gaussian(ctx.rng()));
        NDArray adv = x.add(scope.create(noise, x.getShape()));
        for (int k = 0; k < options.steps(); k++) {
            try (NDManager it = scope.newSubManager()) {
                adv.attach(it);
                NDArray grad;
                try (Gradients.ValueAndGradient g = Gradients.of(adv,
                        leaf -> new NDList(kl(logPClean, ctx.model().forward(leaf, false).logSoftmax(1))))) {
                    grad = g.gradient().duplicate();
                }
                NDArray moved = adv.add(norm.normalizeGradient(grad).mul((float) step));
                NDArray next = norm.project(x, moved, eps, 0, 1);
                next.attach(scope);
                adv = next;
            }
        }
        return new Batch(x, y, adv);
    }

    /** CE of the clean logits plus β times the batch-mean KL(f(x) ‖ f(x′)); the logits reported are f(x′). */
    @Override
    public StepLoss loss(StepContext ctx, Batch batch) {
        NDArray clean = ctx.model().forward(batch.clean(), true);
        NDArray adv = ctx.model().forward(batch.input(), true);
        NDArray ce = Losses.ce(clean, batch.labels()).mean();
        NDArray robust = kl(clean.logSoftmax(1), adv.logSoftmax(1)).mean();
        return new StepLoss(ce.add(Scalars.mul(robust, options.beta())), adv);
    }

    /** Registers {@code trades}. */
    public static final class Provider implements RecipeProvider {
        @Override
        public String name() {
            return "trades";
        }

        @Override
        public String description() {
            return "TRADES (Zhang et al. 2019): CE(f(x)) + beta KL(f(x) || f(x')), x' maximising the KL by "
                    + "sign-gradient steps";
        }

        @Override
        public Map<String, Object> defaults() {
            return RecipeProvider.optionsMap(Options.defaults());
        }

        @Override
        public TrainingRecipe create(Map<String, Object> options) {
            return new TradesRecipe(Configs.options("recipe " + name(), Options.defaults(), options));
        }
    }
}
