package org.robustj.cli;

import picocli.CommandLine.Option;

/**
 * The randomized-smoothing settings that {@code certify} and {@code evaluate --certify} share (a picocli
 * mixin); bound methods ignore them. Defaults are Cohen et al.'s ({@code certify.py}: n0 = 100,
 * n = 100,000, α = 0.001); σ = 0.25 is the smallest noise level of their CIFAR-10 and ImageNet models.
 */
public final class CertifyOptions {
    @Option(names = "--sigma", paramLabel = "S", defaultValue = "0.25",
            description = "Smoothing noise standard deviation in [0,1] pixel units, > 0 (default: ${DEFAULT-VALUE}).")
    double sigma;

    @Option(names = "--n0", paramLabel = "N0", defaultValue = "100",
            description = "Smoothing selection samples, >= 1 (default: ${DEFAULT-VALUE}).")
    int n0;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "100000",
            description = "Smoothing estimation samples n, >= 1 (default: ${DEFAULT-VALUE}; lower it for speed: "
                    + "the radius shrinks with n).")
    int samples;

    @Option(names = "--alpha", paramLabel = "A", defaultValue = "0.001",
            description = "Smoothing failure probability, in (0, 1) (default: ${DEFAULT-VALUE}).")
    double alpha;
}
