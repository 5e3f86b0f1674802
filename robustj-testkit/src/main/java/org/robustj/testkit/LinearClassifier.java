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

    /** The margin z_y − z_j of {@code x} (flattened, row-major). */
    public double margin(float[] x, int y, int j) {
        double m = b[y] - b[j];
        for (int i = 0; i < x.length; i++) m += (w[y][i] - w[j][i]) * (double) x[i];
        return m * scale;
    }

    /**
     * The largest decrease of the margin z_y − z_j that a sparse threat model allows on the box [0, 1], in closed
     * form: changing pixel p (all its channels) to the best vertex lowers the margin by
     * gain_p = Σ_c |dw_c,p|·(x_c,p if dw_c,p &gt; 0 else 1 − x_c,p), dw = w_y − w_j; L0 takes the k largest gains,
     * a patch the best √k×√k window, a frame every pixel within the border width. A point can be moved to class
     * j exactly when {@link #margin} &lt; this gain.
     */
    public double sparseGain(float[] x, int y, int j, Norm norm, double eps) {
        org.robustj.threat.Sparse.Geometry g = org.robustj.threat.Sparse.geometry(inputShape, 0);
        double[] gain = new double[g.pixels()];
        for (int c = 0; c < g.c(); c++) {
            for (int p = 0; p < g.pixels(); p++) {
                int i = c * g.pixels() + p;
                double dw = (w[y][i] - w[j][i]) * scale;
                gain[p] += dw > 0 ? dw * x[i] : -dw * (1 - x[i]);
            }
        }
        int k = (int) Math.rint(eps);
        double total = 0;
        switch (norm) {
            case L0: {
                double[] sorted = gain.clone();
                java.util.Arrays.sort(sorted);
                for (int q = 0; q < Math.min(k, sorted.length); q++) total += sorted[sorted.length - 1 - q];
                return total;
            }
            case PATCH: {
                int side = (int) Math.rint(Math.sqrt(k));
                double bestWindow = 0;
                for (int r = 0; r + side <= g.h(); r++) {
                    for (int col = 0; col + side <= g.w(); col++) {
                        double sum = 0;
                        for (int u = 0; u < side; u++) {
                            for (int v = 0; v < side; v++) sum += gain[(r + u) * g.w() + col + v];
                        }
                        bestWindow = Math.max(bestWindow, sum);
                    }
                }
                return bestWindow;
            }
            case FRAME:
                for (int r = 0; r < g.h(); r++) {
                    for (int col = 0; col < g.w(); col++) if (g.depth(r, col) <= k) total += gain[r * g.w() + col];
                }
                return total;
            default:
                throw new IllegalArgumentException(norm + " is not a sparse threat model");
        }
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
