/**
 * A readable description of a network: {@link org.robustj.model.graph.LayerGraph}, a topologically ordered
 * list of {@link org.robustj.model.graph.Node}s, each applying one typed {@link org.robustj.model.graph.Op}
 * (Linear, Conv2d, ReLU, BatchNorm folded for eval mode, Normalize, Flatten, pooling, residual Add, and the
 * element-wise maps found in input quantisers). Start from {@code LayerGraph}; a classifier exposes its graph
 * through {@code Classifier.graph()} when it has one. To add an operator, add a record here and list it in
 * {@code Op}'s {@code permits}.
 */
package org.robustj.model.graph;
