package org.robustj.diagnose.ntk;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.robustj.model.Capabilities;
import org.robustj.model.Classifier;
import org.robustj.model.ModelCapability;
import org.robustj.tensor.ParameterGradients;

/**
 * The empirical neural tangent kernel of a model on a set of points X: Θ(x, x') = J(x) J(x')ᵀ with
 * J = ∂f/∂θ (K×P), as {@link NtkKernel#FULL} (row {@code i·K + c} is point i, class c) or {@link NtkKernel#TRACE}
 * (row i). It keeps the training points' Jacobians (native, N×K×P float32) for cross kernels and for the kernel
 * predictor's input gradients, and the kernel itself as an EJML matrix; {@link #eigen()} is its symmetric
 * eigendecomposition (EJML), largest eigenvalue first. Close it to free the Jacobians.
 *
 * <pre>{@code
 * try (EmpiricalNtk ntk = EmpiricalNtk.compute(model, x, NtkKernel.TRACE)) {
 *     double[] lambda = ntk.eigen().values();
 * }
 * }</pre>
 */
public final class EmpiricalNtk implements AutoCloseable {
    private final Classifier model;
    private final List<NDArray> weights;
    private final NtkKernel kind;
    private final NDManager manager;
    private final NDArray jacobians;
    private final int points;
    private final int classes;
    private final long params;
    private final DMatrixRMaj gram;
    private Eigen eigen;

    /**
     * The kernel's eigenpairs, λ descending; column i of {@code vectors} is the unit eigenvector of λ_i.
     *
     * @param values eigenvalues, largest first (tiny negative values of a rounded PSD kernel kept as they are)
     * @param vectors rows × rows, orthonormal columns
     */
    public record Eigen(double[] values, DMatrixRMaj vectors) {
        /** Σ_{i<k} λ_i² / Σ_i λ_i²: the kernel's mass in its top-k eigenspace (DIAGNOSTICS.md §2.1). */
        public double topMass(int k) {
            double top = 0;
            double all = 0;
            for (int i = 0; i < values.length; i++) {
                double s = values[i] * values[i];
                all += s;
                if (i < k) top += s;
            }
            return all == 0 ? 0 : top / all;
        }
    }

    private EmpiricalNtk(Classifier model, List<NDArray> weights, NtkKernel kind, NDManager manager,
            NDArray jacobians, DMatrixRMaj gram) {
        this.model = model;
        this.weights = weights;
        this.kind = kind;
        this.manager = manager;
        this.jacobians = jacobians;
        this.points = (int) jacobians.getShape().get(0);
        this.classes = (int) jacobians.getShape().get(1);
        this.params = jacobians.getShape().get(2);
        this.gram = gram;
    }

    /** {@link #compute(Classifier, NDArray, NtkKernel, long, long)} with the memory this process has. */
    public static EmpiricalNtk compute(Classifier model, NDArray x, NtkKernel kind) {
        return compute(model, x, kind, NtkMemory.nativeBudget(), NtkMemory.heapBudget());
    }

