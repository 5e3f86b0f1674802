package org.robustj.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Checks, on the machine robustj runs on, that libtorch's oneDNN convolutions give the same gradients as its
 * native ones, so {@link Engines} may use oneDNN (about twice as fast) for gradient passes only where that holds.
 * Why a check at run time rather than a fixed rule: oneDNN 3.7.1 (libtorch 2.7.1) has returned wrong convolution
 * input gradients for narrow layers on some machines and not on others (correct on an AMD EPYC with AVX-512 and
 * bf16, 400 random shapes on 1 and 2 threads; wrong on the machine where {@code ConvolutionGradientTest} first
 * failed), so only this machine can say. Two checks: {@link #machine} once per process, on the shapes that failed
 * before and on the usual ones, each twice on fresh memory and on one and two threads; {@link #model} on each
 * opened model's own layers. Agreement means a relative difference below {@link #TOLERANCE} in the output, the
 * input gradient and the weight gradient (a float32 summation-order difference is ~1e-6).
 */
final class OneDnnProbe {
    /** Largest accepted |oneDNN − native| / max|native| of an output or gradient. */
    static final double TOLERANCE = 1e-4;

    /** Convolutions checked by {@link #machine}: in, out channels, kernel, stride, padding, size, batch. */
    private static final int[][] SHAPES = {
        {1, 4, 5, 1, 2, 28, 64}, // small-cnn's narrow layers, which were wrong on one thread
        {4, 8, 5, 1, 2, 28, 64},
        {4, 8, 5, 1, 2, 14, 44},
        {1, 16, 4, 2, 1, 28, 50}, // the strided MNIST CNN of zoo:mnist-cnn-pgd-at
        {16, 32, 4, 2, 1, 14, 50},
        {3, 32, 3, 1, 1, 32, 8}, // CIFAR-10 CNNs
        {32, 64, 3, 2, 1, 16, 8},
        {3, 10, 3, 1, 0, 9, 5}, // odd sizes, channels filling no block
    };

    private OneDnnProbe() {}

    /** Empty when oneDNN agrees with the native kernels on every {@link #SHAPES} entry, else what differed. */
    static Optional<String> machine() {
        int before = JniUtils.getNumThreads();
        SplittableRandom rng = new SplittableRandom(20261202L);
        try {
            for (int threads : new int[] {1, 2}) {
                JniUtils.setNumThreads(threads);
                for (int[] s : SHAPES) {
                    Optional<String> d = convolution(rng, s[0], s[1], s[2], s[3], s[4], s[5], s[6]);
                    if (d.isPresent()) {
                        return Optional.of(d.get() + " on " + threads + " thread" + (threads == 1 ? "" : "s"));
                    }
                }
            }
            return Optional.empty();
        } finally {
            JniUtils.setNumThreads(before);
        }
    }

    /**
     * Empty when the input gradient of {@code logits} (summed against fixed random weights) on a batch of random
     * inputs shaped {@code inputShape} is the same with oneDNN as with the native kernels, else what differed.
     * The caller holds oneDNN on; it is on again when this returns.
     */
    static Optional<String> model(Shape inputShape, Function<NDArray, NDArray> logits) {
        SplittableRandom rng = new SplittableRandom(7L);
        try (NDManager m = NDManager.newBaseManager()) {
            Shape batch = new Shape(4).addAll(inputShape);
            NDArray x = m.create(uniform(rng, (int) batch.size(), 0, 1), batch);
            float[][] native_ = null;
            for (int pass = 0; pass < 3; pass++) {
                boolean useOneDnn = pass > 0;
                Engines.setMkldnnUnchecked(useOneDnn);
                float[][] r = modelPass(m, x, logits);
                if (useOneDnn) {
                    String d = difference("model output", r[0], native_[0]);
                    if (d == null) d = difference("model input gradient", r[1], native_[1]);
                    if (d != null) return Optional.of(d);
                } else {
                    native_ = r;
                }
            }
            return Optional.empty();
        } finally {
            Engines.setMkldnnUnchecked(true);
        }
    }

    private static float[][] modelPass(NDManager m, NDArray x, Function<NDArray, NDArray> logits) {
        try (NDManager scope = m.newSubManager()) {
            NDArray leaf = x.duplicate();
            leaf.attach(scope);
            leaf.setRequiresGradient(true);
            boolean was = JniUtils.isGradMode();
            JniUtils.setGradMode(true);
            NDArray out;
            try {
                out = logits.apply(leaf);
                SplittableRandom w = new SplittableRandom(11L);
                NDArray weights = scope.create(uniform(w, (int) out.size(), -1, 1), out.getShape());
                NDArray total = out.mul(weights).sum();
                JniUtils.backward((PtNDArray) total, (PtNDArray) scope.ones(total.getShape()), false, false);
            } finally {
                JniUtils.setGradMode(was);
            }
            return new float[][] {out.stopGradient().toFloatArray(), leaf.getGradient().toFloatArray()};
        }
    }

    /** One convolution's output and gradients, oneDNN (twice, fresh memory) against native; empty when they agree. */
    private static Optional<String> convolution(SplittableRandom rng, int cin, int cout, int k, int stride, int pad,
            int hw, int n) {
        int ho = (hw + 2 * pad - k) / stride + 1;
        float[] x = uniform(rng, n * cin * hw * hw, 0, 1);
        float[] w = uniform(rng, cout * cin * k * k, -0.5, 0.5);
        float[] g = uniform(rng, n * cout * ho * ho, -1, 1);
        try {
            Engines.setMkldnnUnchecked(false);
            float[][] ref = convolutionPass(x, w, g, n, cin, cout, k, stride, pad, hw, ho);
            Engines.setMkldnnUnchecked(true);
            for (int rep = 0; rep < 2; rep++) {
                float[][] got = convolutionPass(x, w, g, n, cin, cout, k, stride, pad, hw, ho);
                String what = String.format("convolution %d->%d channels, kernel %d, stride %d, %dx%d, batch %d", cin,
                        cout, k, stride, hw, hw, n);
                String d = difference(what + ": output", got[0], ref[0]);
                if (d == null) d = difference(what + ": input gradient", got[1], ref[1]);
                if (d == null) d = difference(what + ": weight gradient", got[2], ref[2]);
                if (d != null) return Optional.of(d);
            }
            return Optional.empty();
        } finally {
            Engines.setMkldnnUnchecked(true);
        }
    }

    private static float[][] convolutionPass(float[] x, float[] w, float[] g, int n, int cin, int cout, int k,
            int stride, int pad, int hw, int ho) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray xa = m.create(x, new Shape(n, cin, hw, hw));
            NDArray wa = m.create(w, new Shape(cout, cin, k, k));
            NDArray ga = m.create(g, new Shape(n, cout, ho, ho));
            xa.setRequiresGradient(true);
            wa.setRequiresGradient(true);
            boolean was = JniUtils.isGradMode();
            JniUtils.setGradMode(true);
            NDArray y;
            try {
                NDList out = Conv2d.conv2d(xa, wa, null, new Shape(stride, stride), new Shape(pad, pad), new Shape(1, 1), 1);
                y = out.singletonOrThrow();
                NDArray total = y.mul(ga).sum();
                JniUtils.backward((PtNDArray) total, (PtNDArray) m.ones(total.getShape()), false, false);
            } finally {
                JniUtils.setGradMode(was);
            }
            return new float[][] {y.stopGradient().toFloatArray(), xa.getGradient().toFloatArray(),
                wa.getGradient().toFloatArray()};
        }
    }

    /** Null when {@code got} is within {@link #TOLERANCE} of {@code ref} (relative to ref's largest value), else why. */
    static String difference(String what, float[] got, float[] ref) {
        double max = 0;
        double scale = 0;
        for (int i = 0; i < ref.length; i++) {
            double e = Math.abs(got[i] - ref[i]);
            if (!Double.isFinite(e)) {
                return what + " not finite";
            }
            max = Math.max(max, e);
            scale = Math.max(scale, Math.abs(ref[i]));
        }
        double rel = scale == 0 ? max : max / scale;
        return rel <= TOLERANCE ? null : String.format("%s differs from the native kernels' by %.2g (relative)", what, rel);
    }

    private static float[] uniform(SplittableRandom rng, int size, double lo, double hi) {
        float[] a = new float[size];
        for (int i = 0; i < size; i++) a[i] = (float) (lo + (hi - lo) * rng.nextDouble());
        return a;
    }
}
