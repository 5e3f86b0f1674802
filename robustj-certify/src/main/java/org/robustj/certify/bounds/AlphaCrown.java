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
import org.robustj.model.graph.LayerGraph;
import org.robustj.model.graph.Node;
import org.robustj.model.graph.Relu;
import org.robustj.tensor.Gradients;

/**
 * α-CROWN (Xu et al. 2021, arXiv 2011.13824; auto_LiRPA's {@code method='alpha-CROWN'}): the CROWN bound of the
 * specification with the lower slopes of the unstable ReLUs as free parameters α ∈ [0, 1], raised by projected
 * gradient ascent on the bound. Any α in [0, 1] gives a sound lower line (α·z ≤ ReLU(z) for every z), so every
 * iterate's bound is sound and the best one per specification row is kept; the first iterate is CROWN's own
 * adaptive slope (α = 1 where u ≥ −l, else 0), so the result is never looser than CROWN.
 *
 * <p>As in auto_LiRPA, α is separate per specification row (each margin picks its own slopes) and the optimiser
 * is Adam with an exponentially decaying step. The intermediate bounds (which decide which ReLUs are unstable and
 * fix their upper chords) are CROWN's and stay fixed; auto_LiRPA also optimises α for each intermediate layer's
 * bounds, which is tighter again and costs one optimisation per layer.
 */
final class AlphaCrown {
    private AlphaCrown() {}

    /**
     * The optimiser's settings (auto_LiRPA's {@code optimize_bound_args}: iteration 20, lr_alpha 0.5, lr_decay
     * 0.98).
     *
     * @param iterations gradient steps (0: CROWN's bound)
     * @param lr Adam's step on α
     * @param decay the step's factor per iteration
     */
    record Settings(int iterations, double lr, double decay) {
        Settings {
            if (iterations < 0) throw new IllegalArgumentException("iterations must be ≥ 0, got " + iterations);
            if (!(lr > 0) || !(decay > 0)) throw new IllegalArgumentException("lr and decay must be > 0");
        }

        static Settings defaults() {
            return new Settings(20, 0.5, 0.98);
        }
    }

    /** One optimisable ReLU: its node, its neurons' shape, masks (N×1×shape) and position in the flat α. */
    private record Slot(String node, Shape shape, NDArray active, NDArray unstable, long from, long size) {}

    /**
     * The best lower bound of the rows of {@code c} (N×S×K, on the logits) found over the α iterates.
     *
     * @param state the forward state (intervals and relaxations, CROWN-refined for full α-CROWN)
     * @return N×S lower bounds, in {@code scope}
     */
    static NDArray lower(Propagation p, LayerGraph graph, NDArray c, Propagation.State state, InputSet set,
            Settings settings, NDManager scope) {
        long n = c.getShape().get(0);
        long s = c.getShape().get(1);
        List<Slot> slots = new ArrayList<>();
        List<NDArray> init = new ArrayList<>();
        long total = 0;
        DataType type = c.getDataType();
        for (Node node : graph.nodes()) {
            if (!(node.op() instanceof Relu)) continue;
            Interval in = state.intervals().get(node.inputs().get(0));
            NDArray l = in.lower();
            NDArray u = in.upper();
            Shape shape = l.getShape().slice(1);
            long size = shape.size();
            NDArray active = l.gte(0f).toType(type, false).expandDims(1);
            NDArray unstable = l.lt(0f).logicalAnd(u.gt(0f)).toType(type, false).expandDims(1);
            slots.add(new Slot(node.name(), shape, active, unstable, total, size));
            // CROWN's adaptive slope, one copy per specification row
            init.add(u.gte(l.neg()).toType(type, false).reshape(n, 1, size).broadcast(new Shape(n, s, size)));
            total += size;
        }
        String out = graph.output().name();
        Map<String, Relaxation> fixed = state.relaxations();
        if (slots.isEmpty() || settings.iterations() == 0) return p.lowerBound(out, c, fixed, set);
        NDArray alpha = init.size() == 1 ? init.get(0) : NDArrays.concat(new NDList(init), 2);
        alpha = alpha.duplicate();
        NDArray m1 = alpha.zerosLike();
        NDArray m2 = alpha.zerosLike();
        double[] best = null;
        double b1 = 0.9;
        double b2 = 0.999;
        double lr = settings.lr();
        for (int t = 1; t <= settings.iterations(); t++) {
            try (NDManager step = scope.newSubManager()) {
                NDArray a = alpha.duplicate();
                a.attach(step);
                // the specification's copy in this step's manager, so the backward pass's temporaries die with it
                NDArray cs = c.duplicate();
                cs.attach(step);
                Gradients.ValueAndGradient vg = Gradients.of(a,
                        leaf -> new NDList(p.lowerBound(out, cs, relaxations(slots, fixed, leaf, n, s), set)));
                best = max(best, vg.value());
                // a non-finite gradient entry (an ∞·0 in some rule's backward derivative) moves no slope
                NDArray raw = vg.gradient();
                NDArray g = NDArrays.where(raw.isNaN().logicalOr(raw.isInfinite()), raw.zerosLike(), raw);
                NDArray nm1 = m1.mul(b1).add(g.mul(1 - b1));
                NDArray nm2 = m2.mul(b2).add(g.square().mul(1 - b2));
                NDArray hat1 = nm1.div(1 - Math.pow(b1, t));
                NDArray hat2 = nm2.div(1 - Math.pow(b2, t));
                NDArray next = a.add(hat1.div(hat2.sqrt().add(1e-8)).mul(lr)).clip(0, 1);
                for (NDArray keep : new NDArray[] {nm1, nm2, next}) keep.attach(scope);
                m1.close();
                m2.close();
                alpha.close();
                m1 = nm1;
                m2 = nm2;
                alpha = next;
            }
            lr *= settings.decay();
        }
        try (NDManager step = scope.newSubManager()) {
            NDArray cs = c.duplicate();
            cs.attach(step);
            best = max(best, p.lowerBound(out, cs, relaxations(slots, fixed, alpha, n, s), set));
        }
        return scope.create(best, new Shape(n, s)).toType(type, false);
    }

    /** The relaxations with the unstable ReLUs' lower slopes taken from the flat α (N×S×total). */
    private static Map<String, Relaxation> relaxations(List<Slot> slots, Map<String, Relaxation> fixed,
            NDArray alpha, long n, long s) {
        Map<String, Relaxation> r = new HashMap<>(fixed);
        for (Slot slot : slots) {
            Relaxation f = fixed.get(slot.node());
            NDArray part = alpha.get(":, :, " + slot.from() + ":" + (slot.from() + slot.size()))
                    .reshape(new Shape(n, s).addAll(slot.shape()));
            NDArray lowerSlope = part.mul(slot.unstable()).add(slot.active());
            r.put(slot.node(), new Relaxation(lowerSlope, f.lowerShift(), f.upperSlope(), f.upperShift()));
        }
        return r;
    }

    private static double[] max(double[] best, NDArray value) {
        double[] v = value.toType(DataType.FLOAT64, false).toDoubleArray();
        if (best == null) return v;
        for (int i = 0; i < v.length; i++) {
            if (v[i] > best[i]) best[i] = v[i]; // a NaN iterate never replaces a bound
        }
        return best;
    }
}
