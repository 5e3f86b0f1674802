package org.robustj.diagnose.ntk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import org.robustj.model.GraphClassifier;

class KernelRegressionTest {
    private static final int[] LABELS = {0, 2, 1, 1, 0, 2, 2, 0};

    @Test
    void thePredictorInterpolatesItsTrainingSetAsTheRidgeGoesToZero() {
        try (NDManager base = NDManager.newBaseManager()) {
            GraphClassifier net = NtkTestNets.mlp(base.newSubManager(), 5, 16, 3);
            NDArray x = NtkTestNets.rand(base, 3, 8, 5);
            for (NtkKernel kind : NtkKernel.values()) {
                try (EmpiricalNtk ntk = EmpiricalNtk.compute(net, x, kind)) {
                    double previous = Double.POSITIVE_INFINITY;
                    for (double ridge : new double[] {1e-1, 1e-3, 1e-6, 0}) {
                        double err = 0;
                        try (KernelPredictor f = KernelRegression.fit(ntk, LABELS, ridge)) {
                            double[][] v = f.trainingValues();
                            for (int i = 0; i < 8; i++) {
                                for (int c = 0; c < 3; c++) err = Math.max(err, Math.abs(v[i][c] - (c == LABELS[i] ? 1 : 0)));
                            }
                        }
                        assertEquals(true, err <= previous + 1e-12, kind + " ridge " + ridge + ": " + err);
                        previous = err;
                    }
                    assertEquals(0, previous, 1e-8, kind + ": interpolation at ridge 0");
                }
            }
        }
    }

    @Test
    void theFeaturesSumToThePredictorAndItsJacobianValuesMatchTheKernelOnes() {
        try (NDManager base = NDManager.newBaseManager()) {
            GraphClassifier net = NtkTestNets.mlp(base.newSubManager(), 5, 16, 3);
            NDArray x = NtkTestNets.rand(base, 3, 8, 5);
            NDArray test = NtkTestNets.rand(base, 4, 3, 5);
            try (EmpiricalNtk ntk = EmpiricalNtk.compute(net, x, NtkKernel.TRACE);
                    KernelPredictor f = KernelRegression.fit(ntk, LABELS, 1e-3)) {
                double[][] whole = f.values(test);
                double[][] sum = new double[3][3];
                for (int i = 0; i < 8; i++) {
                    try (KernelPredictor fi = KernelRegression.feature(ntk, LABELS, 1e-3, i)) {
                        double[][] v = fi.values(test);
                        for (int a = 0; a < 3; a++) for (int c = 0; c < 3; c++) sum[a][c] += v[a][c];
                    }
                }
                for (int a = 0; a < 3; a++) {
                    for (int c = 0; c < 3; c++) assertEquals(whole[a][c], sum[a][c], 1e-9 + 1e-6 * Math.abs(whole[a][c]));
                }
            }
        }
    }

    @Test
    void theInputGradientOfThePredictorMatchesFiniteDifferences() {
        try (NDManager base = NDManager.newBaseManager()) {
            GraphClassifier net = NtkTestNets.mlp(base.newSubManager(), 4, 6, 3);
            NDArray x = NtkTestNets.rand(base, 3, 8, 4);
            NDArray at = NtkTestNets.rand(base, 9, 2, 4);
            for (NtkKernel kind : NtkKernel.values()) {
                try (EmpiricalNtk ntk = EmpiricalNtk.compute(net, x, kind);
                        KernelPredictor f = KernelRegression.fit(ntk, LABELS, 1e-2)) {
                    double[][] w = {{0.3, -1, 0.5}, {1, 0.2, -0.7}};
                    float[] g = f.inputGradient(at, w).toFloatArray();
                    float[] xv = at.toFloatArray();
                    double h = 1e-2; // float32 Jacobians: a wide step; the net is piecewise linear in x
                    for (int d = 0; d < xv.length; d++) {
                        float[] up = xv.clone();
                        up[d] += h;
                        float[] down = xv.clone();
                        down[d] -= h;
                        double fd = (score(f, base.create(up, at.getShape()), w) - score(f, base.create(down,
                                at.getShape()), w)) / (2 * h);
                        assertEquals(fd, g[d], 2e-3 * (1 + Math.abs(fd)), kind + " coordinate " + d);
                    }
                }
            }
        }
    }

    private static double score(KernelPredictor f, NDArray x, double[][] w) {
        double[][] v = f.values(x);
        double s = 0;
        for (int i = 0; i < v.length; i++) for (int c = 0; c < v[i].length; c++) s += w[i][c] * v[i][c];
        return s;
    }
}
