/**
 * Bound propagation over the typed layer graph: IBP, CROWN and CROWN-IBP on specification rows (the margins
 * z_y − z_j) over L∞, L2 and L1 balls intersected with [0, 1].
 *
 * <p>Start from {@link org.robustj.certify.bounds.Bounds} (the library API, also used by certified training)
 * and the certifiers {@link org.robustj.certify.bounds.IbpCertifier},
 * {@link org.robustj.certify.bounds.CrownCertifier}, {@link org.robustj.certify.bounds.CrownIbpCertifier};
 * {@link org.robustj.certify.bounds.IbpTightness} measures how much IBP loses against the optimal box.
 * One bound rule per operator family, as in auto_LiRPA's {@code operators/}: {@code LinearRule},
 * {@code ConvolutionRule}, {@code AffineRule} (BatchNorm, Normalize, ScalarAffine), {@code ShapeRule}
 * (Flatten), {@code PoolingRule}, {@code AddRule}, and the element-wise {@code ReluRule}, {@code StepRule}
 * (Round, Floor), {@code ClipRule}. To support a new operator, write its rule and add one line to
 * {@code Rules}; {@code RulesTest} fails until every {@code Op} has one.
 */
package org.robustj.certify.bounds;
