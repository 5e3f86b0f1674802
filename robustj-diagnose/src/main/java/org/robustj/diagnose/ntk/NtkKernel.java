package org.robustj.diagnose.ntk;

import org.robustj.errors.InvalidInputException;

/**
 * Which empirical NTK: the full one, with a K×K block Θ_cc'(x, x') = ∇θf_c(x)·∇θf_c'(x') per pair of points
 * (neural_tangents' {@code trace_axes=()}, as the reference training script), or its trace
 * Σ_c ∇θf_c(x)·∇θf_c(x'), one number per pair (what DIAGNOSTICS.md §2.1 advises on CPU: K² times smaller).
 */
public enum NtkKernel {
    /** NK×NK: every class pair. */
    FULL,
    /** N×N: the sum of the diagonal blocks. */
    TRACE;

    /** Kernel rows per point: K for {@link #FULL}, 1 for {@link #TRACE}. */
    public int rowsPerPoint(int classes) {
        return this == FULL ? classes : 1;
    }

    /** The CLI name. */
    public String cliName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Parses {@code full} or {@code trace}. */
    public static NtkKernel parse(String s) {
        for (NtkKernel k : values()) {
            if (k.cliName().equals(s)) return k;
        }
        throw new InvalidInputException("--kernel must be full or trace, got '" + s + "'");
    }
}
