package org.robustj.certify.bounds;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.robustj.model.graph.AvgPool;
import org.robustj.model.graph.Conv2d;
import org.robustj.model.graph.LayerGraph;
import org.robustj.model.graph.Linear;
import org.robustj.model.graph.Node;
import org.robustj.threat.Norm;

/**
 * The bound computation over one graph, inside one scope: IBP forward through every node, optionally
 * refining the inputs of element-wise nodes with CROWN (full CROWN), and the CROWN backward pass from any node
 * to the input. Every array it creates lives in the scope given to the constructor.
 */
final class Propagation {
    private final LayerGraph graph;
    private final NDManager scope;
    private final BoundOptions options;
    private final Map<String, Shape> shapes = new HashMap<>();
    private final Map<String, Integer> position = new HashMap<>();
    private final Map<String, List<Node>> consumers = new HashMap<>();
    private final long largest;
    private Interval box;
    private InputSet boxOf;

    Propagation(LayerGraph graph, NDManager scope, DataType type, BoundOptions options) {
        this.graph = graph;
        this.scope = scope;
        this.options = options;
        Shape in = graph.inputShape();
        shapes.put(LayerGraph.INPUT, in);
        List<String> names = new ArrayList<>();
        for (Node n : graph.nodes()) names.add(n.name());
        long big = in.size();
        try (NDManager probe = scope.newSubManager()) {
            NDArray zero = probe.zeros(new Shape(1).addAll(in), type);
            Map<String, NDArray> out = graph.forward(zero, names);
            for (Map.Entry<String, NDArray> e : out.entrySet()) {
                Shape s = e.getValue().getShape();
                Shape sample = s.slice(1);
                shapes.put(e.getKey(), sample);
                big = Math.max(big, sample.size());
            }
        }
        for (Node n : graph.nodes()) {
            // a backward convolution step unfolds (im2col) out-channels·kh·kw × input cells per row
            Shape input = shapes.get(n.inputs().get(0));
            if (n.op() instanceof Conv2d cv) {
                Shape w = cv.weight().getShape();
                big = Math.max(big, w.get(0) * w.get(2) * w.get(3) * input.get(1) * input.get(2));
            } else if (n.op() instanceof AvgPool ap) {
                big = Math.max(big, (long) ap.kernel()[0] * ap.kernel()[1] * input.size());
            }
        }
        largest = big;
        for (int i = 0; i < graph.nodes().size(); i++) {
            Node n = graph.nodes().get(i);
            position.put(n.name(), i);
            for (String s : n.inputs()) consumers.computeIfAbsent(s, k -> new ArrayList<>()).add(n);
        }
    }

    /**
     * The intervals of every node (and of the input) and the relaxations of every element-wise node, plus
     * {@code plain}: the relaxations from CROWN-only intermediate bounds (auto_LiRPA's CROWN: the neurons
     * unstable under IBP get their CROWN bounds, not intersected with IBP), the same map as {@code relaxations}
     * when nothing was refined. Both are sound; neither bound is always tighter (the adaptive ReLU lower slope
     * is chosen from the intervals), so full CROWN keeps the better of the two per row.
     */
    record State(Map<String, Interval> intervals, Map<String, Relaxation> relaxations,
            Map<String, Relaxation> plain) {
        State(Map<String, Interval> intervals, Map<String, Relaxation> relaxations) {
            this(intervals, relaxations, relaxations);
        }
    }

    /**
     * IBP through the graph from the set's box; with {@code refine}, the input of every element-wise node is
     * also bounded by CROWN before that node is relaxed. Two chains are kept, each refined with its own earlier
     * relaxations: the plain one (CROWN bounds for the neurons whose relaxation the plain chain's IBP leaves
     * inexact, IBP's for the others: auto_LiRPA's CROWN) and the tight one (its IBP intersected with CROWN).
     * Neither chain's final bound is always the better one, so both are kept (twice the refinement work).
     */
    State forward(InputSet set, boolean refine) {
        Map<String, Interval> iv = new HashMap<>();
        Map<String, Relaxation> relax = new HashMap<>();
        Map<String, Interval> plainIv = refine ? new HashMap<>() : iv;
        Map<String, Relaxation> plainRelax = refine ? new HashMap<>() : relax;
        Interval start = box(set);
        iv.put(LayerGraph.INPUT, start);
        plainIv.put(LayerGraph.INPUT, start);
        for (Node n : graph.nodes()) {
            BoundRule rule = Rules.of(n.op());
            // before the first element-wise node the network is affine in x, and IBP of an affine map over a box
            // is already its exact range: CROWN would only recompute it (for L2/L1 the ball is smaller than
            // its box, and CROWN's dual-norm bound can be tighter)
            Interval v = step(n, rule, iv, relax);
            boolean affineSoFar = relax.isEmpty() && set.norm() == Norm.LINF;
            if (refine) {
                Interval pv = step(n, rule, plainIv, plainRelax);
                if (!affineSoFar && feedsElementwise(n.name())) {
                    pv = refine(n.name(), pv, set, plainRelax);
                    Interval cv = refine(n.name(), v, set, relax);
                    v = new Interval(v.lower().maximum(cv.lower()), v.upper().minimum(cv.upper()));
                }
                plainIv.put(n.name(), pv);
            }
            iv.put(n.name(), v);
        }
        return new State(iv, relax, plainRelax);
    }

