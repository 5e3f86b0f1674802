package org.robustj.attack.universal;

import java.util.List;
import java.util.Locale;
import org.robustj.errors.InvalidInputException;
import org.robustj.errors.UnknownNameException;

/**
 * Settings of {@link GdUapAttack}.
 *
 * @param layers the layers whose activation norms are maximised (node names of the model's layer graph); null
 *     for the default: the output of every convolution (after its ReLU when one follows, as the reference's conv
 *     layers are), or, in a network without convolutions, of every hidden linear layer
 * @param prior {@code none} (data-free: the perturbation on a mid-grey input, the box centre), {@code range}
 *     (Gaussian-noise images, mean the box centre, standard deviation a fifth of the box, clipped) or
 *     {@code data} (batches of the fitting points)
 * @param batchSize images per step for the range and data priors
 * @param maxIterations the most optimiser steps
 * @param learningRate Adam's step as a fraction of ε (the reference: 0.1 at ε = 10, i.e. 0.01)
 * @param patience validations without improvement before stopping
 */
public record GdUapConfig(List<String> layers, String prior, int batchSize, int maxIterations, double learningRate,
        int patience) {
    /** The priors. */
    public static final List<String> PRIORS = List.of("none", "range", "data");

    public GdUapConfig {
        layers = layers == null ? null : List.copyOf(layers);
        if (layers != null && layers.isEmpty()) throw new InvalidInputException("gd-uap layers: give at least one layer");
        prior = prior == null ? "none" : prior.toLowerCase(Locale.ROOT);
        if (!PRIORS.contains(prior)) throw new UnknownNameException("gd-uap prior", prior, PRIORS);
        if (batchSize < 1) throw new InvalidInputException("gd-uap batch size must be >= 1, got " + batchSize);
        if (maxIterations < 1) {
            throw new InvalidInputException("gd-uap max iterations must be >= 1, got " + maxIterations);
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new InvalidInputException("gd-uap learning rate must be a finite number > 0, got " + learningRate);
        }
        if (patience < 1) throw new InvalidInputException("gd-uap patience must be >= 1, got " + patience);
    }

    /**
     * The reference's defaults ({@code val-iisc/GD-UAP:classification/train.py}): no data, batch 25, at most
     * 40,000 iterations, Adam with learning rate 0.1 at ξ = 10 (so 0.01·ε), stop after 10 validations without a
     * better fooling rate.
     */
    public static GdUapConfig defaults() {
        return new GdUapConfig(null, "none", 25, 40_000, 0.01, 10);
    }

    /** This configuration with other layers (null: the default). */
    public GdUapConfig withLayers(List<String> l) {
        return new GdUapConfig(l, prior, batchSize, maxIterations, learningRate, patience);
    }

    /** This configuration with another prior. */
    public GdUapConfig withPrior(String p) {
        return new GdUapConfig(layers, p, batchSize, maxIterations, learningRate, patience);
    }

    /** This configuration with another iteration limit. */
    public GdUapConfig withMaxIterations(int m) {
        return new GdUapConfig(layers, prior, batchSize, m, learningRate, patience);
    }
}
