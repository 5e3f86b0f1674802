/**
 * Neural collapse, clean and under attack. Start from {@link org.robustj.diagnose.collapse.CollapseDiagnostic}
 * ({@code robustj diagnose collapse}); {@link org.robustj.diagnose.collapse.NeuralCollapse} measures one feature
 * matrix in memory; {@link org.robustj.diagnose.collapse.ClassMeans} and {@link
 * org.robustj.diagnose.collapse.Spread} are the two batched passes; {@link
 * org.robustj.diagnose.collapse.Geometry} holds the NC2/NC3 formulas.
 */
package org.robustj.diagnose.collapse;
