package org.robustj.certify.bounds;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDResource;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.robustj.model.graph.BatchNorm;
import org.robustj.model.graph.Conv2d;
import org.robustj.model.graph.LayerGraph;
import org.robustj.model.graph.Linear;
import org.robustj.model.graph.Node;

/**
 * Bounds on specification rows of a layer graph's logits over a perturbation set, by IBP, CROWN-IBP or
 * CROWN: the library entry point (certifiers and certified-training recipes call these).
 *
 * <p>A specification C (N×S×K) asks for bounds on C·z for logits z; {@link #marginSpec} builds the margins
 * z_y − z_j. IBP and CROWN-IBP are differentiable with respect to the graph's weights (run them inside a
 * gradient collector with weights that require gradients); full CROWN refines intermediate bounds through
 * Java arrays and is not. Results live in the manager of the input arrays; every temporary is freed.
 *
 * <pre>{@code
 * NDArray c = Bounds.marginSpec(m, labels, 10);
 * Interval ibp = Bounds.ibp(graph, x.sub(eps).maximum(0), x.add(eps).minimum(1), c); // N×9
 * NDArray lower = Bounds.crown(graph, new InputSet(x, Norm.LINF, eps), c).lower();
 * }</pre>
 */
public final class Bounds {
    private Bounds() {}

    /** The bound computation methods, by their registry names. */
    public enum Method {
        /** Interval bound propagation (Gowal et al. 2018, arXiv 1810.12715). */
        IBP("ibp"),
        /** IBP for intermediate layers, CROWN for the specification (Zhang et al. 2020, arXiv 1906.06316). */
        CROWN_IBP("crown-ibp"),
        /**
         * CROWN for every layer (Zhang et al. 2018, arXiv 1811.00866); each row the better of the bounds from
         * CROWN-only intermediates (auto_LiRPA's CROWN) and from those intersected with IBP.
         */
        CROWN("crown"),
        /**
         * CROWN intermediates, then the specification's bound with optimised ReLU lower slopes (α-CROWN, Xu et
         * al. 2021, arXiv 2011.13824): never looser than CROWN.
         */
        ALPHA_CROWN("alpha-crown");

        private final String id;

        Method(String id) {
            this.id = id;
        }

        /** The registry name. */
        public String id() {
            return id;
        }
    }

    /**
     * IBP bounds of C·logits for inputs in the box [lower, upper] (N×…); {@code c} N×S×K, or {@code null} for
     * the logits themselves. When the output layer is Linear, C is folded into it (auto_LiRPA's C).
     */
    public static Interval ibp(LayerGraph graph, NDArray lower, NDArray upper, NDArray c) {
        return run(graph, lower, c, List.of(lower, upper), scope -> {
            Propagation p = new Propagation(graph, scope, lower.getDataType(), BoundOptions.defaults());
            Propagation.State st = p.forwardFromBox(new Interval(lower, upper));
            return p.specIbp(spec(c, graph, lower, scope), st);
        });
    }

    /** IBP bounds of C·logits over the set (its box). */
    public static Interval ibp(LayerGraph graph, InputSet set, NDArray c) {
        return compute(graph, set, c, Method.IBP, BoundOptions.defaults());
    }

    /** CROWN-IBP bounds of C·logits over the set: IBP intermediates, a CROWN backward pass for C. */
    public static Interval crownIbp(LayerGraph graph, InputSet set, NDArray c) {
        return compute(graph, set, c, Method.CROWN_IBP, BoundOptions.defaults());
    }

    /** CROWN bounds of C·logits over the set, every intermediate bound by CROWN too. */
    public static Interval crown(LayerGraph graph, InputSet set, NDArray c) {
        return compute(graph, set, c, Method.CROWN, BoundOptions.defaults());
    }

    /** α-CROWN bounds of C·logits over the set (see {@link Method#ALPHA_CROWN}). */
    public static Interval alphaCrown(LayerGraph graph, InputSet set, NDArray c) {
        return compute(graph, set, c, Method.ALPHA_CROWN, BoundOptions.defaults());
    }

    /**
     * Bounds of C·logits over the set by the given method. Upper bounds of CROWN methods are the negated
     * lower bounds of −C.
     */
    public static Interval compute(LayerGraph graph, InputSet set, NDArray c, Method method, BoundOptions options) {
        NDArray x = set.x();
        return run(graph, x, c, List.of(x), scope -> {
            Propagation p = new Propagation(graph, scope, x.getDataType(), options);
            Propagation.State st = p.forward(set, refines(method));
            NDArray spec = spec(c, graph, x, scope);
            if (method == Method.IBP) return p.specIbp(spec, st);
            long s = spec.getShape().get(1);
            NDArray both = specLower(p, graph, spec.concat(spec.neg(), 1), st, set, method, scope);
            return new Interval(both.get(":, 0:" + s), both.get(":, " + s + ":").neg());
        });
    }

