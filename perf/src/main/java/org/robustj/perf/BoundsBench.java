package org.robustj.perf;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.robustj.certify.bounds.BoundOptions;
import org.robustj.certify.bounds.Bounds;
import org.robustj.certify.bounds.InputSet;
import org.robustj.model.graph.Conv2d;
import org.robustj.model.graph.Flatten;
import org.robustj.model.graph.LayerGraph;
import org.robustj.model.graph.Linear;
import org.robustj.model.graph.Node;
import org.robustj.model.graph.Relu;
import org.robustj.tensor.Engines;
import org.robustj.threat.Norm;

/**
 * Seconds per point and peak memory of IBP, CROWN-IBP and full CROWN on Wong et al.'s small CNN (conv 4×4
 * stride 2 ×2, FC 100, FC 10; He-initialised random weights, uniform random inputs) at MNIST (1×28×28) or
 * CIFAR (3×32×32) size. Peak memory: the JVM heap in use and the process's native peak RSS (VmHWM).
 * Usage: {@code BoundsBench mnist|cifar POINTS EPS [MAX_ELEMENTS]}.
 */
public final class BoundsBench {
    private BoundsBench() {}

    public static void main(String[] args) throws Exception {
        String size = args.length > 0 ? args[0] : "mnist";
        int points = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        double eps = args.length > 2 ? Double.parseDouble(args[2]) : 0.1;
        long budget = args.length > 3 ? Long.parseLong(args[3]) : BoundOptions.defaults().maxElements();
        Engines.pytorch();
        Shape in = size.equals("cifar") ? new Shape(3, 32, 32) : new Shape(1, 28, 28);
        SplittableRandom r = new SplittableRandom(0);
        try (NDManager m = NDManager.newBaseManager()) {
            LayerGraph g = smallCnn(m, r, in);
            float[] xv = new float[(int) (points * in.size())];
            for (int i = 0; i < xv.length; i++) xv[i] = (float) r.nextDouble();
            NDArray x = m.create(xv, new Shape(points).addAll(in));
            int[] labels = new int[points];
            NDArray c = Bounds.marginSpec(m, labels, 10);
            BoundOptions opts = new BoundOptions(budget);
            System.out.printf("%s small CNN, %d points, L∞ ε = %s, chunk budget %d elements%n", size, points, eps,
                    budget);
            for (Bounds.Method method : Bounds.Method.values()) {
                long t0 = System.nanoTime();
                int batch = method == Bounds.Method.CROWN ? 1 : points;
                for (int from = 0; from < points; from += batch) {
                    try (NDManager scope = m.newSubManager()) {
                        NDArray xb = x.get(from + ":" + (from + batch));
                        NDArray cb = c.get(from + ":" + (from + batch));
                        xb.attach(scope);
                        cb.attach(scope);
                        Bounds.compute(g, new InputSet(xb, Norm.LINF, eps), cb, method, opts).lower().toFloatArray();
                    }
                }
                double s = (System.nanoTime() - t0) / 1e9 / points;
                Runtime rt = Runtime.getRuntime();
                System.out.printf("%-9s %.4f s/point  heap in use %d MiB  native RSS %s  peak RSS %s%n", method.id(), s,
                        (rt.totalMemory() - rt.freeMemory()) >> 20, status("VmRSS"), status("VmHWM"));
            }
        }
    }

    private static LayerGraph smallCnn(NDManager m, SplittableRandom r, Shape in) {
        long c = in.get(0);
        long side = in.get(1) / 4;
        List<Node> nodes = new ArrayList<>();
        nodes.add(new Node("conv1", new Conv2d(he(m, r, c * 16, 16, c, 4, 4), m.zeros(new Shape(16)),
                new int[] {2, 2}, new int[] {1, 1}), List.of(LayerGraph.INPUT)));
        nodes.add(new Node("relu1", new Relu(), List.of("conv1")));
        nodes.add(new Node("conv2", new Conv2d(he(m, r, 16 * 16, 32, 16, 4, 4), m.zeros(new Shape(32)),
                new int[] {2, 2}, new int[] {1, 1}), List.of("relu1")));
        nodes.add(new Node("relu2", new Relu(), List.of("conv2")));
        nodes.add(new Node("flatten", new Flatten(), List.of("relu2")));
        nodes.add(new Node("fc1", new Linear(he(m, r, 32 * side * side, 100, 32 * side * side),
                m.zeros(new Shape(100))), List.of("flatten")));
        nodes.add(new Node("relu3", new Relu(), List.of("fc1")));
        nodes.add(new Node("logits", new Linear(he(m, r, 100, 10, 100), m.zeros(new Shape(10))), List.of("relu3")));
        return new LayerGraph(in, nodes);
    }

    private static NDArray he(NDManager m, SplittableRandom r, long fanIn, long... shape) {
        Shape s = new Shape(shape);
        float[] v = new float[(int) s.size()];
        double sd = Math.sqrt(2.0 / fanIn);
        for (int i = 0; i < v.length; i++) v[i] = (float) (sd * org.robustj.threat.Norm.gaussian(r));
        return m.create(v, s);
    }

    private static String status(String key) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(key + ":")) return line.substring(key.length() + 1).trim();
        }
        return "?";
    }
}
