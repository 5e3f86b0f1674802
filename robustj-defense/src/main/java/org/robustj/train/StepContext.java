package org.robustj.train;

import ai.djl.ndarray.NDManager;
import java.util.SplittableRandom;
import org.robustj.model.BlockClassifier;

/**
 * What a {@link TrainingRecipe} sees during one step: the model, the run's config, the position in the run,
 * a generator seeded from the root seed, the epoch and the step (so a resumed run draws the same numbers),
 * and the step's scope, which owns every temporary and is closed after the step.
 *
 * @param epoch 0-based epoch
 * @param step 0-based step within the epoch
 * @param stepsPerEpoch number of steps in an epoch
 * @param globalStep 0-based step counted from the start of the run
 */
public record StepContext(BlockClassifier model, TrainConfig config, int epoch, int step, int stepsPerEpoch,
        long globalStep, SplittableRandom rng, NDManager scope) {}
