/**
 * Attacks. Start from {@link org.robustj.attack.Attack} and {@link org.robustj.attack.AbstractAttack} (the
 * final {@code run} that validates, projects and judges; leaves implement only {@code search}), and
 * {@link org.robustj.attack.AttackRegistry}.
 *
 * <p>Catalogue: {@code gradient} (FGSM, PGD, APGD-CE/DLR, APGD-T, FAB, FAB-T), {@code blackbox} (Square), {@code sparse} (Sparse-RS: l0, patch, frame),
 * {@code loss} (CE, DLR, targeted DLR, margin), {@code ensemble} (AutoAttack versions), {@code check}
 * (sanity checks with explanations in {@code docs/evaluation-flags.md}).
 *
 * <p>To add an attack: one class extending {@code AbstractAttack} with a config record (reference defaults
 * in a static {@code defaults()}), a nested {@code Provider}, and one line in
 * {@code META-INF/services/org.robustj.attack.AttackProvider}. The contract test picks it up. Progress: the
 * search declares its work once with {@code s.ctx().progress().expect(...)} and calls
 * {@code s.ctx().progress().tick()} per iteration ({@link org.robustj.attack.AttackProgress}; it never changes
 * a result, {@code AttackProgressTest} checks that).
 */
package org.robustj.attack;
