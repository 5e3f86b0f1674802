package org.robustj.train;

import ai.djl.ndarray.NDArray;
import java.util.Map;
import java.util.Optional;
import org.robustj.attack.Configs;
import org.robustj.errors.InvalidInputException;

/**
 * Adversarial fine-tuning, after Jeddi et al. 2020 (arXiv 2012.13628): start from a trained (usually
 * non-robust) model — the config's {@code init_model}, required — and continue with the PGD-AT loss (Madry et
 * al. 2018, as recipe {@code pgd-at}: PGD from a random start in eval mode, CE of the PGD points in training
 * mode) under a "slow start, fast decay" learning rate. robustj's schedule: the rate rises linearly from 0 to the
 * config's {@code lr} over the first {@code warmup_fraction} of the steps (slow start), then falls linearly to 0
 * over the remaining steps (fast decay: with the default 0.7, more than twice as fast as it rose) — the
 * triangular {@link OneCycleSchedule} with a late peak. It replaces the config's {@code schedule}; with
 * {@code schedule: config} the config's own schedule is used instead. The paper's exact constants are not
 * reproduced.
 *
 * <p>Defaults: PGD as {@code pgd-at}'s (Madry's MNIST: ε = 0.3, 40 steps of 0.01, random start),
 * warm-up over 70% of the steps.
 */
public final class AdvFinetuneRecipe implements TrainingRecipe {
    /**
     * Fine-tuning settings.
     *
     * @param warmupFraction share of the steps over which the rate rises from 0 to {@code lr}
     * @param schedule {@code slow-start-fast-decay} (the recipe's) or {@code config} (the config's schedule)
     */
    public record Options(String norm, double eps, int steps, double relStepSize, double warmupFraction,
            String schedule) {
        public Options {
            new PgdAtRecipe.Options(norm, eps, steps, relStepSize, 0); // validates the PGD settings
            norm = norm == null ? "linf" : norm;
            if (!(warmupFraction > 0 && warmupFraction < 1)) {
                throw new InvalidInputException("adv-finetune warmup_fraction must be in (0, 1), got " + warmupFraction);
            }
            schedule = schedule == null ? "slow-start-fast-decay" : schedule;
            if (!schedule.equals("slow-start-fast-decay") && !schedule.equals("config")) {
                throw new InvalidInputException("adv-finetune schedule must be slow-start-fast-decay or config, got "
                        + schedule);
            }
        }

        /** pgd-at's PGD settings, warm-up over 70% of the steps. */
        public static Options defaults() {
            PgdAtRecipe.Options p = PgdAtRecipe.Options.defaults();
            return new Options(p.norm(), p.eps(), p.steps(), p.relStepSize(), 0.7, "slow-start-fast-decay");
        }
    }

    private final Options options;
    private final PgdAtRecipe pgdAt;

    AdvFinetuneRecipe(Options options) {
        this.options = options;
        this.pgdAt = new PgdAtRecipe(new PgdAtRecipe.Options(options.norm(), options.eps(), options.steps(),
                options.relStepSize(), 0));
    }

    @Override
    public String name() {
        return "adv-finetune";
    }

    @Override
    public Batch prepare(StepContext ctx, NDArray x, NDArray y) {
        return pgdAt.prepare(ctx, x, y);
    }

    @Override
    public Optional<LrSchedule> schedule(TrainConfig config) {
        if (options.schedule().equals("config")) {
            return Optional.empty();
        }
        return Optional.of(new OneCycleSchedule(config.lr(), options.warmupFraction()));
    }

    /** Registers {@code adv-finetune}. */
    public static final class Provider implements RecipeProvider {
        @Override
        public String name() {
            return "adv-finetune";
        }

        @Override
        public String description() {
            return "adversarial fine-tuning (Jeddi et al. 2020) of init_model: PGD-AT loss, slow-start "
                    + "fast-decay learning rate";
        }

        @Override
        public boolean requiresInitModel() {
            return true;
        }

        @Override
        public Map<String, Object> defaults() {
            return RecipeProvider.optionsMap(Options.defaults());
        }

        @Override
        public TrainingRecipe create(Map<String, Object> options) {
            return new AdvFinetuneRecipe(Configs.options("recipe " + name(), Options.defaults(), options));
        }
    }
}
