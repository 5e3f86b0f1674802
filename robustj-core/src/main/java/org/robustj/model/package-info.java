/**
 * Classifiers: start from {@link org.robustj.model.Classifier} (logits in eval mode, layers reachable by
 * name, its {@link org.robustj.model.Classifier#graph() layer graph} when readable) and
 * {@link org.robustj.model.Models} (open {@code zoo:NAME}, TorchScript or robustj models; save).
 * {@link org.robustj.model.BlockClassifier} is robustj's trainable kind, built by
 * {@link org.robustj.model.Architectures}, which records every layer as typed graph nodes
 * ({@link org.robustj.model.GraphRecipe}; the live graph over the block's own weights is kept by
 * {@code BlockGraph}); {@link org.robustj.model.TorchScriptClassifier} wraps models exported from PyTorch
 * (opaque: no graph); {@link org.robustj.model.GraphClassifier} is a classifier that is its layer graph (an
 * ONNX import). Other modules add file formats through {@link org.robustj.model.ModelFormatProvider}.
 * Two wrappers change what a model offers: {@link org.robustj.model.QueryOnlyModel} (logits only, for a fair
 * black-box evaluation, {@code --query-only}) and {@link org.robustj.model.BpdaModel} (BPDA: straight-through
 * gradients through Round, Floor, Ceil and Sign of its layer graph, {@code --bpda}).
 * {@link org.robustj.model.ModelSpecs} parses composite specifications: {@link org.robustj.model.EnsembleModel}
 * ({@code ensemble:A,B}, the mean of the members' probabilities) and {@link org.robustj.model.GaussianNoiseModel}
 * ({@code noise:SIGMA:M:MODEL}, randomized); a randomized model draws from per-row keys
 * ({@link org.robustj.model.Classifier#logits(ai.djl.ndarray.NDArray, long[])}, {@link org.robustj.model.RandomDraws}).
 *
 * <p>What a model offers is declared ({@link org.robustj.model.ModelCapability}: logits, input gradients,
 * trainable weights, a layer graph); a method checks its need with
 * {@link org.robustj.model.Capabilities#require}, whose error names the alternatives.
 *
 * <p>To add an architecture, add a builder in {@code Architectures} that adds its layers through
 * {@code Layers} (which records them); a new composite DJL block records itself as
 * {@code PreActBlock.record} does, keeping its DJL child names (saved weights depend on them).
 */
package org.robustj.model;