    /**
     * The NTK of {@code model} on the points {@code x} (N×…, in [0, 1]).
     *
     * @throws org.robustj.errors.MissingCapabilityException when the model offers no parameter gradients
     * @throws org.robustj.errors.InvalidInputException when N points do not fit the budgets (saying how many do)
     */
    public static EmpiricalNtk compute(Classifier model, NDArray x, NtkKernel kind, long nativeBudget,
            long heapBudget) {
        Capabilities.require(model, ModelCapability.PARAMETER_GRADIENTS, "ntk",
                "use a robustj model (zoo:NAME, a .json card) or an ONNX file");
        List<NDArray> weights = model.weights();
        long p = ParameterGradients.count(weights);
        long n = x.getShape().get(0);
        NtkMemory.check(n, model.numClasses(), p, kind, nativeBudget, heapBudget);
        NDManager m = x.getManager().newSubManager();
        try {
            NDArray j;
            try (NDManager in = m.newSubManager()) {
                NDArray xs = x.toType(DataType.FLOAT32, true);
                xs.attach(in);
                j = ParameterGradients.jacobians(xs, model::logits, weights, 1);
                j.attach(m);
            }
            EmpiricalNtk ntk = new EmpiricalNtk(model, weights, kind, m, j, null);
            DMatrixRMaj g = ntk.crossFrom(j);
            for (int a = 0; a < g.numRows; a++) {
                for (int b = a + 1; b < g.numRows; b++) {
                    double mean = 0.5 * (g.get(a, b) + g.get(b, a));
                    g.set(a, b, mean);
                    g.set(b, a, mean);
                }
            }
            return new EmpiricalNtk(model, weights, kind, m, j, g);
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
    }

    /** The per-example parameter Jacobians of other points, N'×K×P, in {@code x}'s manager. */
    public NDArray jacobians(NDArray x) {
        return ParameterGradients.jacobians(x.toType(DataType.FLOAT32, false), model::logits, weights, 1);
    }

    /** The training points' Jacobians, N×K×P (owned by this kernel). */
    public NDArray trainingJacobians() {
        return jacobians;
    }

    /**
     * The kernel between other points (given by their Jacobians, N'×K×P) and the training points:
     * (N'·r)×(N·r) with r = {@link NtkKernel#rowsPerPoint}.
     */
    public DMatrixRMaj crossFrom(NDArray otherJacobians) {
        long rowsOther = otherJacobians.getShape().get(0) * kind.rowsPerPoint(classes);
        long rows = (long) points * kind.rowsPerPoint(classes);
        try (NDManager s = manager.newSubManager()) {
            NDArray a = otherJacobians.reshape(rowsOther, -1);
            NDArray b = jacobians.reshape(rows, -1);
            a.attach(s);
            b.attach(s);
            NDArray k = a.matMul(b.transpose());
            k.attach(s);
            double[] v = k.toType(DataType.FLOAT64, false).toDoubleArray();
            return new DMatrixRMaj((int) rowsOther, (int) rows, true, v);
        }
    }

    /** Θ(X, X), symmetric (made exactly so: the mean of it and its transpose). */
    public DMatrixRMaj gram() {
        return gram;
    }

    /** The symmetric eigendecomposition of {@link #gram()} (EJML), computed once; λ descending. */
    public synchronized Eigen eigen() {
        if (eigen == null) {
            int r = gram.numRows;
            DMatrixRMaj sym = gram.copy(); // the decomposition overwrites its input
            EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(r, true, true);
            if (!eig.decompose(sym)) {
                throw new IllegalStateException("EJML could not decompose the " + r + "×" + r + " NTK");
            }
            Integer[] order = new Integer[r];
            double[] lam = new double[r];
            for (int i = 0; i < r; i++) {
                order[i] = i;
                lam[i] = eig.getEigenvalue(i).getReal();
            }
            java.util.Arrays.sort(order, (a, b) -> Double.compare(lam[b], lam[a]));
            double[] values = new double[r];
            DMatrixRMaj vectors = new DMatrixRMaj(r, r);
            for (int i = 0; i < r; i++) {
                values[i] = lam[order[i]];
                DMatrixRMaj v = eig.getEigenVector(order[i]);
                double norm = 0;
                for (int j = 0; j < r; j++) norm += v.get(j) * v.get(j);
                norm = Math.sqrt(norm);
                for (int j = 0; j < r; j++) vectors.set(j, i, v.get(j) / norm);
            }
            eigen = new Eigen(values, vectors);
        }
        return eigen;
    }

    /** Full or trace. */
    public NtkKernel kind() {
        return kind;
    }

    /** N, the number of training points. */
    public int points() {
        return points;
    }

    /** K, the model's outputs. */
    public int classes() {
        return classes;
    }

    /** P, the number of weights. */
    public long parameters() {
        return params;
    }

    /** The model the kernel belongs to. */
    public Classifier model() {
        return model;
    }

    /** The weights differentiated in (the model's own arrays). */
    List<NDArray> weights() {
        return weights;
    }

    /** The manager of the Jacobians (temporaries of predictors go in its sub-managers). */
    NDManager manager() {
        return manager;
    }

    @Override
    public void close() {
        manager.close();
    }
}
