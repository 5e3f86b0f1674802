package org.robustj.onnx;

import org.robustj.onnx.proto.OnnxProto.AttributeProto;
import org.robustj.onnx.proto.OnnxProto.GraphProto;
import org.robustj.onnx.proto.OnnxProto.ModelProto;
import org.robustj.onnx.proto.OnnxProto.NodeProto;
import org.robustj.onnx.proto.OnnxProto.OperatorSetIdProto;
import org.robustj.onnx.proto.OnnxProto.TensorProto;
import org.robustj.onnx.proto.OnnxProto.TensorShapeProto;
import org.robustj.onnx.proto.OnnxProto.TypeProto;
import org.robustj.onnx.proto.OnnxProto.ValueInfoProto;

/** Builds small ONNX models by hand for tests: one input {@code x} (N×sample), nodes, initializers, output. */
final class TinyOnnx {
    private final GraphProto.Builder g = GraphProto.newBuilder().setName("tiny");
    private int opset = 13;

    TinyOnnx(long... sample) {
        g.addInput(value("x", sample));
    }

    TinyOnnx opset(int v) {
        opset = v;
        return this;
    }

    TinyOnnx init(String name, float[] data, long... dims) {
        g.addInitializer(OnnxTensors.tensor(name, data, dims));
        return this;
    }

    TinyOnnx ints(String name, long... v) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64.getNumber())
                .addDims(v.length);
        for (long x : v) t.addInt64Data(x);
        g.addInitializer(t);
        return this;
    }

    TinyOnnx node(String op, String name, String[] inputs, String output, AttributeProto... attrs) {
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(name).addOutput(output);
        for (String i : inputs) n.addInput(i);
        for (AttributeProto a : attrs) n.addAttribute(a);
        g.addNode(n);
        return this;
    }

    byte[] bytes(String output, long classes) {
        ModelProto m = ModelProto.newBuilder().setIrVersion(7).setProducerName("test")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(opset))
                .setGraph(g.clone().addOutput(value(output, classes))).build();
        return m.toByteArray();
    }

    static AttributeProto i(String name, long v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(v).build();
    }

    static AttributeProto f(String name, float v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(v).build();
    }

    static AttributeProto is(String name, long... v) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long x : v) a.addInts(x);
        return a.build();
    }

    static String[] in(String... names) {
        return names;
    }

    private static ValueInfoProto value(String name, long... sample) {
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("N"));
        for (long d : sample) s.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT.getNumber()).setShape(s))).build();
    }
}
