package org.robustj.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.robustj.errors.ModelLoadException;
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
import org.robustj.model.graph.Op;
import org.robustj.model.graph.Relu;
import org.robustj.model.graph.Round;
import org.robustj.model.graph.Sign;
import org.robustj.model.graph.ScalarAffine;
import org.robustj.onnx.OnnxTensors.Floats;
import org.robustj.onnx.proto.OnnxProto.GraphProto;
import org.robustj.onnx.proto.OnnxProto.ModelProto;
import org.robustj.onnx.proto.OnnxProto.NodeProto;
import org.robustj.onnx.proto.OnnxProto.OperatorSetIdProto;
import org.robustj.onnx.proto.OnnxProto.TensorProto;
import org.robustj.onnx.proto.OnnxProto.TensorShapeProto;
import org.robustj.onnx.proto.OnnxProto.ValueInfoProto;

/**
 * Maps an ONNX graph onto robustj's {@link LayerGraph}, one ONNX node to at most one typed operator (a bias Add
 * joins the MatMul before it, a Div joins the Sub before it as one {@link Normalize}). Shape arithmetic that
 * PyTorch exports for {@code x.view(x.size(0), -1)} (Shape, Gather, Unsqueeze, Concat feeding a Reshape) is
 * evaluated here with the batch size kept symbolic, so a dynamic batch works. Each operator is run once on a
 * probe batch as it is mapped, which checks the weights' shapes and gives the number of classes.
 *
 * <p>Supported: Gemm, MatMul, Add, Sub, Mul, Div (with constants, or Add of two tensors), Conv, Relu,
 * BatchNormalization, AveragePool, MaxPool, GlobalAveragePool, Flatten, Reshape (flattening only), Round,
 * Floor, Ceil, Sign, Clip, Pad (zero padding read by a Conv or AveragePool), Identity, Dropout, Constant and the shape
 * operators above. To support another operator: add a
 * case to {@link #map} (and, if it computes something new, an {@code Op} record in core).
 */
final class OnnxImporter {
    /** The operator types {@link #map} accepts, for error messages. */
    static final List<String> SUPPORTED = List.of("Gemm", "MatMul", "Add", "Sub", "Mul", "Div", "Conv", "Relu",
            "BatchNormalization", "AveragePool", "MaxPool", "GlobalAveragePool", "Flatten", "Reshape", "Round",
            "Floor", "Ceil", "Sign", "Clip", "Pad", "Identity", "Dropout", "Constant", "Shape", "Gather", "Unsqueeze", "Squeeze", "Concat",
            "Cast");

    /** Stands for the batch size inside shape values. */
    private static final long BATCH = Long.MIN_VALUE + 7;

    private static final int PROBE_BATCH = 2;

    /** What an import yields. */
    record Imported(LayerGraph graph, int numClasses, List<String> notes, long opset, String producer) {}

    private sealed interface Value permits Tensor, Const, Ints, Padded {}

    /** A computed tensor: the output of a graph node (or the input). */
    private record Tensor(String node) implements Value {}

    /** A float constant (initializer or Constant node). */
    private record Const(Floats f) implements Value {}

    /**
     * A zero Pad of the spatial axes, waiting for the Conv or AveragePool that reads it to absorb it (PyTorch
     * exports {@code AvgPool2d(count_include_pad=True)} so).
     */
    private record Padded(Tensor x, int[] pads) implements Value {}

    /** An integer constant or a shape value (which may hold {@link #BATCH}). */
    private record Ints(long[] v, boolean scalar) implements Value {}

    private final String ref;
    private final NDManager weights;
    private final NDManager probeScope;
    private final Map<String, Value> values = new HashMap<>();
    private final Map<String, Integer> uses = new HashMap<>();
    private final Map<String, Integer> remaining = new HashMap<>();
    private final List<Node> nodes = new ArrayList<>();
    private final Set<String> names = new HashSet<>();
    private final Map<String, NDArray> probe = new HashMap<>();
    private final List<String> notes = new ArrayList<>();
    private long opset = 1;
    private long declaredBatch = -1;

    private OnnxImporter(String ref, NDManager weights, NDManager probeScope) {
        this.ref = ref;
        this.weights = weights;
        this.probeScope = probeScope;
    }

    /** Parses ONNX bytes; a corrupt or truncated file is a {@code cannot read ONNX model} error. */
    static ModelProto parse(byte[] bytes, String ref) {
        ModelProto m;
        try {
            m = ModelProto.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw unreadable(ref, "not a valid ONNX (protobuf) file: " + firstLine(e.getMessage()), e);
        }
        if (m.getIrVersion() <= 0 || !m.hasGraph() || m.getGraph().getNodeCount() == 0) {
            throw unreadable(ref, "not an ONNX model (" + (m.getIrVersion() <= 0 ? "no IR version" : "no graph nodes")
                    + ")", null);
        }
        return m;
    }

