package org.robustj.testkit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.robustj.model.Classifier;
import org.robustj.model.ModelCard;
import org.robustj.threat.Norm;

/**
 * logits = W·flatten(x) + b: a classifier whose minimal adversarial perturbation is known in closed form.
 * Ignoring the box, the smallest ε that moves x from class y to class j in norm p is
 * (z_y − z_j) / ||w_y − w_j||_q with q the dual norm, and the minimal distance to any error is the
 * smallest of these over j ≠ y ({@link #minimalDistance}).
 */
public final class LinearClassifier implements Classifier {
    private final NDManager manager;
    private final float[][] w;
    private final float[] b;
    private final Shape inputShape;
    private final NDArray wt;
    private final NDArray bias;
    private final double scale;

    /** A linear model on inputs of the given per-sample shape; {@code scale} multiplies the logits. */
    public LinearClassifier(NDManager parent, float[][] w, float[] b, Shape inputShape, double scale) {
        this.manager = parent.newSubManager();
        this.w = w;
        this.b = b;
        this.inputShape = inputShape;
        this.scale = scale;
        int k = w.length;
        int d = w[0].length;
        float[] flat = new float[d * k];
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < d; j++) {
                flat[j * k + c] = (float) (w[c][j] * scale);
            }
        }
        float[] bs = new float[k];
        for (int c = 0; c < k; c++) bs[c] = (float) (b[c] * scale);
        this.wt = manager.create(flat, new Shape(d, k));
        this.bias = manager.create(bs, new Shape(1, k));
    }

    /** A linear model on flat inputs of dimension {@code w[0].length}. */
    public LinearClassifier(NDManager parent, float[][] w, float[] b) {
        this(parent, w, b, new Shape(w[0].length), 1.0);
    }

    @Override
    public NDArray logits(NDArray x) {
        NDArray flat = x.reshape(x.getShape().get(0), -1);
        return flat.matMul(wt).add(bias);
    }

    /** Closed-form minimal distance in {@code norm} from {@code x} to the nearest decision boundary. */
    public double minimalDistance(float[] x, int y, Norm norm) {
        double best = Double.POSITIVE_INFINITY;
        for (int j = 0; j < w.length; j++) {
            if (j == y) continue;
            double margin = b[y] - b[j];
            float[] dw = new float[x.length];
            for (int i = 0; i < x.length; i++) {
                dw[i] = w[y][i] - w[j][i];
                margin += dw[i] * x[i];
            }
            best = Math.min(best, margin / norm.dual().of(dw));
        }
        return best;
    }

    /** Closed-form minimal distance from {@code x} to the boundary between {@code y} and target {@code t}. */
    public double targetDistance(float[] x, int y, int t, Norm norm) {
        double margin = b[y] - b[t];
        float[] dw = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            dw[i] = w[y][i] - w[t][i];
            margin += dw[i] * x[i];
        }
        return margin / norm.dual().of(dw);
    }

    @Override
    public Shape inputShape() {
        return inputShape;
    }

    @Override
    public int numClasses() {
        return w.length;
    }

    @Override
    public List<String> layers() {
        return List.of("logits");
    }

    @Override
    public Map<String, NDArray> activations(NDArray x, List<String> names) {
        Map<String, NDArray> m = new LinkedHashMap<>();
        m.put("logits", logits(x));
        return m;
    }

    @Override
    public ModelCard card() {
        return new ModelCard("linear", "test", "linear", null, null, null, w.length, null, null, null, null, null,
                null, null, null, null, null);
    }

    @Override
    public String source() {
        return scale == 1.0 ? "linear" : "linear×" + scale;
    }

    @Override
    public String sha256() {
        return "";
    }

    @Override
    public NDManager manager() {
        return manager;
    }

    @Override
    public void close() {
        manager.close();
    }
}
