package org.robustj.diagnose.ntk;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.robustj.tensor.ParameterGradients;

/**
 * A predictor F(x) = Θ(x, X) α on an {@link EmpiricalNtk}: the kernel regression predictor or one of its
 * eigen-features ({@link KernelRegression}). Since Θ(x, x_j) = J(x) J(x_j)ᵀ, F_m(x) = Σ_c J_c(x)·G[c, m] with
 * weight-space directions G[c, m] = Σ_j α_jm J_c(x_j) (trace kernel) or δ_cm Σ_{j,c'} α_{jc'} J_c'(x_j) (full),
 * so its input gradient is a double backpropagation through the Jacobian
 * ({@link ParameterGradients#kernelInputGradient}), exact — the closed form of the training-free attacks.
 * Close it to free G.
 */
public final class KernelPredictor implements AutoCloseable {
    /** Points per Jacobian batch when evaluating (bounds the native memory at 64·K·P floats). */
    static final int BATCH = 64;
    /** Points per input-gradient batch (the directions are B·K·P floats). */
    static final int GRADIENT_BATCH = 8;

    private final EmpiricalNtk ntk;
    private final DMatrixRMaj alpha;
    private NDManager scope;
    private NDArray directions;

    /**
     * @param alpha rows of the kernel × outputs: N×K for the trace kernel, (N·K)×1 for the full one
     */
    KernelPredictor(EmpiricalNtk ntk, DMatrixRMaj alpha) {
        int rows = ntk.points() * ntk.kind().rowsPerPoint(ntk.classes());
        int outputs = ntk.kind() == NtkKernel.FULL ? 1 : ntk.classes();
        if (alpha.numRows != rows || alpha.numCols != outputs) {
            throw new IllegalArgumentException("alpha must be " + rows + "×" + outputs + ", got " + alpha.numRows
                    + "×" + alpha.numCols);
        }
        this.ntk = ntk;
        this.alpha = alpha;
    }

    /** The coefficients α. */
    public DMatrixRMaj alpha() {
        return alpha;
    }

    /** F at points given by their Jacobians (N'×K×P): N'×K. */
    public double[][] valuesFromJacobians(NDArray jac) {
        return fromKernel(ntk.crossFrom(jac), (int) jac.getShape().get(0));
    }

    /** F on the training points themselves: Θ(X, X) α, N×K. */
    public double[][] trainingValues() {
        return fromKernel(ntk.gram(), ntk.points());
    }

