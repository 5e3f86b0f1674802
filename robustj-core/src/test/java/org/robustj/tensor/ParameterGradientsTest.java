package org.robustj.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.robustj.model.BlockClassifier;
import org.robustj.model.GraphClassifier;
import org.robustj.model.ModelCapability;
import org.robustj.model.ModelCard;
import org.robustj.model.graph.LayerGraph;
import org.robustj.model.graph.Linear;
import org.robustj.model.graph.Op;
import org.robustj.model.graph.Relu;

class ParameterGradientsTest {

    /** A 5→4→3 ReLU network in float64, its weights drawn from a fixed seed. */
    private static GraphClassifier tinyNet(NDManager m) {
        SplittableRandom r = new SplittableRandom(7);
        Map<String, Op> layers = new LinkedHashMap<>();
        layers.put("fc1", new Linear(rand(m, r, 4, 5), rand(m, r, 4)));
        layers.put("relu", new Relu());
        layers.put("fc2", new Linear(rand(m, r, 3, 4), rand(m, r, 3)));
        return new GraphClassifier(LayerGraph.sequential(new Shape(5), layers), 3, null, "tiny", "", m, List.of());
    }

    private static NDArray rand(NDManager m, SplittableRandom r, long... shape) {
        int n = (int) new Shape(shape).size();
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = r.nextDouble(-1, 1);
        return m.create(v, new Shape(shape));
    }

    @Test
    void everyJacobianRowMatchesCentralFiniteDifferences() {
        try (NDManager base = NDManager.newBaseManager(); NDManager m = base.newSubManager()) {
            GraphClassifier net = tinyNet(m);
            NDArray x = rand(base, new SplittableRandom(3), 6, 5);
            List<NDArray> w = net.weights();
            assertEquals(4, w.size());
            long p = ParameterGradients.count(w);
            assertEquals(4 * 5 + 4 + 3 * 4 + 3, p);
            double[] jac = ParameterGradients.jacobians(x, net::logits, w, 1).toDoubleArray();
            double[] jac3 = ParameterGradients.jacobians(x, net::logits, w, 4).toDoubleArray();
            double h = 1e-6;
            int offset = 0;
            for (NDArray a : w) {
                for (int e = 0; e < a.size(); e++) {
                    double[] plus = shifted(net, x, a, e, h);
                    double[] minus = shifted(net, x, a, e, -h);
                    for (int i = 0; i < 6; i++) {
                        for (int c = 0; c < 3; c++) {
                            double fd = (plus[i * 3 + c] - minus[i * 3 + c]) / (2 * h);
                            int at = (int) ((i * 3 + c) * p + offset + e);
                            assertEquals(fd, jac[at], 1e-7, "d logit " + c + " of x" + i + " / d weight " + at);
                            assertEquals(jac[at], jac3[at], 1e-12, "chunked rows");
                        }
                    }
                }
                offset += (int) a.size();
            }
            for (NDArray a : w) assertFalse(a.hasGradient(), "weights are restored to no gradient");
        }
    }

    private static double[] shifted(GraphClassifier net, NDArray x, NDArray a, int e, double h) {
        double[] v = a.toDoubleArray();
        double old = v[e];
        v[e] = old + h;
        a.set(v);
        double[] out = net.logits(x).toDoubleArray();
        v[e] = old;
        a.set(v);
        return out;
    }

    @Test
    void kernelInputGradientMatchesFiniteDifferencesOfTheDirectionalDerivative() {
        try (NDManager base = NDManager.newBaseManager(); NDManager m = base.newSubManager()) {
            GraphClassifier net = tinyNet(m);
            List<NDArray> w = net.weights();
            long p = ParameterGradients.count(w);
            NDArray x = rand(base, new SplittableRandom(5), 2, 5);
            NDArray h = rand(base, new SplittableRandom(9), 2, 3, p);
            double[] g = ParameterGradients.kernelInputGradient(x, net::logits, w, h).toDoubleArray();
            Function<NDArray, Double> s = z -> ParameterGradients.jacobians(z, net::logits, w, 1).mul(h).sum()
                    .getDouble();
            double[] xv = x.toDoubleArray();
            double step = 1e-6;
            for (int d = 0; d < xv.length; d++) {
                double[] up = xv.clone();
                up[d] += step;
                double[] down = xv.clone();
                down[d] -= step;
                double fd = (s.apply(base.create(up, x.getShape())) - s.apply(base.create(down, x.getShape())))
                        / (2 * step);
                assertEquals(fd, g[d], 1e-6, "input coordinate " + d);
            }
        }
    }

    @Test
    void builtInNetworksExposeTheirTrainableWeights() {
        try (NDManager base = NDManager.newBaseManager()) {
            BlockClassifier b = BlockClassifier.create(base,
                    new ModelCard("t", ModelCard.ROBUSTJ_FORMAT, "mlp", Map.of("hidden", List.of(4)), "test",
                            List.of(1L, 2L, 2L), 3, null, null, 1L, null, null, null, null, null, null, null), 1);
            assertEquals(true, b.capabilities().contains(ModelCapability.PARAMETER_GRADIENTS));
            List<NDArray> w = b.weights();
            assertEquals(b.parameterCount(), ParameterGradients.count(w));
            NDArray x = base.randomUniform(0, 1, new Shape(2, 1, 2, 2), DataType.FLOAT32);
            NDArray j = ParameterGradients.jacobians(x, b::logits, w, 1);
            assertEquals(new Shape(2, 3, b.parameterCount()), j.getShape());
            // the last layer's bias: d logit_c / d b_c' = [c == c']
            float[] v = j.toFloatArray();
            long p = b.parameterCount();
            for (int c = 0; c < 3; c++) {
                for (int c2 = 0; c2 < 3; c2++) {
                    assertEquals(c == c2 ? 1f : 0f, v[(int) (c * p + p - 3 + c2)], 1e-6);
                }
            }
        }
    }
}
