package org.robustj.diagnose.ntk;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.robustj.model.GraphClassifier;
import org.robustj.model.graph.LayerGraph;
import org.robustj.model.graph.Linear;
import org.robustj.model.graph.Op;
import org.robustj.model.graph.Relu;

/** Tiny graph models whose weights are drawn from fixed seeds. */
final class NtkTestNets {
    private NtkTestNets() {}

    static NDArray rand(NDManager m, long seed, long... shape) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = (int) new Shape(shape).size();
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) r.nextDouble(0, 1);
        return m.create(v, new Shape(shape));
    }

    static NDArray centred(NDManager m, long seed, long... shape) {
        return rand(m, seed, shape).sub(0.5f).mul(2);
    }

    /** f(x) = W x, no bias: its NTK is the Gram matrix of the inputs times the identity over classes. */
    static GraphClassifier linear(NDManager m, int d, int k) {
        Map<String, Op> layers = new LinkedHashMap<>();
        layers.put("fc", new Linear(centred(m, 11, k, d), null));
        return new GraphClassifier(LayerGraph.sequential(new Shape(d), layers), k, null, "linear", "", m, List.of());
    }

    /** 1×4×4 images, flattened, → h → k ReLU network with biases. */
    static GraphClassifier imageMlp(NDManager m, int h, int k) {
        Map<String, Op> layers = new LinkedHashMap<>();
        layers.put("flatten", new org.robustj.model.graph.Flatten());
        layers.put("fc1", new Linear(centred(m, 21, h, 16), centred(m, 22, h)));
        layers.put("relu", new Relu());
        layers.put("fc2", new Linear(centred(m, 23, k, h), centred(m, 24, k)));
        return new GraphClassifier(LayerGraph.sequential(new Shape(1, 4, 4), layers), k, null, "mlp", "", m,
                List.of());
    }

    /** d → h → k ReLU network with biases. */
    static GraphClassifier mlp(NDManager m, int d, int h, int k) {
        Map<String, Op> layers = new LinkedHashMap<>();
        layers.put("fc1", new Linear(centred(m, 21, h, d), centred(m, 22, h)));
        layers.put("relu", new Relu());
        layers.put("fc2", new Linear(centred(m, 23, k, h), centred(m, 24, k)));
        return new GraphClassifier(LayerGraph.sequential(new Shape(d), layers), k, null, "mlp", "", m, List.of());
    }
}
