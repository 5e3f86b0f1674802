/**
 * Classifiers: start from {@link org.robustj.model.Classifier} (logits in eval mode, layers reachable by
 * name) and {@link org.robustj.model.Models} (open {@code zoo:NAME}, TorchScript or robustj models; save).
 * {@link org.robustj.model.BlockClassifier} is robustj's trainable kind, built by
 * {@link org.robustj.model.Architectures}; {@link org.robustj.model.TorchScriptClassifier} wraps models
 * exported from PyTorch; {@link org.robustj.model.GraphClassifier} is a classifier that is its layer graph (an
 * ONNX import). Other modules add file formats through {@link org.robustj.model.ModelFormatProvider}. To add an
 * architecture, add a builder in {@code Architectures}.
 */
package org.robustj.model;
