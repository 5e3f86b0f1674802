/**
 * Common corruptions generated here (CIFAR-10-C is not downloadable offline): the corruptions, their suites, the
 * cache of corrupted sets and the corruption benchmark.
 *
 * <p>Start from {@link org.robustj.benchmark.corruption.Corruptions}, the registry of suites ({@code cifar10}: the 15
 * corruptions of Hendrycks and Dietterich at 5 severities with the reference generator's CIFAR parameters;
 * {@code mnist}: the 15 corruptions of MNIST-C). Each corruption is one class extending
 * {@link org.robustj.benchmark.corruption.Corruption} (noise: {@code GaussianNoise}, {@code ShotNoise},
 * {@code ImpulseNoise}; blur: {@code DefocusBlur}, {@code GlassBlur}, {@code MotionBlur}, {@code ZoomBlur}; weather:
 * {@code Snow}, {@code Frost}, {@code Fog}, {@code Brightness}; digital: {@code Contrast}, {@code ElasticTransform},
 * {@code Pixelate}, {@code JpegCompression}; MNIST-C geometric: {@code Affine}, {@code Translate}; MNIST-C drawn:
 * {@code Stripe}, {@code DrawnLine}, {@code CannyEdges}, and {@code Spatter}), built from the
 * image operations in {@code Filters}. {@link org.robustj.benchmark.corruption.CorruptionCache} makes and keeps the
 * corrupted sets (seeded per point index); {@link org.robustj.benchmark.corruption.CorruptionBenchmark} runs a
 * model on a corruption track and makes its entry.
 *
 * <p>To add a corruption: one class here, one line in a suite of {@code Corruptions}; raise
 * {@code Corruptions.GENERATOR_VERSION} whenever a corruption's output changes. docs/corruptions.md lists the
 * parameters and every deviation from the reference.
 */
package org.robustj.benchmark.corruption;
