package org.robustj.diagnose;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.robustj.model.GraphClassifier;
import org.robustj.model.graph.LayerGraph;
import org.robustj.model.graph.Linear;
import org.robustj.model.graph.Op;
import org.robustj.model.graph.Relu;

/** Hand-made layer graphs and classifiers for the diagnostics' tests. */
public final class TinyNets {
    private TinyNets() {}

    /** A Linear layer out×in from rows w and bias b. */
    public static Linear linear(NDManager m, float[][] w, float[] b) {
        int out = w.length;
        int in = w[0].length;
        float[] flat = new float[out * in];
        for (int i = 0; i < out; i++) System.arraycopy(w[i], 0, flat, i * in, in);
        return new Linear(m.create(flat, new Shape(out, in)), b == null ? null : m.create(b));
    }

    /** x ↦ W₂ relu(W₁x + b₁) + b₂ on flat inputs. */
    public static LayerGraph oneHidden(NDManager m, float[][] w1, float[] b1, float[][] w2, float[] b2) {
        Map<String, Op> ops = new LinkedHashMap<>();
        ops.put("fc1", linear(m, w1, b1));
        ops.put("relu1", new Relu());
        ops.put("logits", linear(m, w2, b2));
        return LayerGraph.sequential(new Shape(w1[0].length), ops);
    }

    /** x ↦ Wx + b on flat inputs. */
    public static LayerGraph linearGraph(NDManager m, float[][] w, float[] b) {
        Map<String, Op> ops = new LinkedHashMap<>();
        ops.put("logits", linear(m, w, b));
        return LayerGraph.sequential(new Shape(w[0].length), ops);
    }

    /** A classifier that is the graph (weights owned by a sub-manager of m). */
    public static GraphClassifier classifier(NDManager m, LayerGraph g, int classes) {
        return new GraphClassifier(g, classes, null, "tiny-net", "", m.newSubManager(), List.of());
    }

    /** Random rows of a rows×cols matrix with values in [−1, 1). */
    public static float[][] random(java.util.SplittableRandom r, int rows, int cols) {
        float[][] w = new float[rows][cols];
        for (float[] row : w) for (int j = 0; j < cols; j++) row[j] = (float) (2 * r.nextDouble() - 1);
        return w;
    }
}
