package org.robustj.diagnose.ntk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.robustj.errors.InvalidInputException;
import org.robustj.errors.MissingCapabilityException;
import org.robustj.model.GraphClassifier;
import org.robustj.testkit.QueryOnlyClassifier;

class EmpiricalNtkTest {

    @Test
    void forALinearModelTheKernelIsTheGramMatrixTimesTheIdentityOverClasses() {
        try (NDManager base = NDManager.newBaseManager()) {
            GraphClassifier lin = NtkTestNets.linear(base.newSubManager(), 6, 3);
            NDArray x = NtkTestNets.rand(base, 5, 4, 6);
            float[] xv = x.toFloatArray();
            try (EmpiricalNtk full = EmpiricalNtk.compute(lin, x, NtkKernel.FULL);
                    EmpiricalNtk trace = EmpiricalNtk.compute(lin, x, NtkKernel.TRACE)) {
                DMatrixRMaj k = full.gram();
                assertEquals(12, k.numRows);
                for (int i = 0; i < 4; i++) {
                    for (int j = 0; j < 4; j++) {
                        double dot = 0;
                        for (int d = 0; d < 6; d++) dot += xv[i * 6 + d] * xv[j * 6 + d];
                        for (int c = 0; c < 3; c++) {
                            for (int c2 = 0; c2 < 3; c2++) {
                                assertEquals(c == c2 ? dot : 0, k.get(i * 3 + c, j * 3 + c2), 1e-5);
                            }
                        }
                        assertEquals(3 * dot, trace.gram().get(i, j), 1e-5, "trace = K · Gram");
                    }
                }
            }
        }
    }

    @Test
    void theKernelOfAReluNetworkIsSymmetricPositiveSemiDefinite() {
        try (NDManager base = NDManager.newBaseManager()) {
            GraphClassifier net = NtkTestNets.mlp(base.newSubManager(), 5, 8, 3);
            NDArray x = NtkTestNets.rand(base, 7, 10, 5);
            for (NtkKernel kind : NtkKernel.values()) {
                try (EmpiricalNtk ntk = EmpiricalNtk.compute(net, x, kind)) {
                    DMatrixRMaj k = ntk.gram();
                    for (int i = 0; i < k.numRows; i++) {
                        for (int j = 0; j < k.numRows; j++) {
                            assertEquals(k.get(i, j), k.get(j, i), 1e-4 * Math.abs(k.get(i, i)) + 1e-5);
                        }
                    }
                    double[] lam = ntk.eigen().values();
                    for (int i = 1; i < lam.length; i++) assertTrue(lam[i] <= lam[i - 1], "descending");
                    for (double l : lam) assertTrue(l >= -1e-5 * lam[0], kind + ": eigenvalue " + l);
                    // eigenvectors reproduce the kernel: Σ λ v vᵀ = Θ
                    DMatrixRMaj v = ntk.eigen().vectors();
                    for (int i = 0; i < k.numRows; i++) {
                        double s = 0;
                        for (int e = 0; e < lam.length; e++) s += lam[e] * v.get(i, e) * v.get(0, e);
                        assertEquals(k.get(i, 0), s, 1e-6 * lam[0]);
                    }
                    assertEquals(1.0, ntk.eigen().topMass(lam.length), 1e-12);
                }
            }
        }
    }

    @Test
    void aModelWithoutParameterGradientsIsRefusedWithTheAlternatives() {
        try (NDManager base = NDManager.newBaseManager()) {
            GraphClassifier net = NtkTestNets.mlp(base.newSubManager(), 5, 8, 3);
            NDArray x = NtkTestNets.rand(base, 7, 2, 5);
            MissingCapabilityException e = assertThrows(MissingCapabilityException.class,
                    () -> EmpiricalNtk.compute(new QueryOnlyClassifier(net), x, NtkKernel.TRACE));
            assertTrue(e.getMessage().startsWith("ntk needs trainable weights"), e.getMessage());
        }
    }

    @Test
    void tooManyPointsAreRefusedSayingHowManyFit() {
        long budget = NtkMemory.nativeBytes(1000, 10, 100_000, NtkKernel.TRACE);
        long max = NtkMemory.maxPoints(10, 100_000, NtkKernel.TRACE, budget, Long.MAX_VALUE);
        assertEquals(1000, max);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> NtkMemory.check(5000, 10, 100_000, NtkKernel.TRACE, budget, Long.MAX_VALUE));
        assertTrue(e.getMessage().contains("at most 1000 points fit: use --n 1000"), e.getMessage());
        assertTrue(NtkMemory.maxPoints(10, 100_000, NtkKernel.FULL, budget, Long.MAX_VALUE) < 1000);
        try (NDManager base = NDManager.newBaseManager()) {
            GraphClassifier net = NtkTestNets.mlp(base.newSubManager(), 5, 8, 3);
            NDArray x = NtkTestNets.rand(base, 7, 20, 5);
            InvalidInputException small = assertThrows(InvalidInputException.class,
                    () -> EmpiricalNtk.compute(net, x, NtkKernel.FULL, 20_000, Long.MAX_VALUE));
            assertTrue(small.getMessage().contains("points fit"), small.getMessage());
        }
    }
}
