package org.robustj.certify.bounds;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.robustj.model.graph.Add;
import org.robustj.model.graph.AvgPool;
import org.robustj.model.graph.BatchNorm;
import org.robustj.model.graph.Clip;
import org.robustj.model.graph.Conv2d;
import org.robustj.model.graph.Flatten;
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
import org.robustj.model.graph.ScalarAffine;
import org.robustj.threat.Norm;

/** Random small layer graphs for the bound tests, and points sampled in a perturbation set. */
final class TestGraphs {
    private TestGraphs() {}

    /** The per-sample input shape of {@link #everyOperator}. */
    static final Shape IMAGE = new Shape(2, 4, 4);

    /**
     * A graph using every operator: quantiser (ScalarAffine, Round or Floor, ScalarAffine), Clip, Normalize,
     * Conv2d, BatchNorm, ReLU, a residual Add, AvgPool or MaxPool, optionally GlobalAvgPool, Flatten, Linear.
     */
    static LayerGraph everyOperator(NDManager m, SplittableRandom r, boolean maxPool, boolean globalPool,
            boolean floor, int classes) {
        List<Node> nodes = new ArrayList<>();
        String prev = LayerGraph.INPUT;
        prev = add(nodes, "scale", new ScalarAffine(4, 0), prev);
        prev = add(nodes, "quant", floor ? new Floor() : new Round(), prev);
        prev = add(nodes, "unscale", new ScalarAffine(0.25, floor ? 0.125 : 0), prev);
        double lo = r.nextBoolean() ? Double.NEGATIVE_INFINITY : -0.2 + 0.5 * r.nextDouble();
        double hi = r.nextBoolean() ? Double.POSITIVE_INFINITY : 0.6 + 0.6 * r.nextDouble();
        prev = add(nodes, "clip", new Clip(lo, hi), prev);
        prev = add(nodes, "norm", new Normalize(new float[] {0.4f, 0.6f},
                new float[] {(float) (0.5 + r.nextDouble()), (float) -(0.5 + r.nextDouble())}), prev);
        prev = add(nodes, "conv1", new Conv2d(gauss(m, r, 0.4, 3, 2, 3, 3), gauss(m, r, 0.2, 3),
                new int[] {1, 1}, new int[] {1, 1}), prev);
        prev = add(nodes, "bn1", new BatchNorm(gauss(m, r, 1.0, 3), gauss(m, r, 0.3, 3)), prev);
        String relu1 = add(nodes, "relu1", new Relu(), prev);
        prev = add(nodes, "conv2", new Conv2d(gauss(m, r, 0.4, 3, 3, 3, 3), gauss(m, r, 0.2, 3),
                new int[] {1, 1}, new int[] {1, 1}), relu1);
        prev = add(nodes, "relu2", new Relu(), prev);
        nodes.add(new Node("res", new Add(), List.of(relu1, prev)));
        prev = "res";
        Op pool = maxPool ? new MaxPool(new int[] {2, 2}, new int[] {2, 2}, new int[] {0, 0})
                : r.nextBoolean() ? new AvgPool(new int[] {2, 2}, new int[] {2, 2}, new int[] {0, 0}, false)
                : new AvgPool(new int[] {3, 3}, new int[] {2, 2}, new int[] {1, 1}, r.nextBoolean());
        prev = add(nodes, "pool", pool, prev);
        if (globalPool) prev = add(nodes, "gap", new GlobalAvgPool(), prev);
        prev = add(nodes, "flatten", new Flatten(), prev);
        long features = globalPool ? 3 : 12;
        prev = add(nodes, "fc1", new Linear(gauss(m, r, 0.5, 5, features), gauss(m, r, 0.2, 5)), prev);
        prev = add(nodes, "relu3", new Relu(), prev);
        add(nodes, "logits", new Linear(gauss(m, r, 0.5, classes, 5), gauss(m, r, 0.2, classes)), prev);
        return new LayerGraph(IMAGE, nodes);
    }

