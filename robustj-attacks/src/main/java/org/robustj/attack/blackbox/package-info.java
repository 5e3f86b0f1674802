/**
 * Score-based black-box attacks: they use logits only, never gradients, so gradient masking does not stop
 * them.
 *
 * <p>{@link org.robustj.attack.blackbox.SquareAttack} ({@code square}: L∞, L2, L1; AutoAttack's fourth
 * attack). To add one, extend {@link org.robustj.attack.AbstractAttack}, query through
 * {@code Search.logits} (it counts model calls), declare {@code GRADIENT_FREE}, and add its provider to
 * {@code META-INF/services/org.robustj.attack.AttackProvider}.
 */
package org.robustj.attack.blackbox;
