package org.robustj.train;

import ai.djl.ndarray.NDArray;
import org.robustj.attack.loss.Losses;
import org.robustj.certify.training.CertifiedLoss;
import org.robustj.errors.InvalidInputException;
import org.robustj.model.graph.LayerGraph;
import org.robustj.threat.Norm;
import org.robustj.tensor.Scalars;

/**
 * The step loss shared by the certified-training recipes ({@code ibp}, {@code crown-ibp}):
 * κ·CE(z, y) + (1 − κ)·CE(ẑ, y) with z the training-mode logits and ẑ the worst-case logits of the margin
 * bounds at the step's ε ({@link CertifiedLoss}); the recipes differ only in how the bounds are mixed (β).
 */
final class CertifiedTraining {
    private CertifiedTraining() {}

    /** The recipe's step loss; {@code beta} is the weight of CROWN-IBP in the bound (0: pure IBP). */
    static TrainingRecipe.StepLoss loss(String recipe, StepContext ctx, TrainingRecipe.Batch batch,
            CertifiedSchedule schedule, Norm norm, boolean crownIbp) {
        long step = ctx.globalStep();
        int perEpoch = ctx.stepsPerEpoch();
        double eps = schedule.epsAt(step, perEpoch);
        double kappa = schedule.kappaAt(step, perEpoch);
        NDArray logits = ctx.model().forward(batch.input(), true);
        NDArray clean = Losses.ce(logits, batch.labels()).mean();
        // at ε = 0 the bounds are exact and the robust CE equals the clean CE, so the loss is the clean CE
        if (eps == 0 || kappa == 1) return new TrainingRecipe.StepLoss(clean, logits);
        LayerGraph graph = ctx.model().graph().orElseThrow(() -> new InvalidInputException(
                "recipe " + recipe + " needs a model with a layer graph (a built-in architecture)"));
        double beta = crownIbp ? schedule.betaAt(step, perEpoch) : 0;
        NDArray lower = CertifiedLoss.marginLowerBounds(graph, batch.input(), PgdAtRecipe.labels(batch.labels()),
                ctx.model().numClasses(), norm, eps, beta);
        NDArray robust = CertifiedLoss.robustCrossEntropy(lower).mean();
        NDArray total = kappa == 0 ? robust : Scalars.mul(clean, (float) kappa).add(Scalars.mul(robust, (float) (1 - kappa)));
        return new TrainingRecipe.StepLoss(total, logits);
    }

    /** The schedule of a recipe's options, its validation messages prefixed with the recipe's name. */
    static CertifiedSchedule schedule(String recipe, double eps, double warmupEpochs, double rampEpochs,
            double kappaStart, double kappaEnd) {
        try {
            return new CertifiedSchedule(eps, warmupEpochs, rampEpochs, kappaStart, kappaEnd);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(recipe + " " + e.getMessage());
        }
    }
}
