package org.robustj.diagnose.ntk;

import org.robustj.errors.InvalidInputException;

/**
 * What an empirical NTK on n points costs in memory, and the refusal when it does not fit: the Jacobians
 * (n×K×P float32, native), the kernel (rows² float32 native while it is formed, then three rows² double
 * matrices on the Java heap: the kernel, its eigenvectors and the decomposition's work copy) and the predictor's
 * weight-space directions (K×P×K float32, twice).
 */
public final class NtkMemory {
    private NtkMemory() {}

    /** Bytes of native (libtorch) memory for n points. */
    public static long nativeBytes(long n, int classes, long params, NtkKernel kind) {
        long rows = n * kind.rowsPerPoint(classes);
        return n * classes * params * 4L + rows * rows * 4L + 2L * classes * params * classes * 4L;
    }

    /** Bytes of Java heap for n points. */
    public static long heapBytes(long n, int classes, NtkKernel kind) {
        long rows = n * kind.rowsPerPoint(classes);
        return 3L * rows * rows * 8L;
    }

    /** The physical memory this process may use for native arrays: what the OS reports free, 80% of it. */
    public static long nativeBudget() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory
                .getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return (long) (0.8 * sun.getFreeMemorySize());
        }
        return Long.MAX_VALUE;
    }

    /** The heap still available: maximum minus what is in use, 80% of it. */
    public static long heapBudget() {
        Runtime r = Runtime.getRuntime();
        return (long) (0.8 * (r.maxMemory() - (r.totalMemory() - r.freeMemory())));
    }

    /** The most points whose NTK fits both budgets (0 if not even one does). */
    public static long maxPoints(int classes, long params, NtkKernel kind, long nativeBudget, long heapBudget) {
        long lo = 0;
        long hi = 1;
        while (fits(hi, classes, params, kind, nativeBudget, heapBudget) && hi < (1L << 40)) hi *= 2;
        while (hi - lo > 1) {
            long mid = (lo + hi) >>> 1;
            if (fits(mid, classes, params, kind, nativeBudget, heapBudget)) lo = mid;
            else hi = mid;
        }
        return lo;
    }

    private static boolean fits(long n, int classes, long params, NtkKernel kind, long nat, long heap) {
        return nativeBytes(n, classes, params, kind) <= nat && heapBytes(n, classes, kind) <= heap;
    }

    /**
     * Refuses, with one line saying how many points fit, an NTK on {@code n} points that does not fit.
     *
     * @throws InvalidInputException when it does not fit
     */
    public static void check(long n, int classes, long params, NtkKernel kind, long nativeBudget, long heapBudget) {
        if (fits(n, classes, params, kind, nativeBudget, heapBudget)) return;
        long max = maxPoints(classes, params, kind, nativeBudget, heapBudget);
        String hint = kind == NtkKernel.FULL && classes > 1 ? ", or --kernel trace (K² times smaller)" : "";
        throw new InvalidInputException(String.format(java.util.Locale.ROOT,
                "an NTK on %d points needs %s native memory and %s of heap (%d classes × %d weights, %s kernel), "
                        + "more than the %s and %s available; at most %d points fit: use --n %d%s",
                n, gib(nativeBytes(n, classes, params, kind)), gib(heapBytes(n, classes, kind)), classes, params,
                kind.cliName(), gib(nativeBudget), gib(heapBudget), max, max, hint));
    }

    private static String gib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.2f GiB", bytes / (double) (1L << 30));
    }
}
