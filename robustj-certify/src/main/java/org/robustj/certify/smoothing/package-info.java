/**
 * Randomized smoothing (Cohen et al. 2019): start from {@link
 * org.robustj.certify.smoothing.RandomizedSmoothingCertifier} ({@code certify} and {@code predict}); its settings
 * are a {@link org.robustj.certify.smoothing.SmoothingConfig}, its statistics (Clopper–Pearson bound, radius,
 * binomial test, all from Commons Math) are in {@link org.robustj.certify.smoothing.SmoothingStatistics}, and
 * {@code NoiseSampler} counts the base classifier's votes on noisy copies, seeded per point and phase.
 */
package org.robustj.certify.smoothing;
