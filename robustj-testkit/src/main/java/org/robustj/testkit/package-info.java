/**
 * Test fixtures shared by every module: {@link org.robustj.testkit.LinearClassifier} (closed-form minimal
 * adversarial distances), {@link org.robustj.testkit.MaskedClassifier} (gradient masking),
 * {@link org.robustj.testkit.QueryOnlyClassifier} (logits only, as ONNX Runtime) and
 * {@link org.robustj.testkit.Oracles} (separable data far from the box faces).
 */
package org.robustj.testkit;
