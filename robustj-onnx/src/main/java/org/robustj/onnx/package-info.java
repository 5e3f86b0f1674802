/**
 * ONNX in and out. Start from {@link org.robustj.onnx.OnnxModels}: {@code open} reads an {@code .onnx} file into
 * a {@link org.robustj.model.GraphClassifier} (white-box: the ONNX operators mapped onto
 * {@link org.robustj.model.graph.LayerGraph}), {@code write} turns any layer graph into ONNX.
 * {@code OnnxImporter} and {@code OnnxExporter} hold the per-operator mapping; {@code OnnxTensors} and
 * {@code OnnxAttributes} the protobuf details. {@link org.robustj.onnx.OnnxModelFormatProvider} plugs the
 * format into {@code Models.open}. To support a new operator, add a case to {@code OnnxImporter.map} and to
 * {@code OnnxExporter.node}.
 */
package org.robustj.onnx;
