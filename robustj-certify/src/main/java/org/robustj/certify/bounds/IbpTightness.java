package org.robustj.certify.bounds;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.robustj.errors.InvalidInputException;
import org.robustj.model.graph.LayerGraph;
import org.robustj.model.graph.MaxPool;
import org.robustj.model.graph.Node;
import org.robustj.tensor.Scalars;

/**
 * IBP tightness (Mao, Müller, Fischer, Vechev, ICLR 2024, arXiv 2306.10426; DIAGNOSTICS.md §5): how much of
 * IBP's box is real. The network is linearised at the clean input (a ReLU inactive there zeroes its coordinate,
 * an active one passes it; Clip likewise; Round and Floor, whose derivative is 0 almost everywhere, count as
 * the identity), the specification C is folded into the last layer, and per specification row
 * τ = (|C·Π W| ε) / (|C W_L|·Π|W_i| ε) ∈ (0, 1], with ε_i = (min(x_i + ε, 1) − max(x_i − ε, 0)) / 2 per input
 * coordinate and both sides clamped at 1e-8. The numerator is the optimal box of the linearised network's
 * reachable set, the denominator the IBP box of it. MaxPool has no linearisation here and is an error.
 */
public final class IbpTightness {
    private IbpTightness() {}

    /** Clamp of numerator and denominator, as in the paper's code. */
    public static final double FLOOR = 1e-8;

    /**
     * @param mean τ averaged over points and specification rows
     * @param perPoint τ averaged over each point's rows
     * @param numerator per point and row, the optimal half-width |C Π W| ε
     * @param denominator per point and row, the IBP half-width
     */
    public record Result(double mean, double[] perPoint, double[][] numerator, double[][] denominator) {}

    /**
     * Tightness at inputs x (N×…) and radius ε (L∞, intersected with [0, 1]).
     *
     * @param c N×S×K specification rows, or {@code null} for the logits themselves
     */
    public static Result of(LayerGraph graph, NDArray x, double eps, NDArray c) {
        for (Node n : graph.nodes()) {
            if (n.op() instanceof MaxPool) {
                throw new InvalidInputException("IBP tightness needs a linearisable network; node " + n.name()
                        + " is " + n.op().describe() + ", which has none here");
            }
        }
        return Bounds.within(graph, x, c, List.of(x), scope -> {
            Propagation p = new Propagation(graph, scope, x.getDataType(), BoundOptions.defaults());
            NDArray spec = Bounds.spec(c, graph, x, scope);
            long n = x.getShape().get(0);
            NDArray half = Scalars.div(Scalars.minimum(x.add((float) eps), 1).sub(Scalars.maximum(x.sub((float) eps), 0)), 2);
            List<String> names = new ArrayList<>();
            for (Node node : graph.nodes()) names.add(node.name());
            Map<String, NDArray> at = new HashMap<>(graph.forward(x, names));
            at.put(LayerGraph.INPUT, x);
            Map<String, NDArray> slopes = new HashMap<>();
            Map<String, Relaxation> relax = new HashMap<>();
            for (Node node : graph.nodes()) {
                if (Rules.of(node.op()) instanceof ElementwiseRule e) {
                    NDArray s = e.localSlope(node.op(), at.get(node.inputs().get(0)));
                    slopes.put(node.name(), s);
                    NDArray zero = s.zerosLike();
                    relax.put(node.name(), new Relaxation(s, zero, s, zero));
                }
            }
            Propagation.Linearised lin = p.backward(graph.output().name(), spec, relax);
            long rows = spec.getShape().get(1);
            NDArray numerator = lin.onInput() == null ? scope.zeros(new ai.djl.ndarray.types.Shape(n, rows))
                    : lin.onInput().reshape(n, rows, -1).abs().matMul(half.reshape(n, -1, 1)).reshape(n, rows);
            Propagation.State st = p.forwardFromBox(new Interval(half.neg(), half), slopes);
            NDArray denominator = p.specIbp(spec, st).radius();
            double[][] num = rows(numerator, (int) n, (int) rows);
            double[][] den = rows(denominator, (int) n, (int) rows);
            double total = 0;
            double[] perPoint = new double[(int) n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < rows; j++) {
                    double t = Math.max(num[i][j], FLOOR) / Math.max(den[i][j], FLOOR);
                    perPoint[i] += t / rows;
                    total += t;
                }
            }
            return new Result(total / (n * rows), perPoint, num, den);
        });
    }

    private static double[][] rows(NDArray a, int n, int s) {
        double[] d = a.toType(DataType.FLOAT64, false).toDoubleArray();
        double[][] out = new double[n][s];
        for (int i = 0; i < n; i++) System.arraycopy(d, i * s, out[i], 0, s);
        return out;
    }
}