    /**
     * Lower bounds only of C·logits over the set by the given method (what verification needs: half the
     * backward work of {@link #compute} for the CROWN methods), N×S in the manager of the set's input.
     */
    public static NDArray lower(LayerGraph graph, InputSet set, NDArray c, Method method, BoundOptions options) {
        if (method == Method.IBP) return compute(graph, set, c, method, options).lower();
        NDArray x = set.x();
        NDManager home = x.getManager();
        return within(graph, x, c, List.of(x), scope -> {
            Propagation p = new Propagation(graph, scope, x.getDataType(), options);
            Propagation.State st = p.forward(set, refines(method));
            NDArray lo = specLower(p, graph, spec(c, graph, x, scope), st, set, method, scope);
            lo.attach(home);
            return lo;
        });
    }

    /** Whether a method refines the intermediate bounds by CROWN. */
    private static boolean refines(Method method) {
        return method == Method.CROWN || method == Method.ALPHA_CROWN;
    }

    private static NDArray specLower(Propagation p, LayerGraph graph, NDArray rows, Propagation.State st,
            InputSet set, Method method, NDManager scope) {
        NDArray lower = method == Method.ALPHA_CROWN
                ? AlphaCrown.lower(p, graph, rows, st, set, AlphaCrown.Settings.defaults(), scope)
                : p.specLower(rows, st.relaxations(), set);
        // full CROWN: the better of the tight and the plain intermediates' bounds, row by row (both sound; the
        // adaptive lower slopes make neither always better); α-CROWN keeps it too, so it is never looser
        if (st.plain() != st.relaxations()) lower = lower.maximum(p.specLower(rows, st.plain(), set));
        return lower;
    }

    /**
     * The margin specification for labels y: for each point K−1 rows e_y − e_j, j ≠ y in increasing order.
     *
     * @return N×(K−1)×K, float32
     */
    public static NDArray marginSpec(NDManager manager, int[] labels, int classes) {
        float[] c = new float[labels.length * (classes - 1) * classes];
        for (int p = 0; p < labels.length; p++) {
            int row = 0;
            for (int j = 0; j < classes; j++) {
                if (j == labels[p]) continue;
                int base = (p * (classes - 1) + row) * classes;
                c[base + labels[p]] = 1f;
                c[base + j] = -1f;
                row++;
            }
        }
        return manager.create(c, new Shape(labels.length, classes - 1, classes));
    }

    /** The class of margin row {@code row} for label y (the inverse of {@link #marginSpec}'s order). */
    public static int marginClass(int label, int row) {
        return row < label ? row : row + 1;
    }

    /** The given specification in the input's type, or the identity over the logits when none is given. */
    static NDArray spec(NDArray c, LayerGraph graph, NDArray like, NDManager scope) {
        if (c != null) return c.toType(like.getDataType(), false);
        long n = like.getShape().get(0);
        long k = -1;
        try (NDManager probe = scope.newSubManager()) {
            k = graph.forward(probe.zeros(new Shape(1).addAll(graph.inputShape()), like.getDataType()))
                    .getShape().get(1);
        }
        return scope.eye((int) k).toType(like.getDataType(), false).expandDims(0)
                .broadcast(new Shape(n, k, k));
    }

    /**
     * Runs a computation in a sub-manager of {@code owner}'s manager with the graph's weights and the inputs
     * borrowed into it, then moves the result to {@code owner}'s manager.
     */
    private static Interval run(LayerGraph graph, NDArray owner, NDArray c, List<NDArray> inputs,
            Function<NDManager, Interval> body) {
        NDManager home = owner.getManager();
        return within(graph, owner, c, inputs, scope -> {
            Interval r = body.apply(scope);
            NDArray lo = r.lower();
            NDArray hi = r.upper();
            lo.attach(home);
            hi.attach(home);
            return new Interval(lo, hi);
        });
    }

    /**
     * Runs a computation in a sub-manager of {@code owner}'s manager with the graph's weights, the inputs and
     * {@code c} borrowed into it; whatever the body does not move out is freed.
     */
    static <T> T within(LayerGraph graph, NDArray owner, NDArray c, List<NDArray> inputs,
            Function<NDManager, T> body) {
        try (NDManager scope = owner.getManager().newSubManager()) {
            List<NDArray> borrowed = new ArrayList<>();
            for (NDArray a : inputs) add(borrowed, a);
            add(borrowed, c);
            for (NDArray a : weights(graph)) add(borrowed, a);
            scope.tempAttachAll(borrowed.toArray(new NDResource[0]));
            return body.apply(scope);
        }
    }

    /** Every weight array of the graph, without repeats. */
    private static List<NDArray> weights(LayerGraph graph) {
        List<NDArray> w = new ArrayList<>();
        for (Node n : graph.nodes()) {
            if (n.op() instanceof Linear l) {
                add(w, l.weight());
                add(w, l.bias());
            } else if (n.op() instanceof Conv2d cv) {
                add(w, cv.weight());
                add(w, cv.bias());
            } else if (n.op() instanceof BatchNorm bn) {
                add(w, bn.scale());
                add(w, bn.shift());
            }
        }
        return w;
    }

    private static void add(List<NDArray> list, NDArray a) {
        if (a == null) return;
        for (NDArray b : list) if (b == a) return;
        list.add(a);
    }
}
