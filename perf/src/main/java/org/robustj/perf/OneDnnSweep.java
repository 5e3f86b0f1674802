package org.robustj.perf;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import java.util.SplittableRandom;
import org.robustj.tensor.Engines;

/**
 * oneDNN against libtorch's native convolution kernels on random shapes (channels, kernel, stride, padding, size,
 * batch, 1 or 2 threads): output, input and weight gradients, relative error per trial, "BAD" above 1e-4. What
 * {@code Engines}' start-up check does on a fixed set of shapes, over many more, to see how a machine behaves.
 * Usage: {@code OneDnnSweep TRIALS SEED}; prints the engine's own choice and how long its check took first.
 */
public final class OneDnnSweep {
    static void mkldnn(boolean on) {
        com.sun.jna.NativeLibrary lib = com.sun.jna.NativeLibrary.getInstance(java.nio.file.Path.of(
                ai.djl.pytorch.jni.LibUtils.getLibtorchPath(), System.mapLibraryName("torch_cpu")).toString());
        com.sun.jna.Pointer context = lib.getFunction("_ZN2at13globalContextEv").invokePointer(new Object[0]);
        lib.getFunction("_ZN2at7Context20setUserEnabledMkldnnEb").invokeVoid(new Object[] {context, on ? 1 : 0});
    }

    static float[][] grads(float[] x, float[] w, float[] g, int n, int cin, int cout, int k, int s, int p, int hw, int ho) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray xa = m.create(x, new Shape(n, cin, hw, hw));
            NDArray wa = m.create(w, new Shape(cout, cin, k, k));
            NDArray ga = m.create(g, new Shape(n, cout, ho, ho));
            xa.setRequiresGradient(true);
            wa.setRequiresGradient(true);
            NDArray y;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                y = Conv2d.conv2d(xa, wa, null, new Shape(s, s), new Shape(p, p), new Shape(1, 1), 1).singletonOrThrow();
                gc.backward(y.mul(ga).sum());
            }
            return new float[][] {y.toFloatArray(), xa.getGradient().toFloatArray(), wa.getGradient().toFloatArray()};
        }
    }

    static double relErr(float[] a, float[] b) {
        double max = 0, scale = 1e-12;
        for (int i = 0; i < a.length; i++) {
            double e = Math.abs(a[i] - b[i]);
            if (!Double.isFinite(e)) return Double.POSITIVE_INFINITY;
            max = Math.max(max, e);
            scale = Math.max(scale, Math.abs(b[i]));
        }
        return max / scale;
    }

    public static void main(String[] args) {
        long t0 = System.nanoTime();
        Engines.pytorch();
        System.out.printf("engine start and check: %.2f s; gradient convolutions: %s%n", (System.nanoTime() - t0) / 1e9,
                Engines.convolutions());
        int trials = Integer.parseInt(args[0]);
        long seed = Long.parseLong(args[1]);
        int[] cins = {1, 3, 4, 8, 16, 32, 64};
        int[] couts = {4, 8, 12, 16, 24, 32, 48, 64};
        int[] ks = {3, 4, 5};
        int[] hws = {28, 14, 32, 7};
        int[] ns = {1, 8, 100, 37};
        SplittableRandom r = new SplittableRandom(seed);
        for (int t = 0; t < trials; t++) {
            int cin = cins[r.nextInt(cins.length)], cout = couts[r.nextInt(couts.length)], k = ks[r.nextInt(ks.length)];
            int s = 1 + r.nextInt(2), p = r.nextInt(3), hw = hws[r.nextInt(hws.length)], n = ns[r.nextInt(ns.length)];
            int threads = 1 + r.nextInt(2);
            int ho = (hw + 2 * p - k) / s + 1;
            if (ho < 1) continue;
            float[] x = new float[n * cin * hw * hw];
            for (int i = 0; i < x.length; i++) x[i] = (float) r.nextDouble();
            float[] w = new float[cout * cin * k * k];
            for (int i = 0; i < w.length; i++) w[i] = (float) (r.nextDouble() - 0.5);
            float[] g = new float[n * cout * ho * ho];
            for (int i = 0; i < g.length; i++) g[i] = (float) (r.nextDouble() * 2 - 1);
            Engines.setThreads(threads);
            mkldnn(false);
            float[][] ref = grads(x, w, g, n, cin, cout, k, s, p, hw, ho);
            mkldnn(true);
            float[][] on = grads(x, w, g, n, cin, cout, k, s, p, hw, ho);
            float[][] on2 = grads(x, w, g, n, cin, cout, k, s, p, hw, ho);
            mkldnn(false);
            double ey = relErr(on[0], ref[0]), ex = Math.max(relErr(on[1], ref[1]), relErr(on2[1], ref[1]));
            double ew = Math.max(relErr(on[2], ref[2]), relErr(on2[2], ref[2]));
            boolean bad = ey > 1e-4 || ex > 1e-4 || ew > 1e-4;
            System.out.printf("%s cin %d cout %d k %d s %d p %d hw %d n %d thr %d  y %.2g dx %.2g dw %.2g%n",
                    bad ? "BAD " : "ok  ", cin, cout, k, s, p, hw, n, threads, ey, ex, ew);
        }
    }
}
