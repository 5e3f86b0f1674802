/**
 * Score-based black-box attacks: they use logits only, never gradients, so gradient masking does not stop
 * them.
 *
 * <p>{@link org.robustj.attack.blackbox.SquareAttack} ({@code square}: L∞, L2, L1; AutoAttack's fourth
 * attack). To add one, extend {@link org.robustj.attack.AbstractAttack}, query through
 * {@code Search.logits(x, rows)} (it counts model calls and each point's queries), declare {@code GRADIENT_FREE},
 * implement {@code AttackProvider.withQueryBudget} (so {@code --query-budget} and the {@code blackbox} version
 * can hold it to a budget), and add its provider to {@code META-INF/services/org.robustj.attack.AttackProvider};
 * a sparse one (Sparse-RS) also joins {@code Versions.blackboxAttack} for its threat models.
 */
package org.robustj.attack.blackbox;
