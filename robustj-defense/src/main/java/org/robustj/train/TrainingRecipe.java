package org.robustj.train;

import ai.djl.ndarray.NDArray;

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
 * To add a recipe, add one class implementing this interface with a nested {@link RecipeProvider}, and list
 * the provider in {@code META-INF/services/org.robustj.train.RecipeProvider}.
 */
public interface TrainingRecipe {
    /** Registry name, e.g. {@code standard}, {@code pgd-at}, {@code trades}. */
    String name();

    /** The examples of a batch: the clean inputs and labels, and the inputs to train on. */
    record Batch(NDArray clean, NDArray labels, NDArray input) {}

    /** The scalar loss of a step and the logits of {@link Batch#input()} (for the training accuracy). */
    record StepLoss(NDArray loss, NDArray logits) {}

    /**
     * Builds the inputs to train on from a clean (augmented) batch, outside the weight-gradient collector.
     * The default trains on the clean inputs.
     */
    default Batch prepare(StepContext ctx, NDArray x, NDArray y) {
        return new Batch(x, y, x);
    }

    /** The loss to minimise (a scalar, the batch mean) with the training-mode logits of the inputs. */
    StepLoss loss(StepContext ctx, Batch batch);
}
