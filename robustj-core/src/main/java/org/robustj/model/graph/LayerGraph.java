package org.robustj.model.graph;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A network as a readable graph of typed operators: the description certifiers (IBP, CROWN), diagnostics
 * (per-layer features), the ONNX importer and exporter work from. Nodes are in topological order; the last
 * node's output is the logits. Inputs are in [0, 1], shaped N×{@link #inputShape()}; any input
 * normalisation is a {@link Normalize} node inside the graph.
 *
 * <p>Weights are DJL arrays owned by the model's manager; the graph holds them, not copies, so a trainer
 * that differentiates through {@link #forward} (certified training) updates the model's own parameters.
 */
public final class LayerGraph {
    /** The name by which nodes refer to the graph's input. */
    public static final String INPUT = "input";

    private final Shape inputShape;
    private final List<Node> nodes;
    private final Map<String, Integer> index = new HashMap<>();

    /** Checks names (unique), references (to earlier nodes or the input) and arities. */
    public LayerGraph(Shape inputShape, List<Node> nodes) {
        if (nodes.isEmpty()) throw new IllegalArgumentException("a layer graph needs at least one node");
        this.inputShape = inputShape;
        this.nodes = List.copyOf(nodes);
        for (int i = 0; i < this.nodes.size(); i++) {
            Node n = this.nodes.get(i);
            for (String in : n.inputs()) {
                if (!in.equals(INPUT) && !index.containsKey(in)) {
                    throw new IllegalArgumentException("node " + n.name() + " reads '" + in
                            + "', which is not an earlier node");
                }
            }
            if (index.put(n.name(), i) != null) {
                throw new IllegalArgumentException("two nodes are named " + n.name());
            }
        }
    }

    /** A chain: each node reads the previous one (the first reads the input). */
    public static LayerGraph sequential(Shape inputShape, Map<String, Op> layers) {
        List<Node> nodes = new ArrayList<>();
        String prev = INPUT;
        for (Map.Entry<String, Op> e : layers.entrySet()) {
            nodes.add(new Node(e.getKey(), e.getValue(), List.of(prev)));
            prev = e.getKey();
        }
        return new LayerGraph(inputShape, nodes);
    }

    /** Shape of one input sample, e.g. (1, 28, 28). */
    public Shape inputShape() {
        return inputShape;
    }

    /** The nodes in topological order. */
    public List<Node> nodes() {
        return nodes;
    }

    /** The node named so, if any. */
    public Optional<Node> node(String name) {
        Integer i = index.get(name);
        return i == null ? Optional.empty() : Optional.of(nodes.get(i));
    }

    /** The last node, whose output is the logits. */
    public Node output() {
        return nodes.get(nodes.size() - 1);
    }

    /** Whether every node reads only its predecessor (no branches, no residuals). */
    public boolean isSequential() {
        String prev = INPUT;
        for (Node n : nodes) {
            if (!n.inputs().equals(List.of(prev))) return false;
            prev = n.name();
        }
        return true;
    }

    /** The logits for a batch x (N×…); differentiable with respect to x and to any weight requiring it. */
    public NDArray forward(NDArray x) {
        return forward(x, List.of()).get(output().name());
    }

    /**
     * Runs the graph and returns the outputs of the named nodes plus the output node, keyed by name in
     * graph order. Every intermediate array lives in x's manager: run in a sub-manager to free them.
     */
    public Map<String, NDArray> forward(NDArray x, Collection<String> keep) {
        Set<String> wanted = new HashSet<>(keep);
        for (String k : wanted) {
            if (!index.containsKey(k)) throw new IllegalArgumentException("no node '" + k + "' in the graph");
        }
        wanted.add(output().name());
        Map<String, NDArray> live = new HashMap<>();
        live.put(INPUT, x);
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (Node n : nodes) {
            List<NDArray> in = new ArrayList<>(n.inputs().size());
            for (String s : n.inputs()) in.add(live.get(s));
            NDArray y = n.op().forward(in);
            live.put(n.name(), y);
            if (wanted.contains(n.name())) out.put(n.name(), y);
        }
        return out;
    }

    /**
     * A copy of this graph whose weight arrays are converted to {@code type} and owned by {@code manager}
     * (operators without arrays are shared). Bound propagation runs on a float64 copy so that rounding cannot
     * turn a margin that is not positive into a positive one; the copy is detached from the model, so never
     * train through it.
     */
    public LayerGraph toType(DataType type, NDManager manager) {
        List<Node> out = new ArrayList<>(nodes.size());
        for (Node n : nodes) out.add(new Node(n.name(), convert(n.op(), type, manager), n.inputs()));
        return new LayerGraph(inputShape, out);
    }

    private static Op convert(Op op, DataType type, NDManager m) {
        if (op instanceof Linear l) return new Linear(cast(l.weight(), type, m), cast(l.bias(), type, m));
        if (op instanceof Conv2d c) {
            return new Conv2d(cast(c.weight(), type, m), cast(c.bias(), type, m), c.stride(), c.padding(),
                    c.dilation(), c.groups());
        }
        if (op instanceof BatchNorm b) return new BatchNorm(cast(b.scale(), type, m), cast(b.shift(), type, m));
        return op;
    }

    private static NDArray cast(NDArray a, DataType type, NDManager m) {
        if (a == null) return null;
        NDArray c = a.toType(type, true);
        c.attach(m);
        return c;
    }

    /**
     * This graph with every {@link StepFunction} (Round, Floor, Ceil, Sign) given the straight-through
     * (identity) backward pass of BPDA; the weights are shared, the values of every node unchanged.
     */
    public LayerGraph straightThrough() {
        List<Node> out = new ArrayList<>(nodes.size());
        for (Node n : nodes) {
            out.add(n.op() instanceof StepFunction f ? new Node(n.name(), f.withStraightThrough(true), n.inputs()) : n);
        }
        return new LayerGraph(inputShape, out);
    }

    /** Names of the nodes whose operator is a {@link StepFunction} (zero gradient almost everywhere). */
    public List<String> stepNodes() {
        List<String> out = new ArrayList<>();
        for (Node n : nodes) if (n.op() instanceof StepFunction) out.add(n.name());
        return out;
    }

    /** One line per node: name, operator, inputs. */
    public String describe() {
        StringBuilder b = new StringBuilder();
        for (Node n : nodes) {
            b.append(n.name()).append(": ").append(n.op().describe()).append(" ← ")
                    .append(String.join(", ", n.inputs())).append('\n');
        }
        return b.toString();
    }
}
