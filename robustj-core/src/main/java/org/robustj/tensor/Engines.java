package org.robustj.tensor;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Engine set-up and facts (threads, versions), the only engine-specific calls outside {@link Gradients}.
 *
 * <p>Set-up turns off libtorch's oneDNN (and NNPACK) convolution kernels, see {@link #ONEDNN}.
 */
public final class Engines {
    /**
     * System property; {@code true} keeps libtorch's oneDNN convolutions on (faster, but see below), default off.
     * Why off: the oneDNN 3.7.1 inside libtorch 2.7.1 returns wrong convolution input gradients (backward by data)
     * when the output channels do not fill its channel block (16 with AVX-512, 8 with AVX2): e.g. small-cnn with
     * conv1 4 / conv2 8. Deterministically wrong on one thread; on two, sometimes right and sometimes wrong or NaN
     * depending on the memory it is given. That corrupted the weight gradients of every layer before such a
     * convolution (training diverged with "loss NaN", a resumed run differed from the uninterrupted one) and the
     * input gradients attacks use. libtorch's own convolutions are exact on the same shapes
     * ({@code ConvolutionGradientTest}); they are slower.
     */
    public static final String ONEDNN = "robustj.onednn";

    private static boolean configured;

    private Engines() {}

    /**
     * Starts the PyTorch engine offline and, unless {@link #ONEDNN} is {@code true}, turns oneDNN off; call before
     * any tensor is made.
     */
    public static Engine pytorch() {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        System.setProperty("ai.djl.default_engine", "PyTorch");
        Engine engine = Engine.getEngine("PyTorch");
        configure();
        return engine;
    }

    /**
     * Once per process: {@code at::globalContext().setUserEnabledMkldnn(false)} (PyTorch's
     * {@code torch.backends.mkldnn.enabled = False}) and the same for NNPACK (which this CPU build cannot start,
     * and warns about on every convolution otherwise). DJL has no call for these, so they go through JNA to
     * libtorch's exported C++ functions; a libtorch without them is left as it is.
     */
    private static synchronized void configure() {
        if (configured) {
            return;
        }
        configured = true;
        if (Boolean.getBoolean(ONEDNN)) {
            return;
        }
        try {
            com.sun.jna.NativeLibrary lib = libtorchCpu();
            com.sun.jna.Pointer context = lib.getFunction("_ZN2at13globalContextEv").invokePointer(new Object[0]);
            lib.getFunction("_ZN2at7Context20setUserEnabledMkldnnEb").invokeVoid(new Object[] {context, 0});
            lib.getFunction("_ZN2at7Context20setUserEnabledNNPACKEb").invokeVoid(new Object[] {context, 0});
        } catch (LinkageError | RuntimeException e) {
            // another libtorch build or platform: keep its defaults
        }
    }

    /** How many {@link #forwardOnly} calls are running; oneDNN is on while it is above 0. */
    private static int forwardOnlyCalls;

    /**
     * Runs a computation that makes no gradient (only forward passes, e.g. randomized smoothing's sampling) with
     * libtorch's oneDNN convolutions on, and turns them off again afterwards. Why: the oneDNN bug that
     * {@link #ONEDNN} describes is in the backward pass only, and without oneDNN a convolution's forward pass is
     * about twice as slow here. oneDNN's switch is global to the process, so while such a computation runs, an
     * input gradient asked on any thread ({@link Gradients#of}) fails with an {@link IllegalStateException}
     * instead of risking a wrong value. When oneDNN is on anyway ({@link #ONEDNN}), the work just runs.
     */
    public static <T> T forwardOnly(java.util.function.Supplier<T> work) {
        pytorch();
        if (Boolean.getBoolean(ONEDNN)) {
            return work.get();
        }
        synchronized (Engines.class) {
            if (forwardOnlyCalls++ == 0) setMkldnn(true);
        }
        try {
            return work.get();
        } finally {
            synchronized (Engines.class) {
                if (--forwardOnlyCalls == 0) setMkldnn(false);
            }
        }
    }

    /** Throws when a {@link #forwardOnly} computation has oneDNN on (see there); called before every backward pass. */
    static synchronized void checkGradientsAllowed() {
        if (forwardOnlyCalls > 0) {
            throw new IllegalStateException("an input gradient was asked while a forward-only computation (smoothing, a gradient-free attack)"
                    + " has libtorch's oneDNN on, whose convolution gradients are wrong here; run them one after the other");
        }
    }

    private static void setMkldnn(boolean on) {
        try {
            com.sun.jna.NativeLibrary lib = libtorchCpu();
            com.sun.jna.Pointer context = lib.getFunction("_ZN2at13globalContextEv").invokePointer(new Object[0]);
            lib.getFunction("_ZN2at7Context20setUserEnabledMkldnnEb").invokeVoid(new Object[] {context, on ? 1 : 0});
        } catch (LinkageError | RuntimeException e) {
            // another libtorch build or platform: keep its defaults
        }
    }

    /** libtorch's CPU library, which DJL has loaded from its cache directory. */
    private static com.sun.jna.NativeLibrary libtorchCpu() {
        return com.sun.jna.NativeLibrary.getInstance(java.nio.file.Path.of(ai.djl.pytorch.jni.LibUtils.getLibtorchPath(),
                System.mapLibraryName("torch_cpu")).toString());
    }

    /** Whether libtorch will use oneDNN (mkldnn) kernels: false after {@link #pytorch()} unless {@link #ONEDNN}. */
    public static boolean oneDnnEnabled() {
        pytorch();
        try {
            com.sun.jna.NativeLibrary lib = libtorchCpu();
            com.sun.jna.Pointer context = lib.getFunction("_ZN2at13globalContextEv").invokePointer(new Object[0]);
            return (lib.getFunction("_ZNK2at7Context17userEnabledMkldnnEv").invokeInt(new Object[] {context}) & 0xFF)
                    != 0;
        } catch (LinkageError | RuntimeException e) {
            return true;
        }
    }

    /** Sets libtorch's intra-op thread count (0 or less leaves the default). */
    public static void setThreads(int threads) {
        pytorch();
        if (threads > 0) {
            JniUtils.setNumThreads(threads);
        }
    }

    /**
     * Prepares a worker thread for tensor work beside the main one: {@code threads} libtorch threads for this
     * thread's operations and gradient mode off (a new native thread starts with it on), as on DJL's main
     * thread.
     */
    public static void initWorkerThread(int threads) {
        pytorch();
        JniUtils.setNumThreads(Math.max(1, threads));
        JniUtils.setGradMode(false);
    }

    /** libtorch's intra-op thread count. */
    public static int threads() {
        pytorch();
        return JniUtils.getNumThreads();
    }

    /** The engine's version string, e.g. {@code 2.7.1}. */
    public static String engineVersion() {
        return pytorch().getVersion();
    }

    /** Whether OpenMP was told to sleep instead of spin while waiting (a 6× difference on busy cores). */
    public static boolean passiveWait() {
        return "PASSIVE".equalsIgnoreCase(System.getenv("OMP_WAIT_POLICY"));
    }
}
