package org.robustj.train;

import java.util.Map;
import org.robustj.attack.Configs;
import org.robustj.errors.InvalidInputException;
import org.robustj.model.BlockClassifier;
import org.robustj.threat.Norm;

/**
 * IBP certified training, Gowal et al. 2018 (arXiv 1810.12715): minimise κ·CE(z, y) + (1 − κ)·CE(ẑ, y), where ẑ
 * are the worst-case logits implied by interval-bound-propagation lower bounds of the margins z_y − z_j over
 * the ε-ball ∩ [0, 1] (ẑ_y = 0, ẑ_j = −lb_j, as in auto_LiRPA's training examples). Schedule
 * ({@link CertifiedSchedule}): {@code warmup_epochs} of clean training, then ε ramps linearly from 0 to
 * {@code eps} over {@code ramp_epochs} while κ goes from {@code kappa_start} to {@code kappa_end}. The bounds
 * are taken over the model's layer graph (BatchNorm folded from running statistics, i.e. eval mode; the clean
 * logits use training mode). Norms: L∞ (the paper's), L2 and L1 (IBP over the ball's box).
 *
 * <p>Defaults: the paper's MNIST setting in epochs of 60,000 images at batch 100 — ε = 0.4 (it trains at 0.4
 * for a test ε of 0.3), 2,000 warm-up steps (1/3 epoch) and a 10,000-step ramp (≈ 17 epochs), κ from 1 to 1/2.
 */
public final class IbpRecipe implements TrainingRecipe {
    /**
     * IBP-training settings.
     *
     * @param eps train ε (finite, ≥ 0)
     * @param warmupEpochs epochs of clean training before the ramp
     * @param rampEpochs epochs of the linear ε and κ ramp
     * @param kappaStart κ (weight of the clean CE) during the warm-up
     * @param kappaEnd κ after the ramp
     */
    public record Options(String norm, double eps, double warmupEpochs, double rampEpochs, double kappaStart,
            double kappaEnd, boolean ibpInit) {
        public Options {
            norm = norm == null ? "linf" : norm;
            Norm.parse(norm);
            CertifiedTraining.schedule("ibp", eps, warmupEpochs, rampEpochs, kappaStart, kappaEnd);
        }

        /** Gowal et al.'s MNIST setting (see the class comment). */
        public static Options defaults() {
            return new Options("linf", 0.4, 2000 / 600.0, 10000 / 600.0, 1.0, 0.5, false);
        }

        CertifiedSchedule schedule() {
            return new CertifiedSchedule(eps, warmupEpochs, rampEpochs, kappaStart, kappaEnd);
        }
    }

    private final Options options;

    IbpRecipe(Options options) {
        this.options = options;
    }

    @Override
    public String name() {
        return "ibp";
    }

    @Override
    public void initialise(BlockClassifier model, long seed) {
        if (options.ibpInit()) IbpInitialisation.apply(model.graph().orElseThrow(), seed);
    }

    @Override
    public StepLoss loss(StepContext ctx, Batch batch) {
        return CertifiedTraining.loss(name(), ctx, batch, options.schedule(), Norm.parse(options.norm()), false);
    }

    /** Registers {@code ibp}. */
    public static final class Provider implements RecipeProvider {
        @Override
        public String name() {
            return "ibp";
        }

        @Override
        public String description() {
            return "IBP certified training (Gowal et al. 2018): kappa CE(z) + (1 - kappa) CE(worst-case logits of "
                    + "IBP margin bounds), eps ramped from 0";
        }

        @Override
        public Map<String, Object> defaults() {
            return RecipeProvider.optionsMap(Options.defaults());
        }

        @Override
        public TrainingRecipe create(Map<String, Object> options) {
            return new IbpRecipe(Configs.options("recipe " + name(), Options.defaults(), options));
        }
    }
}
