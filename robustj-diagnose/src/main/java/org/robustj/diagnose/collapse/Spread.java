package org.robustj.diagnose.collapse;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * The second pass over features (the reference's "Cov" pass), given class means: the within-class spread seen
 * through the between-class directions, for NC1, and the nearest-class-centre predictions, for NC4, the
 * nearest-centre accuracy and the leap.
 *
 * <p>NC1 = tr(Σ_W Σ_B^†) with Σ_W = (1/N) Σ_i z_i z_iᵀ, z_i = h_i − μ_{y_i}, and Σ_B = (1/C) M̃ M̃ᵀ. Σ_B has rank
 * at most C − 1, so its pseudo-inverse lives in the span of M̃: with the eigendecomposition M̃ᵀM̃ = V S² Vᵀ
 * (C × C, Commons Math), Σ_B^† = C · U S^{-2} Uᵀ with U = M̃ V S^{-1}, and tr(Σ_W Σ_B^†) = (C/N) Σ_k v_kᵀ Q v_k /
 * s_k⁴, where Q = Σ_i (M̃ᵀ z_i)(M̃ᵀ z_i)ᵀ is accumulated batch by batch (a B × C product per batch, never a d × d
 * matrix, so the widest convolution layers cost seconds). Eigenvalues of Σ_B below d · 2^-23 times the largest are
 * treated as zero, as {@code scipy.linalg.pinv} does on the reference's float32 matrix. This is exactly the
 * reference's full pseudo-inverse; Papyan et al. divide the trace by C.
 */
public final class Spread {
    /** Relative eigenvalue cut-off per feature dimension: float32's machine epsilon, as scipy on float32. */
    static final double RTOL_PER_DIM = Math.ulp(1.0f);

    private final ClassMeans.Means own;
    private final ClassMeans.Means centres;
    private final int classes;
    private final double[][] q;
    private long n;
    private long nccMatchesNet;
    private long nccCorrect;
    private long centresCorrect;
    private long broken;
    private long leaps;

    /**
     * @param own the means of these features (NC1, NC4)
     * @param centres the centres of the nearest-centre classifier whose accuracy and leap are measured (the
     *     clean means for adversarial features; {@code own} for clean ones)
     */
    public Spread(ClassMeans.Means own, ClassMeans.Means centres) {
        this.own = own;
        this.centres = centres;
        this.classes = own.classes();
        this.q = new double[classes][classes];
    }

    /**
     * Adds a batch of features {@code h} (B × d) with true labels {@code y} and the network's predictions
     * {@code net} on the same inputs.
     */
    public void add(NDArray h, int[] y, int[] net) {
        NDManager m = h.getManager();
        int b = y.length;
        int d = own.dim();
        NDArray hf = h.toType(DataType.FLOAT32, false);
        double[][] tilde = own.centred();
        NDArray mt = m.create(flat(tilde, true), new Shape(d, classes)); // d × C
        float[] mus = new float[b * d];
        for (int i = 0; i < b; i++) {
            double[] mu = own.mu()[y[i]];
            for (int j = 0; j < d; j++) mus[i * d + j] = (float) mu[j];
        }
        NDArray z = hf.sub(m.create(mus, new Shape(b, d)));
        NDArray p = z.matMul(mt); // B × C
        float[] qq = p.transpose().matMul(p).toFloatArray();
        for (int a = 0; a < classes; a++) {
            for (int c = 0; c < classes; c++) q[a][c] += qq[a * classes + c];
        }
        int[] nccOwn = ncc(hf, own);
        int[] nccCentres = centres == own ? nccOwn : ncc(hf, centres);
        for (int i = 0; i < b; i++) {
            n++;
            if (nccOwn[i] == net[i]) nccMatchesNet++;
            if (nccOwn[i] == y[i]) nccCorrect++;
            if (nccCentres[i] == y[i]) centresCorrect++;
            if (net[i] != y[i]) {
                broken++;
                if (nccCentres[i] == net[i]) leaps++;
            }
        }
    }

    /** argmin_c ||h − μ_c|| = argmin_c (||μ_c||² − 2 h·μ_c), per row. */
    private static int[] ncc(NDArray hf, ClassMeans.Means means) {
        int c = means.classes();
        int d = means.dim();
        NDArray mu = hf.getManager().create(flat(means.mu(), true), new Shape(d, c));
        float[] s = hf.matMul(mu).toFloatArray();
        double[] sq = new double[c];
        for (int k = 0; k < c; k++) {
            double t = 0;
            for (double v : means.mu()[k]) t += v * v;
            sq[k] = t;
        }
        int b = s.length / c;
        int[] out = new int[b];
        for (int i = 0; i < b; i++) {
            int best = 0;
            double bestV = Double.POSITIVE_INFINITY;
            for (int k = 0; k < c; k++) {
                double v = sq[k] - 2.0 * s[i * c + k];
                if (v < bestV) {
                    bestV = v;
                    best = k;
                }
            }
            out[i] = best;
        }
        return out;
    }

    /** C × d rows as a float array, transposed (d × C) when asked. */
    static float[] flat(double[][] rows, boolean transpose) {
        int c = rows.length;
        int d = rows[0].length;
        float[] f = new float[c * d];
        for (int k = 0; k < c; k++) {
            for (int j = 0; j < d; j++) f[transpose ? j * c + k : k * d + j] = (float) rows[k][j];
        }
        return f;
    }

    /**
     * What the pass measured.
     *
     * @param nc1 tr(Σ_W Σ_B^†), the reference's (Su et al.) form; Papyan's is {@code nc1 / C}
     * @param nc4 fraction of points where the nearest own centre differs from the network's prediction
     * @param nccAccuracy accuracy of the nearest own centre against the true labels
     * @param centresAccuracy accuracy of the nearest of the given centres against the true labels
     * @param leap among points the network gets wrong, the fraction whose nearest given centre is the network's
     *     (wrong) class; NaN when there are none
     * @param wrong how many points the network gets wrong
     */
    public record Result(double nc1, double nc4, double nccAccuracy, double centresAccuracy, double leap, long wrong) {}

    /** The measures. */
    public Result finish() {
        double nc1 = nc1(own, q, n);
        return new Result(nc1, 1 - nccMatchesNet / (double) n, nccCorrect / (double) n, centresCorrect / (double) n,
                broken == 0 ? Double.NaN : leaps / (double) broken, broken);
    }

    /** tr(Σ_W Σ_B^†) from the accumulated Q (see the class comment). */
    static double nc1(ClassMeans.Means means, double[][] q, long n) {
        double[][] tilde = means.centred();
        int c = tilde.length;
        double[][] g = new double[c][c];
        for (int a = 0; a < c; a++) {
            for (int b = a; b < c; b++) {
                double s = 0;
                for (int j = 0; j < tilde[a].length; j++) s += tilde[a][j] * tilde[b][j];
                g[a][b] = s;
                g[b][a] = s;
            }
        }
        RealMatrix gm = new Array2DRowRealMatrix(g, false);
        EigenDecomposition e = new EigenDecomposition(gm);
        double[] s2 = e.getRealEigenvalues();
        double max = 0;
        for (double v : s2) max = Math.max(max, v);
        double cut = means.dim() * RTOL_PER_DIM * max;
        double trace = 0;
        for (int k = 0; k < c; k++) {
            if (s2[k] <= cut || s2[k] <= 0) continue;
            double[] v = e.getEigenvector(k).toArray();
            double vqv = 0;
            for (int a = 0; a < c; a++) {
                for (int b = 0; b < c; b++) vqv += v[a] * q[a][b] * v[b];
            }
            trace += vqv / (s2[k] * s2[k]);
        }
        return c * trace / n;
    }
}
