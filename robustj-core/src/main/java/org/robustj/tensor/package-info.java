/**
 * The DJL adapter: the only package that may import engine-specific classes ({@code ai.djl.pytorch.*}).
 * Start from {@link org.robustj.tensor.Gradients} (input gradients, one collector at a time),
 * {@link org.robustj.tensor.ParameterGradients} (per-example parameter Jacobians, the NTK's input gradient) and
 * {@link org.robustj.tensor.Engines} (threads, versions).
 */
package org.robustj.tensor;
