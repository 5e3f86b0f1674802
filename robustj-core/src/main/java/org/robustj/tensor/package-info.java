/**
 * The DJL adapter: the only package that may import engine-specific classes ({@code ai.djl.pytorch.*}).
 * Start from {@link org.robustj.tensor.Gradients} (input gradients, one collector at a time) and
 * {@link org.robustj.tensor.Engines} (threads, versions).
 */
package org.robustj.tensor;