    /** Relaxes node n if it is element-wise (into {@code relax}) and returns its IBP interval from {@code iv}. */
    private static Interval step(Node n, BoundRule rule, Map<String, Interval> iv, Map<String, Relaxation> relax) {
        List<Interval> in = new ArrayList<>();
        for (String s : n.inputs()) in.add(iv.get(s));
        if (rule instanceof ElementwiseRule e) {
            relax.put(n.name(), e.relax(n.op(), in.get(0)));
        }
        return rule.ibp(n.op(), in);
    }

    /** IBP through the graph from an arbitrary input box (no refinement). */
    State forwardFromBox(Interval input) {
        return forwardFromBox(input, Map.of());
    }

    /**
     * IBP from a box, with the element-wise nodes named in {@code slopes} replaced by multiplication with the
     * given non-negative slopes (the network linearised at a point, for IBP tightness).
     */
    State forwardFromBox(Interval input, Map<String, NDArray> slopes) {
        Map<String, Interval> iv = new HashMap<>();
        iv.put(LayerGraph.INPUT, input);
        for (Node n : graph.nodes()) {
            List<Interval> in = new ArrayList<>();
            for (String s : n.inputs()) in.add(iv.get(s));
            NDArray slope = slopes.get(n.name());
            iv.put(n.name(), slope == null ? Rules.of(n.op()).ibp(n.op(), in)
                    : new Interval(in.get(0).lower().mul(slope), in.get(0).upper().mul(slope)));
        }
        return new State(iv, new HashMap<>());
    }

    private boolean feedsElementwise(String name) {
        for (Node c : consumers.getOrDefault(name, List.of())) {
            if (Rules.of(c.op()) instanceof ElementwiseRule) return true;
        }
        return false;
    }