    /** A fully connected ReLU network with the given widths (input first, logits last). */
    static LayerGraph mlp(NDManager m, SplittableRandom r, int... widths) {
        List<Node> nodes = new ArrayList<>();
        String prev = LayerGraph.INPUT;
        for (int i = 1; i < widths.length; i++) {
            prev = add(nodes, "fc" + i, new Linear(gauss(m, r, 1.0, widths[i], widths[i - 1]),
                    gauss(m, r, 0.3, widths[i])), prev);
            if (i < widths.length - 1) prev = add(nodes, "relu" + i, new Relu(), prev);
        }
        return new LayerGraph(new Shape(widths[0]), nodes);
    }

    private static String add(List<Node> nodes, String name, Op op, String input) {
        nodes.add(new Node(name, op, List.of(input)));
        return name;
    }

    static NDArray gauss(NDManager m, SplittableRandom r, double sd, long... shape) {
        Shape s = new Shape(shape);
        float[] v = new float[(int) s.size()];
        for (int i = 0; i < v.length; i++) v[i] = (float) (sd * Norm.gaussian(r));
        return m.create(v, s);
    }

    static NDArray uniform(NDManager m, SplittableRandom r, double lo, double hi, Shape s) {
        float[] v = new float[(int) s.size()];
        for (int i = 0; i < v.length; i++) v[i] = (float) (lo + (hi - lo) * r.nextDouble());
        return m.create(v, s);
    }

    /**
     * Points of the set ∩ [0, 1] around one point x (1×…): x itself, uniform points of the ball, points of its
     * sphere and vertices (sign corners for L∞, ±ε·e_i for L1), all clipped to [0, 1] (which keeps them in the
     * ball since x is in [0, 1]).
     *
     * @return count×… where count = 1 + 3·k
     */
    static NDArray sample(NDArray x, Norm norm, double eps, int k, SplittableRandom r) {
        Shape one = x.getShape();
        int d = (int) one.size();
        Shape many = new Shape(k).addAll(one.slice(1));
        float[] in = norm.randomInBall(many, eps, r);
        float[] on = norm.randomOnSphere(many, eps, r);
        float[] corner = new float[k * d];
        for (int i = 0; i < k; i++) {
            if (norm == Norm.LINF) {
                for (int j = 0; j < d; j++) corner[i * d + j] = (float) (r.nextBoolean() ? eps : -eps);
            } else if (norm == Norm.L1) {
                corner[i * d + r.nextInt(d)] = (float) (r.nextBoolean() ? eps : -eps);
            } else {
                int j = r.nextInt(d);
                corner[i * d + j] = (float) (r.nextBoolean() ? eps : -eps);
            }
        }
        NDManager m = x.getManager();
        NDArray deltas = m.create(in, many).concat(m.create(on, many)).concat(m.create(corner, many));
        NDArray pts = deltas.add(x).clip(0f, 1f);
        return x.concat(pts);
    }

    /** C·logits at the given points (each row of C applied to every point): points×S. */
    static float[][] margins(LayerGraph g, NDArray points, float[][] c) {
        float[] z = g.forward(points).toFloatArray();
        int n = (int) points.getShape().get(0);
        int k = c[0].length;
        float[][] out = new float[n][c.length];
        for (int p = 0; p < n; p++) {
            for (int s = 0; s < c.length; s++) {
                double acc = 0;
                for (int j = 0; j < k; j++) acc += (double) c[s][j] * z[p * k + j];
                out[p][s] = (float) acc;
            }
        }
        return out;
    }

    /** The margin rows e_y − e_j for one label, as Java arrays. */
    static float[][] marginRows(int label, int classes) {
        float[][] c = new float[classes - 1][classes];
        for (int row = 0; row < classes - 1; row++) {
            c[row][label] = 1;
            c[row][Bounds.marginClass(label, row)] = -1;
        }
        return c;
    }
}
