/**
 * Local complexity: the density of linear regions around data points (Humayun, Balestriero, Baraniuk, ICML
 * 2024, arXiv 2402.15555). Start from {@link org.robustj.diagnose.regions.LocalComplexity} (the measurement on
 * any model with a readable layer graph) and {@link org.robustj.diagnose.regions.ComplexityConfig} (P, radii,
 * the reference's defaults); {@link org.robustj.diagnose.regions.Frame} is the shared orthonormal frame of the
 * neighbourhoods, {@link org.robustj.diagnose.regions.ComplexityCounts} the result.
 * {@link org.robustj.diagnose.regions.ComplexityProbe} records the measurement every k steps of a training run.
 */
package org.robustj.diagnose.regions;
