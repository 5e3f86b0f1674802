package org.robustj.train;

import ai.djl.ndarray.NDArray;
import org.robustj.attack.loss.Losses;
import org.robustj.model.BlockClassifier;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What one training step optimises: the part of a recipe that differs between standard training, PGD
 * adversarial training, TRADES, GradAlign and the like. The {@link Trainer} owns everything else (data order,
 * augmentation, optimiser, schedule, checkpoints, logs).
 *
 * <p>A step runs in two phases, because the engine allows only one gradient collector at a time:
 * <ol>
 *   <li>{@link #prepare} runs <em>outside</em> any collector, with weight gradients off. Adversarial recipes
 *       generate their examples here, with an attack that opens its own input-gradient collector.
 *   <li>{@link #loss} runs <em>inside</em> the trainer's weight-gradient collector. It runs the model in
 *       training mode ({@code ctx.model().forward(x, true)}) and returns the scalar loss to differentiate.
 * </ol>
 * Recipes that need more than one weight-gradient pass per step (SAM: the gradient at w, then at a perturbed
 * w + e) override {@link #gradients}, the one place where a recipe sees the passes; by default a step is one
 * pass of {@link #loss}.
 *
 * <p>To add a recipe, add one class implementing this interface with a nested {@link RecipeProvider}, and list
 * the provider in {@code META-INF/services/org.robustj.train.RecipeProvider}.
 */
public interface TrainingRecipe {
    /** Registry name, e.g. {@code standard}, {@code pgd-at}, {@code trades}. */
    String name();

    /**
     * The examples of a batch: the clean inputs and labels, the inputs to train on, and an optional array a
     * recipe carries from {@link #prepare} to {@link #loss} (GradAlign: the input gradient of its FGSM step).
     */
    record Batch(NDArray clean, NDArray labels, NDArray input, NDArray aux) {
        /** A batch with no auxiliary array. */
        public Batch(NDArray clean, NDArray labels, NDArray input) {
            this(clean, labels, input, null);
        }
    }

    /**
     * One weight-gradient pass, provided by the {@link Trainer}: opens the (only) gradient collector, evaluates
     * the loss, runs backward and closes the collector. Weight gradients add up over passes until the optimiser
     * step.
     */
    @FunctionalInterface
    interface WeightPass {
        /** Runs one pass of {@code loss} and returns what it returned. */
        StepLoss run(Supplier<StepLoss> loss);
    }

    /** The scalar loss of a step and the logits of {@link Batch#input()} (for the training accuracy). */
    record StepLoss(NDArray loss, NDArray logits) {}

    /**
     * Builds the inputs to train on from a clean (augmented) batch, outside the weight-gradient collector.
     * The default trains on the clean inputs.
     */
    default Batch prepare(StepContext ctx, NDArray x, NDArray y) {
        return new Batch(x, y, x);
    }

    /**
     * The loss to minimise (a scalar, the batch mean) with the training-mode logits of the inputs. The default is
     * the mean cross-entropy of {@link Batch#input()} (clean, noisy or adversarial, whatever {@link #prepare} made).
     */
    default StepLoss loss(StepContext ctx, Batch batch) {
        NDArray logits = ctx.model().forward(batch.input(), true);
        return new StepLoss(Losses.ce(logits, batch.labels()).mean(), logits);
    }

    /**
     * Leaves in every trainable weight's gradient what the optimiser should apply, using the trainer's
     * {@code pass} (weight gradients are on, and zero on entry). The weights must hold their entry values on
     * return. The returned loss and logits feed the log. Default: one pass of {@link #loss}.
     */
    default StepLoss gradients(StepContext ctx, Batch batch, WeightPass pass) {
        return pass.run(() -> loss(ctx, batch));
    }

    /**
     * Changes the freshly initialised network before the first step, with a seed of its own; called only when a
     * run trains from scratch (never on {@code init_model} nor on resume, whose weights come from elsewhere). The
     * default keeps the architecture's initialisation. Certified training can ask for Shi et al.'s
     * ({@code ibp_init}).
     */
    default void initialise(BlockClassifier model, long seed) {}

    /**
     * A learning-rate schedule the recipe imposes instead of the config's (adversarial fine-tuning's
     * slow-start, fast-decay schedule); empty by default.
     */
    default Optional<LrSchedule> schedule(TrainConfig config) {
        return Optional.empty();
    }
}
