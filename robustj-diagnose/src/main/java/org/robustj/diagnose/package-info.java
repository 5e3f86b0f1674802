/**
 * Diagnostics: measurements of the geometry behind robustness, each callable from Java on any model with the
 * capabilities it declares, and each the basis of a {@code robustj diagnose} subcommand and of the experiments
 * that reproduce a paper's finding (../shared/design/DIAGNOSTICS.md has the definitions).
 *
 * <p>Packages: {@code .collapse} (neural collapse, clean and under attack), {@code .ntk} (empirical NTK, kernel
 * predictor, training-free attacks, the NTK training probe), {@code .regions} (local complexity), {@code .sharpness}
 * (worst- and average-case sharpness), {@code .training} (the accuracy training probe and what the probes share),
 * {@code .experiment} (one class per experiment).
 */
package org.robustj.diagnose;
