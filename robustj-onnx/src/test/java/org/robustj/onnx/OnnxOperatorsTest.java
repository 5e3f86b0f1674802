package org.robustj.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.robustj.onnx.TinyOnnx.f;
import static org.robustj.onnx.TinyOnnx.i;
import static org.robustj.onnx.TinyOnnx.in;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.robustj.model.GraphClassifier;

/**
 * Operator attributes PyTorch never writes (Gemm's transB=0, alpha, beta; Identity, Dropout, Constant, Clip as
 * attributes before opset 11), against closed-form values computed here in plain Java.
 */
class OnnxOperatorsTest {
    private static float[] random(SplittableRandom r, int n) {
        float[] v = new float[n];
        for (int k = 0; k < n; k++) v[k] = (float) (r.nextDouble() * 2 - 1);
        return v;
    }

    @Property(tries = 12, seed = "14")
    void gemmWithAlphaBetaAndUntransposedWeightIsAlphaXBPlusBetaC(@ForAll @IntRange(min = 1, max = 5) int in,
            @ForAll @IntRange(min = 1, max = 4) int out, @ForAll @IntRange(min = 0, max = 1) int transB,
            @ForAll @IntRange(min = 0, max = 2) int cShape, @ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] b = random(r, in * out);
        float[] c = random(r, out);
        float[] x = random(r, 3 * in);
        float alpha = 0.5f + (float) r.nextDouble();
        float beta = -1.5f + (float) r.nextDouble();
        long[] bDims = transB == 1 ? new long[] {out, in} : new long[] {in, out};
        long[] cDims = cShape == 0 ? new long[] {out} : cShape == 1 ? new long[] {1, out} : new long[] {};
        float[] cData = cShape == 2 ? new float[] {c[0]} : c;
        byte[] onnx = new TinyOnnx(in).init("B", b, bDims).init("C", cData, cDims)
                .node("Gemm", "gemm", in("x", "B", "C"), "y", f("alpha", alpha), f("beta", beta), i("transB", transB))
                .bytes("y", out);
        try (NDManager m = NDManager.newBaseManager();
                GraphClassifier g = OnnxModels.read(m, onnx, null, "gemm.onnx", "gemm")) {
            float[] y = g.logits(m.create(x, new Shape(3, in))).toFloatArray();
            for (int n = 0; n < 3; n++) {
                for (int o = 0; o < out; o++) {
                    double s = 0;
                    for (int k = 0; k < in; k++) {
                        double w = transB == 1 ? b[o * in + k] : b[k * out + o];
                        s += x[n * in + k] * w;
                    }
                    double want = alpha * s + beta * cData[cShape == 2 ? 0 : o];
                    assertEquals(want, y[n * out + o], 1e-5, "row " + n + " out " + o);
                }
            }
        }
    }

    @Test
    void identityDropoutAndConstantPassThroughAndClipReadsAttributesBeforeOpset11() {
        float[] w = {1, -2, 0.5f, 3};
        byte[] onnx = new TinyOnnx(2).opset(9).init("W", w, 2, 2)
                .node("Identity", "id", in("x"), "a")
                .node("Dropout", "drop", in("a"), "b", f("ratio", 0.5f))
                .node("Constant", "k", in(), "c", org.robustj.onnx.proto.OnnxProto.AttributeProto.newBuilder()
                        .setName("value").setType(org.robustj.onnx.proto.OnnxProto.AttributeProto.AttributeType.TENSOR)
                        .setT(OnnxTensors.tensor("kv", new float[] {0.25f})).build())
                .node("Sub", "sub", in("b", "c"), "d")
                .node("Clip", "clip", in("d"), "e", f("min", -0.1f), f("max", 0.4f))
                .node("MatMul", "mm", in("e", "W"), "y")
                .bytes("y", 2);
        float[] x = {0.9f, 0.1f, -0.3f, 0.5f};
        try (NDManager m = NDManager.newBaseManager();
                GraphClassifier g = OnnxModels.read(m, onnx, null, "t.onnx", "t")) {
            assertEquals(3, g.graph().orElseThrow().nodes().size(), g.graph().orElseThrow().describe());
            float[] y = g.logits(m.create(x, new Shape(2, 2))).toFloatArray();
            for (int n = 0; n < 2; n++) {
                float e0 = Math.max(-0.1f, Math.min(0.4f, x[2 * n] - 0.25f));
                float e1 = Math.max(-0.1f, Math.min(0.4f, x[2 * n + 1] - 0.25f));
                assertEquals(e0 * w[0] + e1 * w[2], y[2 * n], 1e-6);
                assertEquals(e0 * w[1] + e1 * w[3], y[2 * n + 1], 1e-6);
            }
        }
    }

    @Test
    void aSymbolicSampleShapeComesFromTheDataSet() {
        byte[] onnx = symbolic();
        try (NDManager m = NDManager.newBaseManager();
                GraphClassifier g = OnnxModels.read(m, onnx, new Shape(4), "s.onnx", "s")) {
            assertEquals(new Shape(4), g.inputShape());
            assertEquals(4, g.numClasses());
        }
        try (NDManager m = NDManager.newBaseManager()) {
            var e = org.junit.jupiter.api.Assertions.assertThrows(org.robustj.errors.ModelLoadException.class,
                    () -> OnnxModels.read(m, onnx, null, "s.onnx", "s"));
            assertTrue(e.getMessage().contains("pass --dataset"), e.getMessage());
        }
    }

    private static byte[] symbolic() {
        var g = org.robustj.onnx.proto.OnnxProto.GraphProto.newBuilder().setName("s");
        var shape = org.robustj.onnx.proto.OnnxProto.TensorShapeProto.newBuilder()
                .addDim(org.robustj.onnx.proto.OnnxProto.TensorShapeProto.Dimension.newBuilder().setDimParam("N"))
                .addDim(org.robustj.onnx.proto.OnnxProto.TensorShapeProto.Dimension.newBuilder().setDimParam("D"));
        var type = org.robustj.onnx.proto.OnnxProto.TypeProto.newBuilder().setTensorType(
                org.robustj.onnx.proto.OnnxProto.TypeProto.Tensor.newBuilder().setElemType(1).setShape(shape));
        g.addInput(org.robustj.onnx.proto.OnnxProto.ValueInfoProto.newBuilder().setName("x").setType(type));
        g.addNode(org.robustj.onnx.proto.OnnxProto.NodeProto.newBuilder().setOpType("Relu").setName("r").addInput("x")
                .addOutput("y"));
        g.addOutput(org.robustj.onnx.proto.OnnxProto.ValueInfoProto.newBuilder().setName("y").setType(type));
        return org.robustj.onnx.proto.OnnxProto.ModelProto.newBuilder().setIrVersion(7).setGraph(g)
                .addOpsetImport(org.robustj.onnx.proto.OnnxProto.OperatorSetIdProto.newBuilder().setVersion(13))
                .build().toByteArray();
    }
}
