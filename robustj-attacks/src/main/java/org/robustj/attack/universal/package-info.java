/**
 * Universal adversarial perturbations: one perturbation v, fitted once, added to every input of a model.
 * Start from {@link org.robustj.attack.universal.UniversalEvaluation} (fit on some points, judge on held-out
 * ones: fooling rate, accuracy under v, a random baseline of the same size) and the registry
 * {@link org.robustj.attack.universal.UniversalAttacks}.
 *
 * <p>Methods ({@link org.robustj.attack.universal.UniversalAttack}):
 * {@link org.robustj.attack.universal.UapAttack} ({@code uap}, Moosavi-Dezfooli et al. 2017: passes over the
 * fitting points, a {@link org.robustj.attack.universal.DeepFool} step for each point v does not fool yet,
 * projection onto the Lp ball) and {@link org.robustj.attack.universal.GdUapAttack} ({@code gd-uap}, Mopuri et
 * al. 2018: data-free, maximises activation norms at layers of the model's layer graph).
 * {@link org.robustj.attack.universal.Perturbations} holds the shared arithmetic (ball projections, x + v in the
 * box, predictions and fooling rates); {@link org.robustj.attack.universal.UniversalRecord} is the JSON run record.
 *
 * <p>To add a method: a class implementing {@code UniversalAttack} with a config record ({@code defaults()} citing
 * the reference) and one line in {@code UniversalAttacks}.
 */
package org.robustj.attack.universal;
