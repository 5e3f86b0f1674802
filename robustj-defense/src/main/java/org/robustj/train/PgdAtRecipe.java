package org.robustj.train;

import ai.djl.ndarray.NDArray;
import java.util.Map;
import org.robustj.attack.Attack;
import org.robustj.attack.AttackContext;
import org.robustj.attack.AttackRegistry;
import org.robustj.attack.Configs;
import org.robustj.attack.LabeledBatch;
import org.robustj.errors.InvalidInputException;
import org.robustj.threat.Norm;
import org.robustj.threat.ThreatModel;

/**
 * PGD adversarial training, Madry et al. 2018 (arXiv 1706.06083): minimise the cross-entropy of the
 * highest-loss point PGD finds in the ε-ball around each training input (random start, {@code steps} steps of
 * {@code rel_step_size}·ε). The inner maximisation runs with the model in eval mode, before the weight-gradient
 * collector opens; the outer loss uses training mode. Optional ε warm-up: ε grows linearly from 0 over the first
 * {@code warmup_epochs} epochs (without it small MNIST CNNs can collapse early).
 *
 * <p>Defaults follow Madry's MNIST configuration: ε = 0.3 (L∞), 40 steps of 0.01 (rel_step_size 1/30), random
 * start.
 */
public final class PgdAtRecipe implements TrainingRecipe {
    /** PGD-AT settings. */
    public record Options(String norm, double eps, int steps, double relStepSize, double warmupEpochs) {
        public Options {
            norm = norm == null ? "linf" : norm;
            Norm.parse(norm);
            if (!(eps > 0 && Double.isFinite(eps))) throw new InvalidInputException("pgd-at eps must be > 0, got " + eps);
            if (steps < 1) throw new InvalidInputException("pgd-at steps must be >= 1, got " + steps);
            if (!(relStepSize > 0)) throw new InvalidInputException("pgd-at rel_step_size must be > 0");
            if (warmupEpochs < 0) throw new InvalidInputException("pgd-at warmup_epochs must be >= 0");
        }

        /** Madry et al.'s MNIST settings. */
        public static Options defaults() {
            return new Options("linf", 0.3, 40, 0.01 / 0.3, 0);
        }
    }

    private final Options options;
    private final Attack pgd;

    PgdAtRecipe(Options options) {
        this.options = options;
        this.pgd = AttackRegistry.create("pgd", Map.of("steps", options.steps(), "rel_step_size",
                options.relStepSize(), "restarts", 1, "random_start", true));
    }

    @Override
    public String name() {
        return "pgd-at";
    }

    /** The ε of a step under the warm-up schedule. */
    double epsAt(StepContext ctx) {
        return warmedUp(options.eps(), options.warmupEpochs(), ctx);
    }

    /**
     * ε grown linearly from 0 to {@code eps} over the first {@code warmupEpochs} epochs (reached at the end of
     * the last warm-up step); {@code eps} itself when {@code warmupEpochs} is 0.
     */
    static double warmedUp(double eps, double warmupEpochs, StepContext ctx) {
        if (warmupEpochs <= 0) {
            return eps;
        }
        double progress = (ctx.epoch() + (ctx.step() + 1) / (double) ctx.stepsPerEpoch()) / warmupEpochs;
        return eps * Math.min(1, progress);
    }

    @Override
    public Batch prepare(StepContext ctx, NDArray x, NDArray y) {
        ThreatModel threat = new ThreatModel(Norm.parse(options.norm()), epsAt(ctx), 0, 1);
        NDArray adv = pgd.perturb(ctx.model(), new LabeledBatch(x, labels(y)), threat,
                AttackContext.seeded(ctx.rng().nextLong()));
        return new Batch(x, y, adv);
    }

    static int[] labels(NDArray y) {
        long[] l = y.toLongArray();
        int[] out = new int[l.length];
        for (int i = 0; i < l.length; i++) out[i] = (int) l[i];
        return out;
    }

    /** Registers {@code pgd-at}. */
    public static final class Provider implements RecipeProvider {
        @Override
        public String name() {
            return "pgd-at";
        }

        @Override
        public String description() {
            return "PGD adversarial training (Madry et al. 2018): train on PGD points from a random start";
        }

        @Override
        public Map<String, Object> defaults() {
            return RecipeProvider.optionsMap(Options.defaults());
        }

        @Override
        public TrainingRecipe create(Map<String, Object> options) {
            return new PgdAtRecipe(Configs.options("recipe " + name(), Options.defaults(), options));
        }
    }
}
