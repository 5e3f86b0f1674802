/**
 * Monitors of training runs built on robustj-defense's {@link org.robustj.train.TrainingProbe} SPI, and what
 * they share: {@link org.robustj.diagnose.training.AccuracyProbe} (probe {@code accuracy}: clean, PGD and FGSM
 * accuracy on held-out points every k steps), {@link org.robustj.diagnose.training.RobustAccuracy} (the attack
 * accuracy every probe reports) and {@link org.robustj.diagnose.training.ProbeOptions} (option parsing with
 * one-line errors). The local-complexity and NTK probes live with their measurements ({@code .regions},
 * {@code .ntk}).
 */
package org.robustj.diagnose.training;
