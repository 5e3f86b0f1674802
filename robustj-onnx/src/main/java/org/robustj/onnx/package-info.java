/**
 * ONNX in and out. Start from {@link org.robustj.onnx.OnnxModels}: {@code open} reads an {@code .onnx} file into
 * a {@link org.robustj.model.GraphClassifier} (white-box: the ONNX operators mapped onto
 * {@link org.robustj.model.graph.LayerGraph}), {@code write} turns any layer graph into ONNX.
 * {@code OnnxImporter} and {@code OnnxExporter} hold the per-operator mapping; {@code OnnxTensors} and
 * {@code OnnxAttributes} the protobuf details. {@link org.robustj.onnx.OnnxRuntimeClassifier} runs a file
 * through ONNX Runtime instead, query-only (logits only): for operators the layer graph cannot hold
 * ({@code UnsupportedOperatorException} triggers the fallback) and for {@code --backend onnxruntime}
 * ({@link org.robustj.onnx.OnnxModels.Backend}). {@link org.robustj.onnx.OnnxModelFormatProvider} plugs the
 * format into {@code Models.open}. To support a new operator, add a case to {@code OnnxImporter.map} and to
 * {@code OnnxExporter.node}.
 */
package org.robustj.onnx;