    private double[][] fromKernel(DMatrixRMaj cross, int n) {
        DMatrixRMaj out = new DMatrixRMaj(cross.numRows, alpha.numCols);
        CommonOps_DDRM.mult(cross, alpha, out);
        int k = ntk.classes();
        double[][] v = new double[n][k];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < k; c++) {
                v[i][c] = ntk.kind() == NtkKernel.FULL ? out.get(i * k + c, 0) : out.get(i, c);
            }
        }
        return v;
    }

    /** F(x) for inputs N'×…, N'×K (Jacobians computed in batches of {@value #BATCH}). */
    public double[][] values(NDArray x) {
        long n = x.getShape().get(0);
        double[][] out = new double[(int) n][];
        for (long i = 0; i < n; i += BATCH) {
            try (NDManager s = x.getManager().newSubManager()) {
                NDArray xi = x.get(new NDIndex("{}:{}", i, Math.min(n, i + BATCH)));
                xi.attach(s);
                NDArray j = ntk.jacobians(xi);
                j.attach(s);
                double[][] v = valuesFromJacobians(j);
                System.arraycopy(v, 0, out, (int) i, v.length);
            }
        }
        return out;
    }

    /** argmax_m F_m(x) per point. */
    public int[] predict(NDArray x) {
        return argmax(values(x));
    }

    static int[] argmax(double[][] v) {
        int[] p = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            int best = 0;
            for (int c = 1; c < v[i].length; c++) if (v[i][c] > v[i][best]) best = c;
            p[i] = best;
        }
        return p;
    }

    /**
     * The input gradient of Σ_i Σ_m w[i][m] F_m(x_i), shaped like {@code x}, in {@code x}'s manager.
     *
     * @param w N'×K output weights (∂loss/∂F for a loss on F)
     */
    public NDArray inputGradient(NDArray x, double[][] w) {
        NDArray g = directions();
        long n = x.getShape().get(0);
        int k = ntk.classes();
        List<NDArray> parts = new ArrayList<>();
        NDManager owner = x.getManager();
        try (NDManager s = owner.newSubManager()) {
            for (long i = 0; i < n; i += GRADIENT_BATCH) {
                int b = (int) (Math.min(n, i + GRADIENT_BATCH) - i);
                try (NDManager step = s.newSubManager()) {
                    float[] wt = new float[k * b];
                    for (int m = 0; m < k; m++) {
                        for (int r = 0; r < b; r++) wt[m * b + r] = (float) w[(int) i + r][m];
                    }
                    NDArray wT = step.create(wt, new Shape(k, b));
                    NDArray prod = g.matMul(wT); // (K,P,K)·(K,B) → (K,P,B), made in g's manager: moved here
                    prod.attach(step);
                    NDArray h = prod.transpose(2, 0, 1); // (B,K,P)
                    h.attach(step);
                    NDArray xi = x.get(new NDIndex("{}:{}", i, i + b)).toType(DataType.FLOAT32, false);
                    xi.attach(step);
                    NDArray grad = ParameterGradients.kernelInputGradient(xi, ntk.model()::logits, ntk.weights(), h);
                    grad.attach(s);
                    parts.add(grad);
                }
            }
            NDArray all = parts.size() == 1 ? parts.get(0) : NDArrays.concat(new NDList(parts), 0);
            all.attach(owner);
            return all;
        }
    }

    /**
     * The input gradient of the cross-entropy of softmax(F(x)) at the labels, and F itself in {@code values}
     * (the loss of the reference notebook's multiclass attacks).
     */
    public NDArray lossGradient(NDArray x, int[] labels, double[][][] values) {
        double[][] f = values(x);
        double[][] w = new double[f.length][];
        for (int i = 0; i < f.length; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (double v : f[i]) max = Math.max(max, v);
            double sum = 0;
            w[i] = new double[f[i].length];
            for (int c = 0; c < f[i].length; c++) {
                w[i][c] = Math.exp(f[i][c] - max);
                sum += w[i][c];
            }
            for (int c = 0; c < f[i].length; c++) w[i][c] = w[i][c] / sum - (c == labels[i] ? 1 : 0);
        }
        if (values != null) values[0] = f;
        return inputGradient(x, w);
    }

    /** G as (c, p, m), K×P×K float32, computed once. */
    private synchronized NDArray directions() {
        if (directions == null) {
            scope = ntk.manager().newSubManager();
            NDArray j = ntk.trainingJacobians();
            int n = ntk.points();
            int k = ntk.classes();
            long p = ntk.parameters();
            float[] a = new float[alpha.getNumElements()];
            for (int i = 0; i < a.length; i++) a[i] = (float) alpha.get(i);
            try (NDManager t = scope.newSubManager()) {
                NDArray g;
                if (ntk.kind() == NtkKernel.TRACE) {
                    NDArray al = t.create(a, new Shape(n, k));
                    NDArray jt = j.transpose(1, 2, 0); // a view, made in the Jacobians' manager: moved here
                    jt.attach(t);
                    g = jt.matMul(al); // (K,P,N)·(N,K)
                } else {
                    NDArray al = t.create(a, new Shape((long) n * k, 1));
                    NDArray rows = j.reshape((long) n * k, p);
                    rows.attach(t);
                    NDArray flat = rows.transpose().matMul(al); // (P,1)
                    g = t.eye(k).reshape(k, 1, k).mul(flat.reshape(1, p, 1));
                }
                g.attach(t); // made in the Jacobians' manager; a temporary of this computation
                directions = g.toType(DataType.FLOAT32, true);
                directions.attach(scope);
            }
        }
        return directions;
    }

    @Override
    public synchronized void close() {
        if (scope != null) {
            scope.close();
            scope = null;
            directions = null;
        }
    }
}
