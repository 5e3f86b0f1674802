package org.robustj.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.robustj.tensor.Engines;

/**
 * The engine's convolution input gradient (what backpropagates into every layer before a convolution, and what
 * attacks differentiate) equals an exact reference on the narrow layers of the resume test's small-cnn (4 and 8
 * channels), on one and on two threads, with whichever kernels the engine chose on this machine
 * ({@link Engines#convolutions}). libtorch 2.7.1's oneDNN kernels have got these wrong on some machines (always
 * on one thread, intermittently or NaN on two, which made {@link TrainerResumeTest} fail at random); where they
 * do, the engine's check must have chosen the native kernels, and this test fails if it did not.
 */
class ConvolutionGradientTest {
    @Test
    void inputGradientOfNarrowConvolutionsIsExactOnOneAndTwoThreads() {
        Engines.pytorch();
        int before = Engines.threads();
        try {
            for (int threads : new int[] {1, 2}) {
                Engines.setThreads(threads);
                // conv2 of the resume test (4 -> 8 channels), and conv1 with an input gradient (1 -> 4), as attacks
                checkInputGradient(4, 8, 5, 28, 64, threads);
                checkInputGradient(1, 4, 5, 28, 64, threads);
                checkInputGradient(4, 8, 5, 14, 44, threads);
            }
        } finally {
            Engines.setThreads(before);
        }
    }

    private static void checkInputGradient(int cin, int cout, int k, int hw, int n, int threads) {
        SplittableRandom rng = new SplittableRandom(cin * 1000L + cout * 10L + hw);
        float[] x = new float[n * cin * hw * hw];
        for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextDouble();
        float[] w = new float[cout * cin * k * k];
        for (int i = 0; i < w.length; i++) w[i] = (float) (rng.nextDouble() - 0.5);
        float[] g = new float[n * cout * hw * hw];
        for (int i = 0; i < g.length; i++) g[i] = (float) (rng.nextDouble() * 2 - 1);
        int p = k / 2;
        // d/dx of sum(conv(x, w) * g), zero padding p, stride 1, in double
        double[] ref = new double[x.length];
        for (int b = 0; b < n; b++) {
            for (int co = 0; co < cout; co++) {
                for (int oy = 0; oy < hw; oy++) {
                    for (int ox = 0; ox < hw; ox++) {
                        double gg = g[((b * cout + co) * hw + oy) * hw + ox];
                        for (int ci = 0; ci < cin; ci++) {
                            for (int ky = 0; ky < k; ky++) {
                                int iy = oy + ky - p;
                                if (iy < 0 || iy >= hw) continue;
                                for (int kx = 0; kx < k; kx++) {
                                    int ix = ox + kx - p;
                                    if (ix < 0 || ix >= hw) continue;
                                    ref[((b * cin + ci) * hw + iy) * hw + ix] += gg * w[((co * cin + ci) * k + ky) * k + kx];
                                }
                            }
                        }
                    }
                }
            }
        }
        float[] dx;
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray xa = m.create(x, new Shape(n, cin, hw, hw));
            NDArray wa = m.create(w, new Shape(cout, cin, k, k));
            NDArray ga = m.create(g, new Shape(n, cout, hw, hw));
            xa.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = Conv2d.conv2d(xa, wa, null, new Shape(1, 1), new Shape(p, p), new Shape(1, 1), 1)
                        .singletonOrThrow();
                gc.backward(y.mul(ga).sum());
            }
            dx = xa.getGradient().toFloatArray();
        }
        int wrong = 0;
        double max = 0;
        for (int i = 0; i < dx.length; i++) {
            double e = Math.abs(dx[i] - ref[i]);
            if (!(e <= 1e-4)) wrong++;
            if (Double.isFinite(e)) max = Math.max(max, e);
        }
        assertTrue(wrong == 0, String.format("conv %d->%d k%d %dx%d batch %d on %d thread(s), kernels %s: %d of %d "
                + "input-gradient values wrong or NaN (max error %.3g)", cin, cout, k, hw, hw, n, threads,
                Engines.convolutions(), wrong, dx.length, max));
    }
}
