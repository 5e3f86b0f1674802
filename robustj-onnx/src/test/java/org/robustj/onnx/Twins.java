package org.robustj.onnx;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import org.robustj.model.Classifier;
import org.robustj.tensor.Gradients;

/** Compares two classifiers that should be the same network: logits and input gradients on the same inputs. */
final class Twins {
    private Twins() {}

    static float maxAbsDiff(float[] a, float[] b) {
        assertTrue(a.length == b.length, "lengths differ: " + a.length + " vs " + b.length);
        float m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
        return m;
    }

    /** The input gradient of Σ logits·w, with w a fixed non-uniform weighting of the classes. */
    static float[] gradient(Classifier c, NDArray x) {
        int k = c.numClasses();
        float[] w = new float[k];
        for (int i = 0; i < k; i++) w[i] = (i % 3 == 0 ? -1f : 1f) * (1 + 0.25f * i);
        try (Gradients.ValueAndGradient g = Gradients.of(x, xx -> {
            NDArray z = c.logits(xx);
            return new NDList(z.mul(xx.getManager().create(w)).sum(new int[] {1}));
        })) {
            return g.gradient().toFloatArray();
        }
    }

    /** Asserts equal logits (to {@code logitTol}) and input gradients (to {@code gradTol}) on x. */
    static void assertSame(Classifier a, Classifier b, NDArray x, double logitTol, double gradTol, String what) {
        float[] la = a.logits(x).toFloatArray();
        float[] lb = b.logits(x).toFloatArray();
        float dl = maxAbsDiff(la, lb);
        assertTrue(dl <= logitTol, what + ": logits differ by " + dl);
        float[] ga = gradient(a, x);
        float[] gb = gradient(b, x);
        float dg = maxAbsDiff(ga, gb);
        assertTrue(dg <= gradTol, what + ": input gradients differ by " + dg);
        float norm = 0;
        for (float v : ga) norm += Math.abs(v);
        assertTrue(norm > 0 || what.contains("quantiser"), what + ": the input gradient is zero");
    }
}
