package org.robustj.train;

import java.util.Map;
import org.robustj.attack.Configs;
import org.robustj.model.BlockClassifier;
import org.robustj.threat.Norm;

/**
 * CROWN-IBP certified training, Zhang et al. 2020 (arXiv 1906.06316): the loss of {@link IbpRecipe}, with the
 * margin lower bounds mixed as β·CROWN-IBP + (1 − β)·IBP, where β = 1 − ε_t/ε goes from 1 (tight CROWN-IBP
 * bounds while ε is small) to 0 (plain IBP once ε reaches the train ε), as in the paper and auto_LiRPA's
 * {@code cifar_training.py}. CROWN-IBP here is IBP for intermediate layers and one CROWN backward pass for the
 * margins, over the model's layer graph; it costs about one more backward pass over the network per step while
 * β &gt; 0. Schedule and options as {@link IbpRecipe} ({@link CertifiedSchedule}).
 *
 * <p>Defaults: the same MNIST setting as {@code ibp} (ε = 0.4, 1/3 epoch warm-up, ≈ 17-epoch ramp, κ from 1
 * to 1/2; Zhang et al. also report κ ending at 0, set {@code kappa_end} for that).
 */
public final class CrownIbpRecipe implements TrainingRecipe {
    /** CROWN-IBP training settings: those of {@link IbpRecipe.Options}. */
    public record Options(String norm, double eps, double warmupEpochs, double rampEpochs, double kappaStart,
            double kappaEnd, boolean ibpInit) {
        public Options {
            norm = norm == null ? "linf" : norm;
            Norm.parse(norm);
            CertifiedTraining.schedule("crown-ibp", eps, warmupEpochs, rampEpochs, kappaStart, kappaEnd);
        }

        /** The same defaults as {@link IbpRecipe.Options#defaults()}. */
        public static Options defaults() {
            IbpRecipe.Options d = IbpRecipe.Options.defaults();
            return new Options(d.norm(), d.eps(), d.warmupEpochs(), d.rampEpochs(), d.kappaStart(), d.kappaEnd(),
                    d.ibpInit());
        }

        CertifiedSchedule schedule() {
            return new CertifiedSchedule(eps, warmupEpochs, rampEpochs, kappaStart, kappaEnd);
        }
    }

    private final Options options;

    CrownIbpRecipe(Options options) {
        this.options = options;
    }

    @Override
    public String name() {
        return "crown-ibp";
    }

    @Override
    public void initialise(BlockClassifier model, long seed) {
        if (options.ibpInit()) IbpInitialisation.apply(model.graph().orElseThrow(), seed);
    }

    @Override
    public StepLoss loss(StepContext ctx, Batch batch) {
        return CertifiedTraining.loss(name(), ctx, batch, options.schedule(), Norm.parse(options.norm()), true);
    }

    /** Registers {@code crown-ibp}. */
    public static final class Provider implements RecipeProvider {
        @Override
        public String name() {
            return "crown-ibp";
        }

        @Override
        public String description() {
            return "CROWN-IBP certified training (Zhang et al. 2020): the ibp loss with bounds mixed from "
                    + "CROWN-IBP to IBP as eps grows";
        }

        @Override
        public Map<String, Object> defaults() {
            return RecipeProvider.optionsMap(Options.defaults());
        }

        @Override
        public TrainingRecipe create(Map<String, Object> options) {
            return new CrownIbpRecipe(Configs.options("recipe " + name(), Options.defaults(), options));
        }
    }
}
