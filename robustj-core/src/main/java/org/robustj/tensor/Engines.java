package org.robustj.tensor;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/** Engine set-up and facts (threads, versions), the only engine-specific calls outside {@link Gradients}. */
public final class Engines {
    private Engines() {}

    /** Starts the PyTorch engine offline; call before any tensor is made. */
    public static Engine pytorch() {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        System.setProperty("ai.djl.default_engine", "PyTorch");
        return Engine.getEngine("PyTorch");
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
