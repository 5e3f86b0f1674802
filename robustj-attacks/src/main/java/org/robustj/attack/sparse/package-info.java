/**
 * Sparse attacks: they change few pixels by any amount (L0, patches, frames) instead of every pixel a
 * little. {@link org.robustj.attack.sparse.SparseRsAttack} ({@code sparse-rs}: Sparse-RS, score-based
 * random search for {@code --norm l0}, {@code patch} and {@code frame}, image-specific or universal). The
 * threat models' pixel geometry, sizes and projection live in {@link org.robustj.threat.Sparse}. To add a
 * sparse attack: extend {@link org.robustj.attack.AbstractAttack}, declare the sparse norms it supports
 * ({@link org.robustj.threat.Norm#SPARSE}) and register its provider in
 * {@code META-INF/services/org.robustj.attack.AttackProvider}.
 */
package org.robustj.attack.sparse;
