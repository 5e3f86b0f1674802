package org.robustj.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.util.Pair;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * SGD and Adam updates on a three-element weight equal their formulas (computed here in double precision)
 * over several steps, with gradients from a real backward pass of f(w) = Σ c·w², so ∇f = 2c·w.
 */
class OptimizerTest {
    static final double[] C = {0.5, -1.5, 2.0};
    static final double[] W0 = {1.0, -0.5, 0.25};

    /** Runs {@code steps} steps and returns the weights after each one. */
    static float[][] run(Function<NDManager, Optimizer> make, NDArray w, NDManager m, double[] lrs) {
        Optimizer opt = make.apply(m);
        float[][] out = new float[lrs.length][];
        NDArray c = m.create(new float[] {(float) C[0], (float) C[1], (float) C[2]});
        for (int s = 0; s < lrs.length; s++) {
            int before = m.getManagedArrays().size();
            try (NDManager scope = m.newSubManager()) {
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray sq = w.mul(w);
                    sq.attach(scope); // results land in the first operand's manager
                    gc.backward(sq.mul(c).sum());
                }
            }
            opt.step(lrs[s]);
            opt.zeroGradients();
            assertEquals(before, m.getManagedArrays().size(), "no arrays leak into the weight's manager");
            try (NDManager look = m.newSubManager()) {
                NDArray g = w.getGradient();
                g.attach(look);
                assertEquals(0f, g.abs().sum().getFloat(), "gradients zeroed");
            }
            out[s] = w.toFloatArray();
        }
        opt.close();
        return out;
    }

    static NDArray weight(NDManager m) {
        NDArray w = m.create(new float[] {(float) W0[0], (float) W0[1], (float) W0[2]});
        w.setRequiresGradient(true);
        return w;
    }

    @Test
    void sgdWithMomentumAndWeightDecayMatchesPyTorchFormula() {
        checkSgd(0.9, 0.01, false);
    }

    @Test
    void sgdWithNesterovMatchesPyTorchFormula() {
        checkSgd(0.8, 0.0, true);
    }

    @Test
    void plainSgdIsGradientDescent() {
        checkSgd(0.0, 0.05, false);
    }

    void checkSgd(double mu, double wd, boolean nesterov) {
        double[] lrs = {0.1, 0.05, 0.02};
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = weight(m);
            float[][] got = run(p -> new SgdOptimizer(List.of(new Pair<>("w", w)), mu, wd, nesterov, p), w, m, lrs);
            double[] x = W0.clone();
            double[] buf = new double[3];
            for (int s = 0; s < lrs.length; s++) {
                for (int i = 0; i < 3; i++) {
                    double d = 2 * C[i] * x[i] + wd * x[i];
                    if (mu > 0) {
                        buf[i] = mu * buf[i] + d;
                        d = nesterov ? d + mu * buf[i] : buf[i];
                    }
                    x[i] -= lrs[s] * d;
                    assertEquals(x[i], got[s][i], 1e-6, "step " + (s + 1) + " element " + i);
                }
            }
        }
    }

    @Test
    void adamMatchesPyTorchFormula() {
        double b1 = 0.9;
        double b2 = 0.999;
        double eps = 1e-8;
        double wd = 0.01;
        double[] lrs = {0.01, 0.01, 0.005, 0.005};
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = weight(m);
            float[][] got = run(p -> new AdamOptimizer(List.of(new Pair<>("w", w)), b1, b2, eps, wd, p), w, m, lrs);
            double[] x = W0.clone();
            double[] mm = new double[3];
            double[] vv = new double[3];
            for (int s = 0; s < lrs.length; s++) {
                int t = s + 1;
                for (int i = 0; i < 3; i++) {
                    double d = 2 * C[i] * x[i] + wd * x[i];
                    mm[i] = b1 * mm[i] + (1 - b1) * d;
                    vv[i] = b2 * vv[i] + (1 - b2) * d * d;
                    double mhat = mm[i] / (1 - Math.pow(b1, t));
                    double vhat = vv[i] / (1 - Math.pow(b2, t));
                    x[i] -= lrs[s] * mhat / (Math.sqrt(vhat) + eps);
                    assertEquals(x[i], got[s][i], 1e-6, "step " + t + " element " + i);
                }
            }
        }
    }

    @Test
    void firstAdamStepMovesEachWeightByTheLearningRate() {
        // with bias correction the first step is lr·sign(g) (up to epsilon), a classic property of Adam
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = weight(m);
            float[][] got = run(p -> new AdamOptimizer(List.of(new Pair<>("w", w)), 0.9, 0.999, 1e-8, 0, p), w, m,
                    new double[] {0.1});
            for (int i = 0; i < 3; i++) {
                assertEquals(W0[i] - 0.1 * Math.signum(C[i] * W0[i]), got[0][i], 1e-6);
            }
        }
    }
}
