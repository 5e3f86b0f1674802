/**
 * Ensembles: {@link org.robustj.attack.ensemble.AutoEvaluation} runs an AutoAttack version
 * ({@link org.robustj.attack.ensemble.Versions}) or a custom list, on still-robust points only, with a
 * resumable {@link org.robustj.attack.ensemble.EvaluationState}; {@link org.robustj.attack.ensemble.Records}
 * turns the result into a JSON run record.
 */
package org.robustj.attack.ensemble;
