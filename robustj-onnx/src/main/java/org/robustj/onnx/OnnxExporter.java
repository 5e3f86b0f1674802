package org.robustj.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.robustj.model.graph.Add;
import org.robustj.model.graph.AvgPool;
import org.robustj.model.graph.BatchNorm;
import org.robustj.model.graph.Clip;
import org.robustj.model.graph.Conv2d;
import org.robustj.model.graph.Flatten;
import org.robustj.model.graph.Ceil;
import org.robustj.model.graph.Floor;
import org.robustj.model.graph.GlobalAvgPool;
import org.robustj.model.graph.LayerGraph;
import org.robustj.model.graph.Linear;
import org.robustj.model.graph.MaxPool;
import org.robustj.model.graph.Node;
import org.robustj.model.graph.Normalize;
import org.robustj.model.graph.Relu;
import org.robustj.model.graph.Round;
import org.robustj.model.graph.Sign;
import org.robustj.model.graph.ScalarAffine;
import org.robustj.onnx.proto.OnnxProto.AttributeProto;
import org.robustj.onnx.proto.OnnxProto.GraphProto;
import org.robustj.onnx.proto.OnnxProto.ModelProto;
import org.robustj.onnx.proto.OnnxProto.NodeProto;
import org.robustj.onnx.proto.OnnxProto.OperatorSetIdProto;
import org.robustj.onnx.proto.OnnxProto.TensorProto;
import org.robustj.onnx.proto.OnnxProto.TensorShapeProto;
import org.robustj.onnx.proto.OnnxProto.TypeProto;
import org.robustj.onnx.proto.OnnxProto.ValueInfoProto;

/**
 * Writes a {@link LayerGraph} as an ONNX model: one or two standard ONNX operators per robustj operator, weights
 * as float32 initializers, input {@code input} (N×sample shape, N symbolic) and output {@code logits} (N×K).
 * A folded BatchNorm is written as BatchNormalization with mean 0, variance 1 and ε 0, so it reads back exactly.
 */
final class OnnxExporter {
    /** The ONNX operator set written. */
    static final int OPSET = 13;

    /** The ONNX IR version that goes with opset 13. */
    static final int IR_VERSION = 7;

    private final GraphProto.Builder g = GraphProto.newBuilder();
    private final Map<String, String> valueOf = new HashMap<>();
    private final Map<String, Integer> rank = new HashMap<>();

    private OnnxExporter() {}

