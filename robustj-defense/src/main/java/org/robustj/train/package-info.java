/**
 * Training. Start from {@link org.robustj.train.Trainer} (the loop: data order, augmentation, optimiser,
 * schedule, checkpoints, resume, log, final evaluation and model card) and {@link org.robustj.train.TrainConfig}
 * (the recipe as JSON).
 *
 * <p>Pieces, one per file: recipes ({@link org.robustj.train.TrainingRecipe}, {@link
 * org.robustj.train.StandardRecipe}, found by {@link org.robustj.train.RecipeRegistry}); optimisers
 * ({@link org.robustj.train.SgdOptimizer}, {@link org.robustj.train.AdamOptimizer}, state saved by
 * {@link org.robustj.train.Checkpoint}); learning-rate schedules ({@link org.robustj.train.LrSchedule}:
 * constant, step, cosine, one-cycle); augmentations ({@link org.robustj.train.Augmentation}: none,
 * crop-flip); progress through {@link org.robustj.train.TrainingListener}. Certified training:
 * {@link org.robustj.train.IbpRecipe} and {@link org.robustj.train.CrownIbpRecipe} with their
 * {@link org.robustj.train.CertifiedSchedule} (the loss from bounds lives in robustj-certify's
 * {@code org.robustj.certify.training}).
 *
 * <p>To add a robust training recipe (PGD-AT, TRADES, GradAlign…): one class implementing
 * {@code TrainingRecipe} (generate adversarial examples in {@code prepare}, which runs before the trainer
 * opens its weight-gradient collector; compute the loss in {@code loss}), a nested {@code RecipeProvider},
 * and one line in {@code META-INF/services/org.robustj.train.RecipeProvider}.
 */
package org.robustj.train;
