package org.robustj.certify.bounds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.robustj.model.graph.LayerGraph;
import org.robustj.model.graph.Linear;
import org.robustj.tensor.Engines;
import org.robustj.threat.Norm;

/**
 * IBP and CROWN-IBP bounds keep autograd with respect to the graph's weights (what certified training
 * needs): the gradient of the summed lower bounds matches a finite difference.
 */
class DifferentiabilityTest {
    static {
        Engines.pytorch();
    }

    @Test
    void lowerBoundsAreDifferentiableInTheWeights() {
        for (Bounds.Method method : new Bounds.Method[] {Bounds.Method.IBP, Bounds.Method.CROWN_IBP}) {
            try (NDManager m = NDManager.newBaseManager()) {
                SplittableRandom r = new SplittableRandom(4);
                LayerGraph g = TestGraphs.mlp(m, r, 4, 6, 3);
                NDArray w = ((Linear) g.nodes().get(0).op()).weight();
                NDArray x = TestGraphs.uniform(m, r, 0, 1, new Shape(5, 4));
                NDArray c = Bounds.marginSpec(m, new int[] {0, 1, 2, 0, 1}, 3);
                InputSet set = new InputSet(x, Norm.LINF, 0.05);
                w.setRequiresGradient(true);
                float[] grad;
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray loss = Bounds.compute(g, set, c, method, BoundOptions.defaults()).lower().sum();
                    gc.backward(loss);
                    grad = w.getGradient().toFloatArray();
                }
                double norm = 0;
                for (float v : grad) norm += Math.abs(v);
                assertTrue(norm > 0, method + ": zero gradient");
                float[] wv = w.toFloatArray();
                int i = 5;
                double h = 1e-3;
                double base = value(m, g, set, c, method);
                wv[i] += (float) h;
                w.set(wv);
                double moved = value(m, g, set, c, method);
                assertEquals((moved - base) / h, grad[i], 2e-2 * (1 + Math.abs(grad[i])), method + " finite difference");
            }
        }
    }

    /**
     * Through a strided convolution too: CROWN-IBP's backward step there is libtorch's transposed convolution
     * (a TorchScript call), whose weight gradient certified training needs.
     */
    @Test
    void crownIbpIsDifferentiableThroughAStridedConvolution() {
        try (NDManager m = NDManager.newBaseManager()) {
            SplittableRandom r = new SplittableRandom(6);
            NDArray w = TestGraphs.gauss(m, r, 0.5, 3, 1, 3, 3);
            java.util.List<org.robustj.model.graph.Node> nodes = java.util.List.of(
                    new org.robustj.model.graph.Node("conv", new org.robustj.model.graph.Conv2d(w,
                            TestGraphs.gauss(m, r, 0.1, 3), new int[] {2, 2}, new int[] {1, 1}),
                            java.util.List.of(LayerGraph.INPUT)),
                    new org.robustj.model.graph.Node("relu", new org.robustj.model.graph.Relu(),
                            java.util.List.of("conv")),
                    new org.robustj.model.graph.Node("flat", new org.robustj.model.graph.Flatten(),
                            java.util.List.of("relu")),
                    new org.robustj.model.graph.Node("fc", new Linear(TestGraphs.gauss(m, r, 0.3, 3, 27),
                            TestGraphs.gauss(m, r, 0.1, 3)), java.util.List.of("flat")));
            LayerGraph g = new LayerGraph(new Shape(1, 5, 5), nodes);
            NDArray x = TestGraphs.uniform(m, r, 0, 1, new Shape(4, 1, 5, 5));
            NDArray c = Bounds.marginSpec(m, new int[] {0, 1, 2, 0}, 3);
            InputSet set = new InputSet(x, Norm.LINF, 0.1);
            w.setRequiresGradient(true);
            float[] grad;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = Bounds.crownIbp(g, set, c).lower().sum();
                gc.backward(loss);
                grad = w.getGradient().toFloatArray();
            }
            float[] wv = w.toFloatArray();
            int i = 4;
            double h = 1e-3;
            double base = value(m, g, set, c, Bounds.Method.CROWN_IBP);
            wv[i] += (float) h;
            w.set(wv);
            double moved = value(m, g, set, c, Bounds.Method.CROWN_IBP);
            assertEquals((moved - base) / h, grad[i], 2e-2 * (1 + Math.abs(grad[i])), "finite difference");
        }
    }

    private static double value(NDManager m, LayerGraph g, InputSet set, NDArray c, Bounds.Method method) {
        return Bounds.compute(g, set, c, method, BoundOptions.defaults()).lower().sum().getFloat();
    }
}
