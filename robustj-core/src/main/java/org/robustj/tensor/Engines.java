package org.robustj.tensor;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Engine set-up and facts (threads, versions, which convolution kernels run), the only engine-specific calls
 * outside {@link Gradients}.
 *
 * <p>Set-up turns NNPACK off and decides whether gradient passes may use libtorch's oneDNN convolutions, see
 * {@link #ONEDNN}.
 */
public final class Engines {
    /**
     * System property choosing the convolution kernels of gradient passes. Unset (the default): oneDNN when
     * {@link OneDnnProbe#machine} finds its gradients equal to libtorch's native ones on this machine (checked once
     * per process, ~0.1 s) and every opened model passes {@link #checkModelGradients}, else native; {@code true}:
     * oneDNN without checking; {@code false}: native. Why the check: the oneDNN 3.7.1 inside libtorch 2.7.1 has
     * returned wrong convolution input gradients (backward by data) for narrow layers (small-cnn with conv1 4 /
     * conv2 8 channels) on some machines: deterministically on one thread, and on two sometimes right and sometimes
     * wrong or NaN depending on the memory it was given. That corrupted the weight gradients of every layer before
     * such a convolution (training diverged with "loss NaN", a resumed run differed from the uninterrupted one)
     * and the input gradients attacks use, which weakens them. Other machines compute the same shapes exactly, and
     * oneDNN's convolutions are about twice as fast as the native ones (AutoAttack and training time), so robustj
     * asks the machine. Forward passes are right either way: where gradients stay native, gradient-free work still
     * runs on oneDNN inside {@link #forwardOnly}.
     */
    public static final String ONEDNN = "robustj.onednn";

    private static boolean configured;

    /** Whether gradient passes run on oneDNN (mkldnn on for the whole process); guarded by {@code Engines.class}. */
    private static boolean oneDnnGradients;

    /** Why the convolutions are what they are, for the log and the run record; guarded by {@code Engines.class}. */
    private static String convolutionReason = "not configured";

    private Engines() {}

    /**
     * Starts the PyTorch engine offline and chooses the convolution kernels ({@link #ONEDNN}); call before any
     * tensor is made.
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
     * Once per process: NNPACK off (this CPU build cannot start it, and warns about it on every convolution
     * otherwise) and oneDNN on or off ({@link #ONEDNN}): {@code at::globalContext().setUserEnabledMkldnn} is
     * PyTorch's {@code torch.backends.mkldnn.enabled}. DJL has no call for these, so they go through JNA to
     * libtorch's exported C++ functions; a libtorch without them is left as it is (and reported as unchecked).
     */
    private static synchronized void configure() {
        if (configured) {
            return;
        }
        configured = true;
        try {
            com.sun.jna.NativeLibrary lib = libtorchCpu();
            com.sun.jna.Pointer context = lib.getFunction("_ZN2at13globalContextEv").invokePointer(new Object[0]);
            lib.getFunction("_ZN2at7Context20setUserEnabledNNPACKEb").invokeVoid(new Object[] {context, 0});
        } catch (LinkageError | RuntimeException e) {
            // another libtorch build or platform: keep its defaults
        }
        String choice = System.getProperty(ONEDNN, "");
        if (choice.equalsIgnoreCase("true")) {
            oneDnnGradients = true;
            convolutionReason = "oneDNN, not checked (" + ONEDNN + "=true)";
            setMkldnnUnchecked(true);
        } else if (choice.equalsIgnoreCase("false")) {
            useNative("native (" + ONEDNN + "=false)");
        } else {
            java.util.Optional<String> wrong;
            try {
                wrong = OneDnnProbe.machine();
            } catch (RuntimeException | LinkageError e) {
                wrong = java.util.Optional.of("the check failed: " + e);
            }
            if (wrong.isEmpty()) {
                oneDnnGradients = true;
                convolutionReason = "oneDNN (gradients checked against the native kernels on this machine)";
                setMkldnnUnchecked(true);
            } else {
                useNative("native: oneDNN's " + wrong.get());
            }
        }
    }

    private static void useNative(String reason) {
        oneDnnGradients = false;
        convolutionReason = reason;
        setMkldnnUnchecked(forwardOnlyCalls > 0);
    }

    /** A choice of gradient kernels and its reason, for tests in this package ({@link #chooseForTest}). */
    record KernelChoice(boolean oneDnn, String reason) {}

    /**
     * For tests in this package: makes gradient passes use oneDNN or the native kernels as the checks would, and
     * returns the previous choice to restore, so both modes can be tested in one process.
     */
    static synchronized KernelChoice chooseForTest(KernelChoice choice) {
        pytorch();
        KernelChoice before = new KernelChoice(oneDnnGradients, convolutionReason);
        if (choice.oneDnn()) {
            oneDnnGradients = true;
            convolutionReason = choice.reason();
            setMkldnnUnchecked(true);
        } else {
            useNative(choice.reason());
        }
        return before;
    }

    /** Whether gradient passes run on libtorch's oneDNN convolutions (see {@link #ONEDNN}). */
    public static synchronized boolean oneDnnGradients() {
        pytorch();
        return oneDnnGradients;
    }

    /**
     * Which convolution kernels gradient passes use and why, one phrase for the log and the run record: e.g.
     * "oneDNN (gradients checked against the native kernels on this machine)" or "native: oneDNN's convolution
     * 4->8 channels, … input gradient differs by 0.31 (relative) on 1 thread".
     */
    public static synchronized String convolutions() {
        pytorch();
        return convolutionReason;
    }

    /**
     * Checks a model's own layers before robustj differentiates it: while gradients run on oneDNN, compares the
     * model's input gradient on a few random inputs with oneDNN and with the native kernels, and falls back to the
     * native kernels for the rest of the process when they differ (returning the reason, for a warning). A shape the
     * machine check did not try could still be one oneDNN gets wrong; a model is opened once, and the check costs
     * three passes on four inputs.
     *
     * @param inputShape one sample's shape
     * @param logits the model's deterministic logits
     * @return empty when the model may keep oneDNN (or gradients are native anyway), else the difference found
     */
    public static synchronized java.util.Optional<String> checkModelGradients(ai.djl.ndarray.types.Shape inputShape,
            java.util.function.Function<ai.djl.ndarray.NDArray, ai.djl.ndarray.NDArray> logits) {
        pytorch();
        if (!oneDnnGradients || System.getProperty(ONEDNN, "").equalsIgnoreCase("true")) {
            return java.util.Optional.empty();
        }
        java.util.Optional<String> wrong;
        try {
            wrong = OneDnnProbe.model(inputShape, logits);
        } catch (RuntimeException e) {
            wrong = java.util.Optional.of("check could not run (" + e.getMessage() + ")");
        }
        if (wrong.isPresent()) {
            useNative("native: with oneDNN an opened model's " + wrong.get());
        }
        return wrong;
    }

    /** How many {@link #forwardOnly} calls are running while gradients are native; oneDNN is on while it is above 0. */
    private static int forwardOnlyCalls;

    /**
     * Runs a computation that makes no gradient (only forward passes, e.g. randomized smoothing's sampling) on
     * libtorch's oneDNN convolutions. Where gradients run on oneDNN anyway ({@link #oneDnnGradients}) it just runs;
     * where they are native, this turns oneDNN on and off again afterwards: without oneDNN a convolution's forward
     * pass is about twice as slow here, and the oneDNN bug {@link #ONEDNN} describes is in the backward pass only.
     * oneDNN's switch is global to the process, so while such a computation runs, an input gradient asked on any
     * thread ({@link Gradients#of}) then fails with an {@link IllegalStateException} instead of risking a wrong
     * value.
     */
    public static <T> T forwardOnly(java.util.function.Supplier<T> work) {
        pytorch();
        boolean direct;
        synchronized (Engines.class) {
            direct = oneDnnGradients;
            if (!direct && forwardOnlyCalls++ == 0) setMkldnnUnchecked(true);
        }
        if (direct) {
            return work.get();
        }
        try {
            return work.get();
        } finally {
            synchronized (Engines.class) {
                if (--forwardOnlyCalls == 0 && !oneDnnGradients) setMkldnnUnchecked(false);
            }
        }
    }

    /** Throws when a {@link #forwardOnly} computation has oneDNN on (see there); called before every backward pass. */
    static synchronized void checkGradientsAllowed() {
        if (!oneDnnGradients && forwardOnlyCalls > 0) {
            throw new IllegalStateException("an input gradient was asked while a forward-only computation (smoothing, a gradient-free attack)"
                    + " has libtorch's oneDNN on, whose convolution gradients are wrong on this machine; run them one after the other");
        }
    }

    /** Turns libtorch's oneDNN convolutions on or off for the whole process, with no check (see {@link #ONEDNN}). */
    static void setMkldnnUnchecked(boolean on) {
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

    /** Whether libtorch will use oneDNN (mkldnn) kernels now: as {@link #oneDnnGradients}, or inside {@link #forwardOnly}. */
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
            requested = threads;
        }
    }

    /** The libtorch threads last asked for with {@link #setThreads} (0: none asked; see {@link #requestedThreads}). */
    private static volatile int requested;

    /**
     * The cores robustj may use: the threads last given to {@link #setThreads}, or libtorch's default, even while
     * the calling thread computes on one ({@link #onOneThread}); worker pools size themselves from this.
     */
    public static int requestedThreads() {
        pytorch();
        if (requested == 0) {
            requested = JniUtils.getNumThreads();
        }
        return requested;
    }

    /**
     * Runs {@code work} with the calling thread's libtorch operations on one thread, then restores its thread
     * count. Why: on some machines (an AVX-512 Xeon, 2026-12-03) a row's logits differ in the last bits between one
     * and two libtorch threads, and on two threads between batches of 16 and of 32 or more rows, with oneDNN on or
     * off, while on one thread they are bit-identical in every batch padded to 16 rows ({@code BatchInvarianceTest}).
     * Attacks and evaluations therefore compute every pass on one thread and use the other cores through data
     * parallelism (shards on worker threads of one libtorch thread each), so that no result depends on the batch
     * size, the shard plan or the thread count.
     */
    public static <T> T onOneThread(java.util.function.Supplier<T> work) {
        requestedThreads();
        int before = JniUtils.getNumThreads();
        if (before == 1) {
            return work.get();
        }
        JniUtils.setNumThreads(1);
        try {
            return work.get();
        } finally {
            JniUtils.setNumThreads(before);
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