    static ModelProto export(LayerGraph graph, String name) {
        OnnxExporter e = new OnnxExporter();
        GraphProto gp = e.build(graph, name);
        return ModelProto.newBuilder().setIrVersion(IR_VERSION).setProducerName("robustj")
                .setProducerVersion(version()).addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("")
                        .setVersion(OPSET)).setGraph(gp).build();
    }

    private GraphProto build(LayerGraph graph, String name) {
        g.setName(name == null || name.isBlank() ? "robustj" : name);
        long[] sample = graph.inputShape().getShape();
        // ranks of every node's output, from one probe pass (constants must broadcast over the right axes)
        try (NDManager probe = NDManager.newBaseManager()) {
            long[] s = new long[sample.length + 1];
            s[0] = 1;
            System.arraycopy(sample, 0, s, 1, sample.length);
            List<String> all = new ArrayList<>();
            for (Node n : graph.nodes()) all.add(n.name());
            Map<String, NDArray> out = graph.forward(probe.zeros(new Shape(s)), all);
            for (Map.Entry<String, NDArray> en : out.entrySet()) rank.put(en.getKey(), en.getValue().getShape().dimension());
            rank.put(LayerGraph.INPUT, s.length);
            g.addInput(valueInfo("input", sample, null));
            Node last = graph.output();
            valueOf.put(LayerGraph.INPUT, "input");
            for (Node n : graph.nodes()) {
                String outName = n == last ? "logits" : n.name();
                node(n, outName);
                valueOf.put(n.name(), outName);
            }
            long k = out.get(last.name()).getShape().get(1);
            g.addOutput(valueInfo("logits", new long[] {k}, null));
        }
        return g.build();
    }

    private void node(Node n, String out) {
        String x = valueOf.get(n.inputs().get(0));
        String p = n.name();
        int r = rank.get(n.inputs().get(0));
        if (n.op() instanceof Linear l) {
            List<String> ins = new ArrayList<>(List.of(x, init(p + ".weight", l.weight())));
            if (l.bias() != null) ins.add(init(p + ".bias", l.bias()));
            emit("Gemm", p, ins, out, intAttr("transB", 1));
        } else if (n.op() instanceof Conv2d c) {
            List<String> ins = new ArrayList<>(List.of(x, init(p + ".weight", c.weight())));
            if (c.bias() != null) ins.add(init(p + ".bias", c.bias()));
            int[] k = c.kernel();
            emit("Conv", p, ins, out, ints("kernel_shape", k[0], k[1]), ints("strides", c.stride()),
                    ints("pads", c.padding()[0], c.padding()[1], c.padding()[0], c.padding()[1]),
                    ints("dilations", c.dilation()), intAttr("group", c.groups()));
        } else if (n.op() instanceof Relu) {
            emit("Relu", p, List.of(x), out);
        } else if (n.op() instanceof Round) {
            emit("Round", p, List.of(x), out);
        } else if (n.op() instanceof Floor) {
            emit("Floor", p, List.of(x), out);
        } else if (n.op() instanceof Ceil) {
            emit("Ceil", p, List.of(x), out);
        } else if (n.op() instanceof Sign) {
            emit("Sign", p, List.of(x), out);
        } else if (n.op() instanceof Flatten) {
            emit("Flatten", p, List.of(x), out, intAttr("axis", 1));
        } else if (n.op() instanceof GlobalAvgPool) {
            emit("GlobalAveragePool", p, List.of(x), out);
        } else if (n.op() instanceof Add) {
            emit("Add", p, List.of(x, valueOf.get(n.inputs().get(1))), out);
        } else if (n.op() instanceof BatchNorm b) {
            long c = b.scale().getShape().get(0);
            float[] zero = new float[(int) c];
            float[] one = new float[(int) c];
            java.util.Arrays.fill(one, 1f);
            emit("BatchNormalization", p, List.of(x, init(p + ".scale", b.scale()), init(p + ".shift", b.shift()),
                    init(p + ".mean", zero, c), init(p + ".var", one, c)), out, floatAttr("epsilon", 0f));
        } else if (n.op() instanceof Normalize z) {
            // (x − mean) / std; a zero mean or a unit std is left out, so the import reads back one Normalize
            boolean sub = !allEqual(z.mean(), 0f);
            boolean div = !allEqual(z.std(), 1f) || !sub;
            String mid = sub && div ? p + "/sub" : out;
            if (sub) {
                emit("Sub", div ? p + "/Sub" : p, List.of(x, init(p + ".mean", z.mean(),
                        channelDims(z.mean().length, r))), mid);
            }
            if (div) {
                emit("Div", sub ? p + "/Div" : p, List.of(sub ? mid : x, init(p + ".std", z.std(),
                        channelDims(z.std().length, r))), out);
            }
        } else if (n.op() instanceof ScalarAffine s) {
            if (s.shift() == 0) {
                emit("Mul", p, List.of(x, init(p + ".scale", new float[] {(float) s.scale()})), out);
            } else if (s.scale() == 1) {
                emit("Add", p, List.of(x, init(p + ".shift", new float[] {(float) s.shift()})), out);
            } else {
                emit("Mul", p + "/Mul", List.of(x, init(p + ".scale", new float[] {(float) s.scale()})), p + "/mul");
                emit("Add", p + "/Add", List.of(p + "/mul", init(p + ".shift", new float[] {(float) s.shift()})),
                        out);
            }
        } else if (n.op() instanceof Clip c) {
            String lo = Double.isInfinite(c.min()) ? "" : init(p + ".min", new float[] {(float) c.min()});
            String hi = Double.isInfinite(c.max()) ? "" : init(p + ".max", new float[] {(float) c.max()});
            List<String> ins = new ArrayList<>(List.of(x, lo));
            if (!hi.isEmpty()) ins.add(hi);
            if (lo.isEmpty() && hi.isEmpty()) ins = List.of(x);
            emit("Clip", p, ins, out);
        } else if (n.op() instanceof AvgPool a) {
            emit("AveragePool", p, List.of(x), out, ints("kernel_shape", a.kernel()), ints("strides", a.stride()),
                    ints("pads", a.padding()[0], a.padding()[1], a.padding()[0], a.padding()[1]),
                    intAttr("count_include_pad", a.countIncludePad() ? 1 : 0));
        } else if (n.op() instanceof MaxPool m) {
            emit("MaxPool", p, List.of(x), out, ints("kernel_shape", m.kernel()), ints("strides", m.stride()),
                    ints("pads", m.padding()[0], m.padding()[1], m.padding()[0], m.padding()[1]));
        } else {
            throw new IllegalArgumentException("node " + p + ": operator " + n.op().describe()
                    + " has no ONNX mapping yet (add one in OnnxExporter)");
        }
    }

    /** Dims of a per-channel constant for an input of rank r: C, C×1, C×1×1 (a scalar when one value). */
    private static long[] channelDims(int c, int r) {
        if (c == 1) return new long[0];
        long[] d = new long[Math.max(1, r - 1)];
        java.util.Arrays.fill(d, 1);
        d[0] = c;
        return d;
    }

    private void emit(String op, String name, List<String> inputs, String output, AttributeProto... attrs) {
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(name).addAllInput(inputs).addOutput(output);
        for (AttributeProto a : attrs) n.addAttribute(a);
        g.addNode(n);
    }

    private String init(String name, NDArray a) {
        g.addInitializer(OnnxTensors.tensor(name, a.toFloatArray(), a.getShape().getShape()));
        return name;
    }

    private String init(String name, float[] data, long... dims) {
        g.addInitializer(OnnxTensors.tensor(name, data, dims));
        return name;
    }

    private static AttributeProto intAttr(String name, long v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(v).build();
    }

    private static AttributeProto floatAttr(String name, float v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(v).build();
    }

    private static AttributeProto ints(String name, int... v) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (int x : v) a.addInts(x);
        return a.build();
    }

    private static ValueInfoProto valueInfo(String name, long[] sample, String unused) {
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("N"));
        for (long d : sample) s.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        TypeProto t = TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder()
                .setElemType(TensorProto.DataType.FLOAT.getNumber()).setShape(s)).build();
        return ValueInfoProto.newBuilder().setName(name).setType(t).build();
    }

    private static boolean allEqual(float[] v, float x) {
        for (float f : v) {
            if (f != x) return false;
        }
        return true;
    }

    private static String version() {
        String v = OnnxExporter.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
