package org.robustj.diagnose.ntk;

import org.ejml.data.DMatrixRMaj;
import org.robustj.errors.InvalidInputException;

/**
 * The kernel regression predictor of an {@link EmpiricalNtk} and its eigen-features (DIAGNOSTICS.md §2.1):
 * with Θ(X, X) = Σ_i λ_i v_i v_iᵀ and one-hot targets Y, the ridge predictor is
 * f(x) = Θ(x, X)(Θ + λI)⁻¹Y = Σ_i f_i(x), f_i(x) = Θ(x, X) v_i v_iᵀ Y / (λ_i + λ) — what gradient descent on
 * the squared loss of the linearised network converges to (λ = 0, the paper's t → ∞). The ridge is given
 * relative to the kernel's scale, λ = ridge · tr Θ / rows (KIP's convention). Eigenvalues whose λ_i + λ is at
 * rounding level (≤ rows·1e-12·λ_max) are left out: the predictor is then the pseudo-inverse's, and with ridge → 0
 * it interpolates its training set whenever Θ has full rank.
 */
public final class KernelRegression {
    private KernelRegression() {}

    /** λ = ridge · tr Θ / rows. */
    public static double absoluteRidge(EmpiricalNtk ntk, double ridge) {
        if (!(ridge >= 0 && Double.isFinite(ridge))) {
            throw new InvalidInputException("--ridge must be ≥ 0, got " + ridge);
        }
        DMatrixRMaj g = ntk.gram();
        double tr = 0;
        for (int i = 0; i < g.numRows; i++) tr += g.get(i, i);
        return ridge * tr / g.numRows;
    }

    /** One-hot targets: N×K (trace kernel) or (N·K)×1 (full kernel, row i·K + c). */
    public static DMatrixRMaj targets(EmpiricalNtk ntk, int[] labels) {
        int n = ntk.points();
        int k = ntk.classes();
        if (labels.length != n) {
            throw new IllegalArgumentException(labels.length + " labels for " + n + " kernel points");
        }
        DMatrixRMaj y = ntk.kind() == NtkKernel.FULL ? new DMatrixRMaj(n * k, 1) : new DMatrixRMaj(n, k);
        for (int i = 0; i < n; i++) {
            if (ntk.kind() == NtkKernel.FULL) y.set(i * k + labels[i], 0, 1);
            else y.set(i, labels[i], 1);
        }
        return y;
    }

    /** The ridge predictor Σ_i f_i. */
    public static KernelPredictor fit(EmpiricalNtk ntk, int[] labels, double ridge) {
        return sumOfFeatures(ntk, labels, ridge, 0, ntk.gram().numRows);
    }

    /** Eigen-feature i (0 = the largest eigenvalue). */
    public static KernelPredictor feature(EmpiricalNtk ntk, int[] labels, double ridge, int i) {
        return sumOfFeatures(ntk, labels, ridge, i, i + 1);
    }

    /** Σ_{from ≤ i < to} f_i: the cumulative predictor of the top {@code to} features when from = 0. */
    public static KernelPredictor sumOfFeatures(EmpiricalNtk ntk, int[] labels, double ridge, int from, int to) {
        EmpiricalNtk.Eigen e = ntk.eigen();
        int rows = e.values().length;
        if (from < 0 || to > rows || from >= to) {
            throw new InvalidInputException("features " + from + ".." + (to - 1) + " out of range 0.." + (rows - 1));
        }
        double lam = absoluteRidge(ntk, ridge);
        double floor = rows * 1e-12 * Math.max(Math.abs(e.values()[0]), Double.MIN_NORMAL);
        DMatrixRMaj y = targets(ntk, labels);
        DMatrixRMaj v = e.vectors();
        DMatrixRMaj alpha = new DMatrixRMaj(rows, y.numCols);
        for (int i = from; i < to; i++) {
            double d = e.values()[i] + lam;
            if (d <= floor) continue;
            for (int m = 0; m < y.numCols; m++) {
                double proj = 0;
                for (int r = 0; r < rows; r++) proj += v.get(r, i) * y.get(r, m);
                double s = proj / d;
                for (int r = 0; r < rows; r++) alpha.add(r, m, v.get(r, i) * s);
            }
        }
        return new KernelPredictor(ntk, alpha);
    }
}