    /**
     * {@code v} with the neurons of {@code name} whose consumers' relaxations are inexact under {@code v}
     * replaced by their CROWN bounds (not intersected with {@code v}: the caller decides).
     */
    private Interval refine(String name, Interval v, InputSet set, Map<String, Relaxation> relax) {
        NDArray mask = null;
        for (Node c : consumers.get(name)) {
            if (Rules.of(c.op()) instanceof ElementwiseRule e) {
                NDArray m = e.inexact(c.op(), v);
                mask = mask == null ? m : mask.logicalOr(m);
            }
        }
        Shape sample = shapes.get(name);
        int d = (int) sample.size();
        long n = v.lower().getShape().get(0);
        boolean[] flags = mask.reshape(n, d).toBooleanArray();
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < d; i++) {
            for (int p = 0; p < n; p++) {
                if (flags[p * d + i]) {
                    idx.add(i);
                    break;
                }
            }
        }
        if (idx.isEmpty()) return v;
        DataType type = v.lower().getDataType();
        double[] lo = doubles(v.lower());
        double[] hi = doubles(v.upper());
        int rows = chunkRows(n, 2);
        for (int from = 0; from < idx.size(); from += rows) {
            int to = Math.min(idx.size(), from + rows);
            int r = to - from;
            try (NDManager chunk = scope.newSubManager()) {
                int[] sel = new int[r];
                for (int i = 0; i < r; i++) sel[i] = idx.get(from + i);
                NDArray onehot = chunk.create(sel).oneHot(d, type).reshape(new Shape(1, r).addAll(sample));
                NDArray a = onehot.concat(onehot.neg(), 1).broadcast(new Shape(n, 2L * r).addAll(sample));
                NDArray lower = lowerBound(name, a, relax, set);
                double[] b = doubles(lower);
                for (int p = 0; p < n; p++) {
                    for (int i = 0; i < r; i++) {
                        int at = p * d + sel[i];
                        lo[at] = b[p * 2 * r + i];
                        hi[at] = -b[p * 2 * r + r + i];
                    }
                }
            }
        }
        Shape full = v.lower().getShape();
        return new Interval(scope.create(lo, full).toType(type, false), scope.create(hi, full).toType(type, false));
    }

    /**
     * The CROWN lower bound of {@code a·z} over the set, z the output of node {@code start}, given the
     * relaxations of every element-wise node before it.
     *
     * @param a N×S×(start's shape)
     * @return N×S
     */
    NDArray lowerBound(String start, NDArray a, Map<String, Relaxation> relax, InputSet set) {
        Linearised lin = backward(start, a, relax);
        return lin.onInput() == null ? lin.bias() : set.concretizeLower(lin.onInput(), box(set)).add(lin.bias());
    }

    /** A linear lower bound {@code onInput·x + bias} (onInput N×S×input shape, null if x does not appear). */
    record Linearised(NDArray onInput, NDArray bias) {}

    /** The backward pass from node {@code start} to the input. */
    Linearised backward(String start, NDArray a, Map<String, Relaxation> relax) {
        long n = a.getShape().get(0);
        long s = a.getShape().get(1);
        Map<String, NDArray> acc = new HashMap<>();
        acc.put(start, a);
        NDArray bias = a.getManager().zeros(new Shape(n, s), a.getDataType());
        for (int i = position.get(start); i >= 0; i--) {
            Node node = graph.nodes().get(i);
            NDArray coef = acc.remove(node.name());
            if (coef == null) continue;
            List<Shape> ins = new ArrayList<>();
            for (String in : node.inputs()) ins.add(shapes.get(in));
            BoundRule.Step step = new BoundRule.Step(node.name(), ins, shapes.get(node.name()),
                    relax.get(node.name()));
            BoundRule.Back back = Rules.of(node.op()).backward(node.op(), coef, step);
            if (back.bias() != null) bias = bias.add(back.bias());
            for (int k = 0; k < node.inputs().size(); k++) {
                acc.merge(node.inputs().get(k), back.coefficients().get(k), NDArray::add);
            }
        }
        return new Linearised(acc.get(LayerGraph.INPUT), bias);
    }

    /** CROWN lower bounds of the rows of spec C on the logits, chunked over rows; C is N×S×K. */
    NDArray specLower(NDArray c, Map<String, Relaxation> relax, InputSet set) {
        long n = c.getShape().get(0);
        long s = c.getShape().get(1);
        int rows = chunkRows(n, 1);
        if (s <= rows) return lowerBound(graph.output().name(), c, relax, set);
        NDList parts = new NDList();
        for (long from = 0; from < s; from += rows) {
            long to = Math.min(s, from + rows);
            parts.add(lowerBound(graph.output().name(), c.get(":, " + from + ":" + to), relax, set));
        }
        return NDArrays.concat(parts, 1);
    }

    /**
     * IBP bounds of the rows of C on the logits from the state's intervals: when the output node is Linear,
     * C is folded into it first (C W, C b), which bounds the margins directly and more tightly.
     */
    Interval specIbp(NDArray c, State state) {
        Node out = graph.output();
        if (out.op() instanceof Linear lin) {
            Interval in = state.intervals().get(out.inputs().get(0));
            long n = c.getShape().get(0);
            NDArray w = c.matMul(lin.weight());
            NDArray centre = w.matMul(in.centre().reshape(n, -1, 1)).squeeze(2);
            if (lin.bias() != null) centre = centre.add(c.mul(lin.bias()).sum(new int[] {2}));
            NDArray radius = w.abs().matMul(in.radius().reshape(n, -1, 1)).squeeze(2);
            return Interval.ofCentre(centre, radius);
        }
        Interval z = state.intervals().get(out.name());
        long n = c.getShape().get(0);
        NDArray centre = c.matMul(z.centre().reshape(n, -1, 1)).squeeze(2);
        NDArray radius = c.abs().matMul(z.radius().reshape(n, -1, 1)).squeeze(2);
        return Interval.ofCentre(centre, radius);
    }

    /** The set's box, computed once per set. */
    private Interval box(InputSet set) {
        if (box == null || boxOf != set) {
            box = set.box();
            boxOf = set;
        }
        return box;
    }

    private int chunkRows(long n, int copies) {
        long rows = options.maxElements() / Math.max(1, n * largest * copies);
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE / 4, rows));
    }

    private static double[] doubles(NDArray a) {
        if (a.getDataType() == DataType.FLOAT64) return a.toDoubleArray();
        float[] f = a.toType(DataType.FLOAT32, false).toFloatArray();
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }
}
