/**
 * Ensembles: {@link org.robustj.attack.ensemble.AutoEvaluation} runs an AutoAttack version
 * ({@link org.robustj.attack.ensemble.Versions}) or a custom list, on still-robust points only, with a
 * resumable {@link org.robustj.attack.ensemble.EvaluationState}; {@link org.robustj.attack.ensemble.Records}
 * turns the result into a JSON run record, and merges the records of partial evaluations (a subset of the
 * points, {@code AutoEvaluation.run(model, data, points)}) into exactly the record of the whole, since every
 * random draw is keyed by the point's index ({@link org.robustj.attack.AttackContext#rng}). The {@code blackbox} version (gradient-free attacks under a query
 * budget, {@link org.robustj.attack.AttackProvider#withQueryBudget}) is the default for query-only models;
 * {@link org.robustj.attack.ensemble.TransferAttack} runs a white-box attack on a surrogate and judges its
 * examples on the target ({@code --surrogate}).
 */
package org.robustj.attack.ensemble;
