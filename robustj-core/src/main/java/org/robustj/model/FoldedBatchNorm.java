package org.robustj.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.ParameterList;
import java.nio.FloatBuffer;
import java.util.Arrays;
import org.robustj.model.graph.BatchNorm;

/**
 * A DJL BatchNorm layer folded for eval mode into a graph {@link BatchNorm}: scale γ/√(var + ε) and shift
 * β − mean·scale, computed in double precision from the layer's current running statistics. The folded arrays
 * belong to the graph; {@link #refresh} rewrites them in place after training changed the statistics, so a
 * graph already handed out stays correct. No gradient flows through the fold (it is a snapshot of γ and β).
 */
final class FoldedBatchNorm {
    /** DJL's default ε ({@code BatchNorm.builder()}), which every robustj architecture uses. */
    static final double EPS = 1e-5;

    private final ai.djl.nn.norm.BatchNorm layer;
    private final NDArray scale;
    private final NDArray shift;
    private final BatchNorm op;
    private float[] lastScale;
    private float[] lastShift;

    FoldedBatchNorm(ai.djl.nn.norm.BatchNorm layer, NDManager manager) {
        this.layer = layer;
        long c = layer.getDirectParameters().get("gamma").getArray().getShape().size();
        this.scale = manager.zeros(new Shape(c));
        this.shift = manager.zeros(new Shape(c));
        this.op = new BatchNorm(scale, shift);
        refresh();
    }

    /** The graph operator (the same object on every call). */
    BatchNorm op() {
        return op;
    }

    /** Re-folds from the layer's current γ, β and running statistics. */
    void refresh() {
        ParameterList p = layer.getDirectParameters();
        float[] gamma = p.get("gamma").getArray().toFloatArray();
        float[] beta = p.get("beta").getArray().toFloatArray();
        float[] mean = p.get("runningMean").getArray().toFloatArray();
        float[] var = p.get("runningVar").getArray().toFloatArray();
        float[] s = new float[gamma.length];
        float[] t = new float[gamma.length];
        for (int i = 0; i < s.length; i++) {
            double k = gamma[i] / Math.sqrt((double) var[i] + EPS);
            s[i] = (float) k;
            t[i] = (float) (beta[i] - mean[i] * k);
        }
        // written only when changed, so that refreshing an unchanged model never touches arrays in use
        if (!Arrays.equals(s, lastScale)) {
            scale.set(FloatBuffer.wrap(s));
            lastScale = s;
        }
        if (!Arrays.equals(t, lastShift)) {
            shift.set(FloatBuffer.wrap(t));
            lastShift = t;
        }
    }
}