    /**
     * Imports a parsed model: the weights go to {@code weights}; {@code inputShape} (one sample, may be null) is
     * used when the file leaves the sample shape symbolic.
     */
    static Imported read(ModelProto model, NDManager weights, Shape inputShape, String ref) {
        try (NDManager scope = weights.newSubManager()) {
            OnnxImporter im = new OnnxImporter(ref, weights, scope);
            return im.run(model, inputShape);
        }
    }

    private Imported run(ModelProto model, Shape hint) {
        for (OperatorSetIdProto o : model.getOpsetImportList()) {
            if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) opset = o.getVersion();
        }
        GraphProto g = model.getGraph();
        Set<String> inits = new HashSet<>();
        for (TensorProto t : g.getInitializerList()) {
            inits.add(t.getName());
            values.put(t.getName(), constant(t));
        }
        List<ValueInfoProto> inputs = new ArrayList<>();
        for (ValueInfoProto v : g.getInputList()) {
            if (!inits.contains(v.getName())) inputs.add(v);
        }
        if (inputs.size() != 1) {
            throw unreadable(ref, "robustj reads models with one input, this one has " + inputs.size(), null);
        }
        Shape shape = sampleShape(inputs.get(0), hint);
        values.put(inputs.get(0).getName(), new Tensor(LayerGraph.INPUT));
        probe.put(LayerGraph.INPUT, probeScope.zeros(new Shape(prepend(PROBE_BATCH, shape.getShape()))));
        for (NodeProto n : g.getNodeList()) {
            for (String in : n.getInputList()) uses.merge(in, 1, Integer::sum);
        }
        for (ValueInfoProto o : g.getOutputList()) uses.merge(o.getName(), 1, Integer::sum);
        for (int i = 0; i < g.getNodeCount(); i++) {
            NodeProto n = g.getNode(i);
            try {
                map(n, i);
            } catch (ModelLoadException e) {
                throw e;
            } catch (RuntimeException e) {
                throw unreadable(ref, "node " + label(n) + ": " + firstLine(e.getMessage()), e);
            }
        }
        if (g.getOutputCount() == 0) throw unreadable(ref, "the graph has no output", null);
        if (g.getOutputCount() > 1) {
            notes.add("ONNX model " + ref + " has " + g.getOutputCount() + " outputs; robustj uses the first ("
                    + g.getOutput(0).getName() + ") as the logits");
        }
        Value out = values.get(g.getOutput(0).getName());
        if (!(out instanceof Tensor t) || t.node().equals(LayerGraph.INPUT)) {
            throw unreadable(ref, "the graph's output " + g.getOutput(0).getName() + " is not computed from its input",
                    null);
        }
        NDArray logits = probe.get(t.node());
        if (logits.getShape().dimension() != 2) {
            throw unreadable(ref, "the graph's output has shape " + logits.getShape() + " for a batch of " + PROBE_BATCH
                    + "; expected N×K logits", null);
        }
        LayerGraph graph = new LayerGraph(shape, reachable(t.node()));
        String producer = model.getProducerName() + (model.getProducerVersion().isEmpty() ? ""
                : " " + model.getProducerVersion());
        return new Imported(graph, (int) logits.getShape().get(1), notes, opset, producer.strip());
    }

    private Shape sampleShape(ValueInfoProto input, Shape hint) {
        if (!input.getType().hasTensorType()) {
            throw unreadable(ref, "input " + input.getName() + " is not a tensor", null);
        }
        var tt = input.getType().getTensorType();
        if (tt.getElemType() != TensorProto.DataType.FLOAT.getNumber()) {
            throw unreadable(ref, "input " + input.getName() + " has data type " + OnnxTensors.typeName(tt.getElemType())
                    + "; robustj feeds float32 inputs in [0, 1]", null);
        }
        if (!tt.hasShape()) {
            if (hint == null) throw openShape(input, "no shape");
            return hint;
        }
        List<TensorShapeProto.Dimension> dims = tt.getShape().getDimList();
        if (dims.size() < 2) {
            throw unreadable(ref, "input " + input.getName() + " has rank " + dims.size() + "; expected N×… with a "
                    + "batch axis first", null);
        }
        if (dims.get(0).hasDimValue()) declaredBatch = dims.get(0).getDimValue();
        long[] s = new long[dims.size() - 1];
        for (int i = 1; i < dims.size(); i++) {
            if (!dims.get(i).hasDimValue() || dims.get(i).getDimValue() <= 0) {
                if (hint == null) throw openShape(input, "axis " + i + " is '" + dims.get(i).getDimParam() + "'");
                if (hint.dimension() != s.length) {
                    throw unreadable(ref, "input " + input.getName() + " has rank " + dims.size()
                            + " but the data set's samples are " + hint, null);
                }
                return hint;
            }
            s[i - 1] = dims.get(i).getDimValue();
        }
        return new Shape(s);
    }

    private ModelLoadException openShape(ValueInfoProto input, String why) {
        return new ModelLoadException("ONNX model " + ref + " leaves the sample shape of input " + input.getName()
                + " open (" + why + "); pass --dataset so robustj knows it");
    }

    // ---------------------------------------------------------------------------------------------------------
    // the operators

    private void map(NodeProto n, int index) {
        if (!n.getDomain().isEmpty() && !n.getDomain().equals("ai.onnx")) throw unsupported(n);
        OnnxAttributes a = new OnnxAttributes(n);
        switch (n.getOpType()) {
            case "Constant" -> bind(n, constantNode(n, a));
            case "Identity" -> alias(n, in(n, 0));
            case "Dropout" -> {
                unused(n, 1);
                if (n.getInputCount() > 2 && !n.getInput(2).isEmpty() && in(n, 2) instanceof Ints t && t.v()[0] != 0) {
                    throw new IllegalArgumentException("Dropout in training mode");
                }
                alias(n, in(n, 0));
            }
            case "Relu" -> emit(n, index, new Relu(), tensor(n, 0));
            case "Round" -> emit(n, index, new Round(), tensor(n, 0));
            case "Floor" -> emit(n, index, new Floor(), tensor(n, 0));
            case "Ceil" -> emit(n, index, new Ceil(), tensor(n, 0));
            case "Sign" -> emit(n, index, new Sign(), tensor(n, 0));
            case "Clip" -> clip(n, index, a);
            case "Flatten" -> {
                Tensor x = tensor(n, 0);
                int r = rank(x);
                long axis = a.getInt("axis", 1);
                if (axis < 0) axis += r;
                if (axis != 1) {
                    throw new IllegalArgumentException("Flatten with axis " + a.getInt("axis", 1) + " on a rank-" + r
                            + " tensor would mix the batch axis; only axis 1 is supported");
                }
                emit(n, index, new Flatten(), x);
            }
            case "Reshape" -> reshape(n, index);
            case "Gemm" -> gemm(n, index, a);
            case "MatMul" -> matmul(n, index);
            case "Add" -> add(n, index);
            case "Sub" -> sub(n, index);
            case "Mul" -> mul(n, index);
            case "Div" -> div(n, index);
            case "BatchNormalization" -> batchNorm(n, index, a);
            case "Conv" -> conv(n, index, a);
            case "MaxPool" -> {
                unused(n, 1);
                noCeil(a);
                ones(a, "dilations");
                int[][] kp = pool(n, a, tensor(n, 0));
                emit(n, index, new MaxPool(kp[0], kp[1], kp[2]), tensor(n, 0));
            }
            case "AveragePool" -> {
                noCeil(a);
                ones(a, "dilations");
                Padded pad = in(n, 0) instanceof Padded pd ? pd : null;
                Tensor x = pad != null ? pad.x() : tensor(n, 0);
                int[][] kp = pool(n, a, x);
                boolean include = a.getInt("count_include_pad", 0) != 0;
                if (pad != null) {
                    if (!include && (kp[2][0] != 0 || kp[2][1] != 0)) {
                        throw unsupported(n, "with pads of its own after a Pad node and count_include_pad=0");
                    }
                    kp[2] = new int[] {kp[2][0] + pad.pads()[0], kp[2][1] + pad.pads()[1]};
                    include = true;
                }
                emit(n, index, new AvgPool(kp[0], kp[1], kp[2], include), x);
            }
            case "Pad" -> pad(n, a);
            case "GlobalAveragePool" -> {
                Tensor x = tensor(n, 0);
                if (rank(x) != 4) throw new IllegalArgumentException("GlobalAveragePool needs N×C×H×W");
                emit(n, index, new GlobalAvgPool(), x);
            }
            case "Shape" -> {
                long[] s = probe.get(tensor(n, 0).node()).getShape().getShape().clone();
                s[0] = BATCH;
                int r = s.length;
                int start = (int) norm(a.getInt("start", 0), r);
                int end = (int) norm(a.getInt("end", r), r);
                bind(n, new Ints(Arrays.copyOfRange(s, Math.max(0, start), Math.min(r, end)), false));
            }
            case "Gather" -> {
                Ints data = ints(n, 0);
                Ints idx = ints(n, 1);
                if (a.getInt("axis", 0) != 0) throw new IllegalArgumentException("Gather on shapes needs axis 0");
                long[] v = new long[idx.v().length];
                for (int i = 0; i < v.length; i++) v[i] = data.v()[(int) norm(idx.v()[i], data.v().length)];
                bind(n, new Ints(v, idx.scalar()));
            }
            case "Unsqueeze", "Squeeze", "Cast" -> {
                Value v = in(n, 0);
                if (v instanceof Ints t) {
                    bind(n, new Ints(t.v(), n.getOpType().equals("Squeeze") && t.v().length == 1));
                } else if (n.getOpType().equals("Cast") && v instanceof Tensor
                        && a.getInt("to", 0) == TensorProto.DataType.FLOAT.getNumber()) {
                    alias(n, v);
                } else {
                    throw unsupported(n, "on a computed tensor (robustj evaluates it only on shape values)");
                }
            }
            case "Concat" -> {
                List<Long> v = new ArrayList<>();
                for (int i = 0; i < n.getInputCount(); i++) {
                    for (long x : ints(n, i).v()) v.add(x);
                }
                bind(n, new Ints(v.stream().mapToLong(Long::longValue).toArray(), false));
            }
            default -> throw unsupported(n);
        }
    }

    private void clip(NodeProto n, int index, OnnxAttributes a) {
        double min = Double.NEGATIVE_INFINITY;
        double max = Double.POSITIVE_INFINITY;
        if (opset >= 11) {
            if (n.getInputCount() > 1 && !n.getInput(1).isEmpty()) min = scalar(n, 1);
            if (n.getInputCount() > 2 && !n.getInput(2).isEmpty()) max = scalar(n, 2);
        } else {
            if (a.has("min")) min = a.getFloat("min", 0);
            if (a.has("max")) max = a.getFloat("max", 0);
        }
        emit(n, index, new Clip(min, max), tensor(n, 0));
    }

    private void reshape(NodeProto n, int index) {
        Tensor x = tensor(n, 0);
        long[] target = ints(n, 1).v().clone();
        long[] s = probe.get(x.node()).getShape().getShape();
        long d = 1;
        for (int i = 1; i < s.length; i++) d *= s[i];
        if (target.length == 2) {
            if (target[1] == 0 && s.length > 1) target[1] = s[1];
            boolean batchFirst = target[0] == BATCH || target[0] == 0
                    || (declaredBatch > 0 && target[0] == declaredBatch && declaredBatch != d)
                    || (target[0] == -1 && target[1] == d);
            if (batchFirst && (target[1] == -1 || target[1] == d)) {
                emit(n, index, new Flatten(), x);
                return;
            }
        }
        List<String> shown = new ArrayList<>();
        for (long t : target) shown.add(t == BATCH ? "N" : Long.toString(t));
        throw new IllegalArgumentException("Reshape to " + shown + " is not a flatten (N×… to N×" + d
                + "); robustj imports only flattening reshapes");
    }

    private void gemm(NodeProto n, int index, OnnxAttributes a) {
        if (!(in(n, 0) instanceof Tensor x)) {
            throw new IllegalArgumentException("Gemm needs the computed tensor as its first input A");
        }
        if (a.getInt("transA", 0) != 0) {
            throw new IllegalArgumentException("Gemm with transA=1 would transpose the batch axis into the features");
        }
        requireRank(x, 2, "Gemm");
        Floats b = constant(n, 1);
        if (b.dims().length != 2) throw new IllegalArgumentException("Gemm's B must be a matrix");
        float[] w = a.getInt("transB", 0) != 0 ? b.data().clone() : transpose(b.data(), b.dims()[0], b.dims()[1]);
        long out = a.getInt("transB", 0) != 0 ? b.dims()[0] : b.dims()[1];
        long inF = b.data().length / out;
        checkFeatures(x, inF, "Gemm");
        float alpha = a.getFloat("alpha", 1f);
        if (alpha != 1f) {
            for (int i = 0; i < w.length; i++) w[i] *= alpha;
        }
        NDArray bias = null;
        if (n.getInputCount() > 2 && !n.getInput(2).isEmpty()) {
            float[] c = vector(constant(n, 2), out, "Gemm's C");
            float beta = a.getFloat("beta", 1f);
            if (beta != 1f) {
                for (int i = 0; i < c.length; i++) c[i] *= beta;
            }
            bias = weights.create(c);
        }
        emit(n, index, new Linear(weights.create(w, new Shape(out, inF)), bias), x);
    }

    private void matmul(NodeProto n, int index) {
        if (!(in(n, 0) instanceof Tensor x)) {
            throw unsupported(n, "with a constant left operand (robustj maps x·W with the batch on the left)");
        }
        requireRank(x, 2, "MatMul");
        Floats b = constant(n, 1);
        if (b.dims().length != 2) throw new IllegalArgumentException("MatMul's right operand must be a matrix");
        checkFeatures(x, b.dims()[0], "MatMul");
        float[] w = transpose(b.data(), b.dims()[0], b.dims()[1]);
        emit(n, index, new Linear(weights.create(w, new Shape(b.dims()[1], b.dims()[0])), null), x);
    }

    private void add(NodeProto n, int index) {
        Value l = in(n, 0);
        Value r = in(n, 1);
        if (l instanceof Tensor x && r instanceof Tensor y) {
            if (!probe.get(x.node()).getShape().equals(probe.get(y.node()).getShape())) {
                throw unsupported(n, "of tensors of shapes " + probe.get(x.node()).getShape() + " and "
                        + probe.get(y.node()).getShape() + " (only same-shaped residual sums)");
            }
            emit(n, index, new Add(), x, y);
            return;
        }
        Tensor x = l instanceof Tensor t ? t : tensor(n, 1);
        Floats c = l instanceof Tensor ? constant(n, 1) : constant(n, 0);
        Node p = fusable(x);
        if (p != null && p.op() instanceof Linear lin && lin.bias() == null && c.size() == lin.out()
                && (c.dims().length == 1 || (c.dims().length == 2 && c.dims()[0] == 1))) {
            replace(p, new Linear(lin.weight(), weights.create(c.data().clone())));
            alias(n, x);
            return;
        }
        float[] v = channels(x, c, "Add");
        if (v.length == 1) {
            if (p != null && p.op() instanceof ScalarAffine sa && sa.shift() == 0) {
                replace(p, new ScalarAffine(sa.scale(), v[0]));
                alias(n, x);
                return;
            }
            emit(n, index, new ScalarAffine(1, v[0]), x);
        } else {
            float[] one = new float[v.length];
            Arrays.fill(one, 1f);
            emit(n, index, new BatchNorm(weights.create(one), weights.create(v)), x);
        }
    }

    private void sub(NodeProto n, int index) {
        Value l = in(n, 0);
        Value r = in(n, 1);
        if (l instanceof Tensor && r instanceof Tensor) throw unsupported(n, "of two computed tensors");
        if (l instanceof Tensor x) {
            float[] v = channels(x, constant(n, 1), "Sub");
            if (v.length == 1) emit(n, index, new ScalarAffine(1, -v[0]), x);
            else emit(n, index, new Normalize(v, filled(v.length, 1f)), x);
        } else {
            Tensor x = tensor(n, 1);
            float[] v = channels(x, constant(n, 0), "Sub");
            if (v.length == 1) emit(n, index, new ScalarAffine(-1, v[0]), x);
            else emit(n, index, new Normalize(v, filled(v.length, -1f)), x);
        }
    }

    private void mul(NodeProto n, int index) {
        Value l = in(n, 0);
        Value r = in(n, 1);
        if (l instanceof Tensor && r instanceof Tensor) throw unsupported(n, "of two computed tensors");
        Tensor x = l instanceof Tensor t ? t : tensor(n, 1);
        float[] v = channels(x, l instanceof Tensor ? constant(n, 1) : constant(n, 0), "Mul");
        if (v.length == 1) emit(n, index, new ScalarAffine(v[0], 0), x);
        else emit(n, index, new BatchNorm(weights.create(v), weights.create(new float[v.length])), x);
    }

    private void div(NodeProto n, int index) {
        if (!(in(n, 0) instanceof Tensor x)) throw unsupported(n, "of a constant by a computed tensor");
        if (in(n, 1) instanceof Tensor) throw unsupported(n, "of two computed tensors");
        float[] v = channels(x, constant(n, 1), "Div");
        for (float f : v) {
            if (f == 0 || !Float.isFinite(f)) throw new IllegalArgumentException("Div by " + f);
        }
        Node p = fusable(x);
        if (p != null && p.op() instanceof Normalize nz && allEqual(nz.std(), 1f)
                && (nz.mean().length == v.length || nz.mean().length == 1 || v.length == 1)) {
            int c = Math.max(nz.mean().length, v.length);
            replace(p, new Normalize(expand(nz.mean(), c), expand(v, c)));
            alias(n, x);
            return;
        }
        if (p != null && p.op() instanceof ScalarAffine sa && sa.scale() == 1 && sa.shift() != 0) {
            // x + shift, then / v: the same as Normalize(−shift, v), exactly
            replace(p, new Normalize(filled(v.length, (float) -sa.shift()), v));
            alias(n, x);
            return;
        }
        emit(n, index, new Normalize(new float[v.length], v), x);
    }

    private void batchNorm(NodeProto n, int index, OnnxAttributes a) {
        unused(n, 1);
        if (a.getInt("training_mode", 0) != 0) throw new IllegalArgumentException("BatchNormalization in training mode");
        Tensor x = tensor(n, 0);
        long c = probe.get(x.node()).getShape().get(1);
        NDArray[] p = new NDArray[4];
        String[] what = {"scale", "B", "mean", "var"};
        for (int i = 0; i < 4; i++) p[i] = weights.create(vector(constant(n, i + 1), c, "BatchNormalization " + what[i]));
        BatchNorm bn = BatchNorm.fold(p[0], p[1], p[2], p[3], a.getFloat("epsilon", 1e-5f));
        emit(n, index, bn, x);
    }

    private void conv(NodeProto n, int index, OnnxAttributes a) {
        Padded pad = in(n, 0) instanceof Padded pd ? pd : null;
        Tensor x = pad != null ? pad.x() : tensor(n, 0);
        requireRank(x, 4, "Conv (2-D)");
        Floats w = constant(n, 1);
        if (w.dims().length != 4) throw unsupported(n, "with a " + (w.dims().length - 2) + "-D kernel (only 2-D)");
        long[] ks = a.getInts("kernel_shape");
        if (ks != null && (ks.length != 2 || ks[0] != w.dims()[2] || ks[1] != w.dims()[3])) {
            throw new IllegalArgumentException("kernel_shape " + Arrays.toString(ks) + " differs from the weight's");
        }
        int group = (int) a.getInt("group", 1);
        long inC = probe.get(x.node()).getShape().get(1);
        if (w.dims()[1] * group != inC) {
            throw new IllegalArgumentException("weight " + Arrays.toString(w.dims()) + " with group " + group
                    + " does not fit " + inC + " input channels");
        }
        NDArray bias = null;
        if (n.getInputCount() > 2 && !n.getInput(2).isEmpty()) {
            bias = weights.create(vector(constant(n, 2), w.dims()[0], "Conv bias"));
        }
        int[] stride = pair(a, "strides", 1);
        int[] dilation = pair(a, "dilations", 1);
        int[] pads = pads(a);
        if (pad != null) pads = new int[] {pads[0] + pad.pads()[0], pads[1] + pad.pads()[1]};
        emit(n, index, new Conv2d(weights.create(w.data(), new Shape(w.dims())), bias, stride, pads, dilation, group), x);
    }

    /** A zero, symmetric Pad of the spatial axes of an N×C×H×W tensor, kept for the node that reads it. */
    private void pad(NodeProto n, OnnxAttributes a) {
        Tensor x = tensor(n, 0);
        requireRank(x, 4, "Pad");
        if (!a.getString("mode", "constant").equals("constant")) {
            throw unsupported(n, "in mode " + a.getString("mode", "constant") + " (only constant zero padding)");
        }
        long[] p;
        double value;
        if (opset >= 11) {
            p = ints(n, 1).v();
            value = n.getInputCount() > 2 && !n.getInput(2).isEmpty() ? scalar(n, 2) : 0;
            if (n.getInputCount() > 3 && !n.getInput(3).isEmpty()) throw unsupported(n, "with an axes input");
        } else {
            p = a.getInts("pads");
            value = a.getFloat("value", 0);
        }
        if (value != 0 || p == null || p.length != 8 || p[0] != 0 || p[1] != 0 || p[4] != 0 || p[5] != 0
                || p[2] != p[6] || p[3] != p[7] || p[2] < 0 || p[3] < 0) {
            throw unsupported(n, "other than zero, symmetric padding of H and W (pads " + Arrays.toString(p)
                    + ", value " + value + ")");
        }
        values.put(n.getOutput(0), new Padded(x, new int[] {(int) p[2], (int) p[3]}));
    }

    /** kernel, stride, padding of a 2-D pool. */
    private int[][] pool(NodeProto n, OnnxAttributes a, Tensor x) {
        requireRank(x, 4, n.getOpType());
        long[] k = a.getInts("kernel_shape");
        if (k == null || k.length != 2) throw new IllegalArgumentException("needs a 2-D kernel_shape");
        return new int[][] {{(int) k[0], (int) k[1]}, pair(a, "strides", 1), pads(a)};
    }

    private static void noCeil(OnnxAttributes a) {
        if (a.getInt("ceil_mode", 0) != 0) throw new IllegalArgumentException("ceil_mode=1 is not supported");
    }

    private static void ones(OnnxAttributes a, String name) {
        long[] v = a.getInts(name);
        if (v != null) {
            for (long x : v) {
                if (x != 1) throw new IllegalArgumentException(name + " " + Arrays.toString(v) + " is not supported");
            }
        }
    }

    private static int[] pair(OnnxAttributes a, String name, int dflt) {
        long[] v = a.getInts(name);
        if (v == null) return new int[] {dflt, dflt};
        if (v.length != 2) throw new IllegalArgumentException(name + " " + Arrays.toString(v) + " is not 2-D");
        return new int[] {(int) v[0], (int) v[1]};
    }

    /** Symmetric 2-D padding (top = bottom, left = right); auto_pad NOTSET or VALID. */
    private static int[] pads(OnnxAttributes a) {
        String auto = a.getString("auto_pad", "NOTSET");
        if (auto.equals("VALID")) return new int[] {0, 0};
        if (!auto.equals("NOTSET")) {
            throw new IllegalArgumentException("auto_pad " + auto + " is not supported (export with explicit pads)");
        }
        long[] p = a.getInts("pads");
        if (p == null) return new int[] {0, 0};
        if (p.length != 4 || p[0] != p[2] || p[1] != p[3]) {
            throw new IllegalArgumentException("pads " + Arrays.toString(p) + " are not symmetric 2-D padding");
        }
        return new int[] {(int) p[0], (int) p[1]};
    }

    // ---------------------------------------------------------------------------------------------------------
    // values, nodes and the probe

    private Value in(NodeProto n, int i) {
        if (i >= n.getInputCount() || n.getInput(i).isEmpty()) {
            throw new IllegalArgumentException("input " + i + " is missing");
        }
        Value v = values.get(n.getInput(i));
        if (v == null) {
            throw new IllegalArgumentException("reads '" + n.getInput(i) + "', which no earlier node, initializer or "
                    + "input defines");
        }
        return v;
    }

    private Tensor tensor(NodeProto n, int i) {
        Value v = in(n, i);
        if (v instanceof Tensor t) return t;
        if (v instanceof Padded) throw unsupported(n, "after a Pad node (only Conv and AveragePool absorb a Pad)");
        throw unsupported(n, "on constants only (input '" + n.getInput(i) + "')");
    }

    private Floats constant(NodeProto n, int i) {
        Value v = in(n, i);
        if (v instanceof Const c) return c.f();
        if (v instanceof Ints t) {
            float[] f = new float[t.v().length];
            for (int k = 0; k < f.length; k++) {
                if (t.v()[k] == BATCH) throw new IllegalArgumentException("uses the batch size as a number");
                f[k] = t.v()[k];
            }
            return new Floats(f, t.scalar() ? new long[0] : new long[] {f.length});
        }
        throw unsupported(n, "with a computed tensor as input " + i + " ('" + n.getInput(i)
                + "'), where robustj needs a constant");
    }

    private Ints ints(NodeProto n, int i) {
        if (in(n, i) instanceof Ints t) return t;
        throw unsupported(n, "with input '" + n.getInput(i) + "' that is not an integer constant or shape");
    }

    private double scalar(NodeProto n, int i) {
        Floats f = constant(n, i);
        if (f.size() != 1) throw new IllegalArgumentException("input " + i + " must be a scalar");
        return f.data()[0];
    }

    private Value constant(TensorProto t) {
        if (OnnxTensors.isInteger(t.getDataType())) return new Ints(OnnxTensors.ints(t), t.getDimsCount() == 0);
        return new Const(OnnxTensors.floats(t));
    }

    private Value constantNode(NodeProto n, OnnxAttributes a) {
        if (a.has("value")) return constant(a.get("value").getT());
        if (a.has("value_float")) return new Const(new Floats(new float[] {a.getFloat("value_float", 0)}, new long[0]));
        if (a.has("value_floats")) {
            var at = a.get("value_floats");
            float[] f = new float[at.getFloatsCount()];
            for (int i = 0; i < f.length; i++) f[i] = at.getFloats(i);
            return new Const(new Floats(f, new long[] {f.length}));
        }
        if (a.has("value_int")) return new Ints(new long[] {a.getInt("value_int", 0)}, true);
        if (a.has("value_ints")) return new Ints(a.getInts("value_ints"), false);
        throw unsupported(n, "with a sparse or string value");
    }

    /** The constant's values per channel (axis 1 of x) or one scalar; ONNX broadcasting otherwise is an error. */
    private float[] channels(Tensor x, Floats c, String op) {
        long[] s = probe.get(x.node()).getShape().getShape();
        long[] d = c.dims();
        if (c.size() == 1 && d.length <= s.length) return new float[] {c.data()[0]};
        boolean ok = d.length <= s.length && d.length >= s.length - 1;
        for (int k = 0; ok && k < d.length; k++) {
            int axis = s.length - d.length + k;
            ok = axis == 1 ? d[k] == s[1] : d[k] == 1;
        }
        if (!ok) {
            throw new IllegalArgumentException(op + " with a constant of shape " + Arrays.toString(d) + " on a tensor of"
                    + " shape N×" + Arrays.toString(Arrays.copyOfRange(s, 1, s.length)) + " is neither scalar nor per"
                    + " channel; robustj supports only those");
        }
        return c.data().clone();
    }

    private static float[] vector(Floats f, long n, String what) {
        if (f.size() == n) return f.data().clone();
        if (f.size() == 1) return filled((int) n, f.data()[0]);
        throw new IllegalArgumentException(what + " has " + f.size() + " values, expected " + n);
    }

    private int rank(Tensor x) {
        return probe.get(x.node()).getShape().dimension();
    }

    private void requireRank(Tensor x, int r, String op) {
        if (rank(x) != r) {
            throw new IllegalArgumentException(op + " needs a rank-" + r + " input, got shape "
                    + probe.get(x.node()).getShape() + " for a batch of " + PROBE_BATCH);
        }
    }

    private void checkFeatures(Tensor x, long in, String op) {
        long have = probe.get(x.node()).getShape().get(1);
        if (have != in) throw new IllegalArgumentException(op + " expects " + in + " features, its input has " + have);
    }

    /** Adds a node for ONNX node {@code n}, runs it on the probe and binds n's first output to it. */
    private void emit(NodeProto n, int index, Op op, Tensor... inputs) {
        for (int o = 1; o < n.getOutputCount(); o++) unused(n, o);
        String name = name(n, index);
        List<String> ins = new ArrayList<>();
        List<NDArray> xs = new ArrayList<>();
        for (Tensor t : inputs) {
            ins.add(t.node());
            xs.add(probe.get(t.node()));
            remaining.merge(t.node(), -1, Integer::sum);
        }
        Node node = new Node(name, op, ins);
        probe.put(name, run(op, xs));
        nodes.add(node);
        names.add(name);
        remaining.put(name, uses.getOrDefault(n.getOutput(0), 0));
        values.put(n.getOutput(0), new Tensor(name));
    }

    private NDArray run(Op op, List<NDArray> xs) {
        NDArray y = op.forward(xs);
        y.attach(probeScope);
        return y;
    }

    /** The node producing x when only the current ONNX node reads it (so it can absorb the current one). */
    private Node fusable(Tensor x) {
        if (x.node().equals(LayerGraph.INPUT) || remaining.getOrDefault(x.node(), 0) != 1) return null;
        for (Node node : nodes) {
            if (node.name().equals(x.node())) return node;
        }
        return null;
    }

    private void replace(Node old, Op op) {
        int i = nodes.indexOf(old);
        Node node = new Node(old.name(), op, old.inputs());
        nodes.set(i, node);
        List<NDArray> xs = new ArrayList<>();
        for (String s : old.inputs()) xs.add(probe.get(s));
        probe.put(old.name(), run(op, xs));
    }

    /** n's output is the same value as v (Identity, Dropout, an absorbed operator). */
    private void alias(NodeProto n, Value v) {
        if (v instanceof Tensor t) {
            remaining.merge(t.node(), uses.getOrDefault(n.getOutput(0), 0) - 1, Integer::sum);
        }
        values.put(n.getOutput(0), v);
    }

    private void bind(NodeProto n, Value v) {
        values.put(n.getOutput(0), v);
    }

    private void unused(NodeProto n, int output) {
        if (output < n.getOutputCount() && uses.getOrDefault(n.getOutput(output), 0) > 0) {
            throw unsupported(n, "with its output " + output + " ('" + n.getOutput(output) + "') in use");
        }
    }

    private String name(NodeProto n, int index) {
        String base = n.getName().isBlank() ? n.getOpType().toLowerCase(Locale.ROOT) + "_" + index : n.getName();
        if (base.equals(LayerGraph.INPUT)) base = base + "_" + index;
        String name = base;
        for (int k = 2; names.contains(name); k++) name = base + "_" + k;
        return name;
    }

    /** The nodes the output depends on, in order. */
    private List<Node> reachable(String output) {
        Set<String> need = new HashSet<>();
        need.add(output);
        for (int i = nodes.size() - 1; i >= 0; i--) {
            if (need.contains(nodes.get(i).name())) need.addAll(nodes.get(i).inputs());
        }
        List<Node> kept = new ArrayList<>();
        for (Node node : nodes) {
            if (need.contains(node.name())) kept.add(node);
        }
        return kept;
    }

    // ---------------------------------------------------------------------------------------------------------
    // errors and small helpers

    private ModelLoadException unsupported(NodeProto n) {
        String op = n.getDomain().isEmpty() || n.getDomain().equals("ai.onnx") ? n.getOpType()
                : n.getDomain() + "::" + n.getOpType();
        return new UnsupportedOperatorException("ONNX model " + ref + ": unsupported operator " + op + " (node " + label(n)
                + "); robustj imports " + String.join(", ", SUPPORTED));
    }

    private ModelLoadException unsupported(NodeProto n, String how) {
        return new UnsupportedOperatorException("ONNX model " + ref + ": unsupported use of operator " + n.getOpType()
                + " (node " + label(n) + "): " + n.getOpType() + " " + how);
    }

    private static String label(NodeProto n) {
        return "'" + (n.getName().isEmpty() ? "(unnamed " + n.getOpType() + " → " + (n.getOutputCount() > 0
                ? n.getOutput(0) : "?") + ")" : n.getName()) + "'";
    }

    static ModelLoadException unreadable(String ref, String why, Throwable cause) {
        return new ModelLoadException("cannot read ONNX model " + ref + ": " + why, cause);
    }

    private static String firstLine(String m) {
        if (m == null) return "";
        int nl = m.indexOf('\n');
        return (nl >= 0 ? m.substring(0, nl) : m).strip();
    }

    private static long norm(long i, int n) {
        return i < 0 ? i + n : i;
    }

    private static long[] prepend(long first, long[] rest) {
        long[] s = new long[rest.length + 1];
        s[0] = first;
        System.arraycopy(rest, 0, s, 1, rest.length);
        return s;
    }

    private static float[] transpose(float[] m, long rows, long cols) {
        float[] t = new float[m.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) t[(int) (c * rows + r)] = m[(int) (r * cols + c)];
        }
        return t;
    }

    private static float[] filled(int n, float v) {
        float[] f = new float[n];
        Arrays.fill(f, v);
        return f;
    }

    private static float[] expand(float[] v, int n) {
        return v.length == n ? v : filled(n, v[0]);
    }

    private static boolean allEqual(float[] v, float x) {
        for (float f : v) {
            if (f != x) return false;
        }
        return true;
    }
}
