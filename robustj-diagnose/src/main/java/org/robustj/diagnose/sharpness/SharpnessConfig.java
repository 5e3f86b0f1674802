package org.robustj.diagnose.sharpness;

import java.util.Locale;
import org.robustj.errors.InvalidInputException;
import org.robustj.threat.Norm;

/**
 * Settings of a sharpness measurement, with the meanings of the reference code (Andriushchenko et al., "A
 * modern look at the relationship between sharpness and generalization", ICML 2023, arXiv 2302.07011;
 * tml-epfl/sharpness-vs-generalization {@code sharpness.py}, {@code eval_sharpness.py}).
 *
 * @param kind worst-case (the maximum over the perturbation set, found by APGD in weight space) or average-case
 *     (the mean over random perturbations)
 * @param norm {@link Norm#L2} or {@link Norm#LINF}: for worst-case the ball ‖δ ⊙ c⁻¹‖_p ≤ ρ; for average-case
 *     the noise, Gaussian δ = ρ·c ⊙ z, z ~ N(0, I) ({@code avg_l2}) or uniform z ~ U[−1, 1] ({@code avg_linf}),
 *     so ρ is then a per-coordinate scale
 * @param rho ρ, in (0, 10]
 * @param adaptive c = |w| element-wise (perturbations relative to each weight) instead of c = 1
 * @param batchSize m of m-sharpness: the expectation runs over disjoint batches of m points (reference 128)
 * @param iterations APGD iterations (worst-case) or noise draws per batch (average-case); reference 20
 * @param normalizeLogits subtract the mean logit and divide by the logits' ℓ2 norm (floored at 1e-10) before the
 *     cross-entropy (the reference's {@code --normalize_logits})
 * @param randomInit start APGD from a random point of the set instead of δ = 0 (reference
 *     {@code --sharpness_rand_init}, off by default)
 * @param stepSizeMultiplier the first APGD step is 2ρ times this (reference {@code step_size_mult}, 1)
 * @param seed root seed of the noise and of the random start
 */
public record SharpnessConfig(Kind kind, Norm norm, double rho, boolean adaptive, int batchSize, int iterations,
        boolean normalizeLogits, boolean randomInit, double stepSizeMultiplier, long seed) {

    /** Largest ρ accepted: the reference grids stop at 2, and a larger perturbation destroys any network. */
    public static final double MAX_RHO = 10;

    /** Worst-case or average-case sharpness. */
    public enum Kind {
        WORST("worst"), AVERAGE("average");

        private final String id;

        Kind(String id) {
            this.id = id;
        }

        /** The name on the command line and in records. */
        public String id() {
            return id;
        }

        /** Parses {@code worst} or {@code average}. */
        public static Kind parse(String s) {
            for (Kind k : values()) if (k.id.equalsIgnoreCase(s) || k.name().equalsIgnoreCase(s)) return k;
            throw new org.robustj.errors.UnknownNameException("sharpness kind", s, java.util.List.of("worst",
                    "average"));
        }
    }

    public SharpnessConfig {
        if (kind == null) throw new InvalidInputException("sharpness kind must be worst or average");
        if (norm != Norm.L2 && norm != Norm.LINF) {
            throw new InvalidInputException("sharpness is defined for the l2 and linf norms, got " + norm);
        }
        if (!(rho > 0) || !Double.isFinite(rho)) {
            throw new InvalidInputException("sharpness rho must be finite and > 0, got " + rho);
        }
        if (rho > MAX_RHO) {
            throw new InvalidInputException(String.format(Locale.ROOT, "sharpness rho %s is out of range (0, %s]: "
                    + "the reference grids stop at 2 (adaptive: relative to each weight), and a larger "
                    + "perturbation destroys any network", rho, MAX_RHO));
        }
        if (batchSize < 1) throw new InvalidInputException("sharpness batch size m must be >= 1, got " + batchSize);
        if (iterations < 1) throw new InvalidInputException("sharpness iterations must be >= 1, got " + iterations);
        if (!(stepSizeMultiplier > 0) || !Double.isFinite(stepSizeMultiplier)) {
            throw new InvalidInputException("sharpness step-size multiplier must be > 0, got " + stepSizeMultiplier);
        }
    }

    /**
     * Adaptive worst-case ℓ∞ sharpness with ρ = 0.002 (inside the reference's adaptive ℓ∞ grid {0.001 … 0.008}),
     * m = 128, 20 APGD iterations from δ = 0, no logit normalisation: the reference's {@code eval_sharpness.py}
     * defaults except ρ, whose default there (0.1) is meant for the ℓ2 algorithms.
     */
    public static SharpnessConfig defaults() {
        return new SharpnessConfig(Kind.WORST, Norm.LINF, 0.002, true, 128, 20, false, false, 1.0, 0);
    }

    /** The reference's name of the algorithm: {@code m_apgd_linf}, {@code m_apgd_l2}, {@code avg_l2}, … */
    public String algorithm() {
        String n = norm == Norm.L2 ? "l2" : "linf";
        return kind == Kind.WORST ? "m_apgd_" + n : "avg_" + n;
    }

    /** These settings with another kind, norm, ρ and adaptivity. */
    public SharpnessConfig with(Kind k, Norm p, double r, boolean a) {
        return new SharpnessConfig(k, p, r, a, batchSize, iterations, normalizeLogits, randomInit,
                stepSizeMultiplier, seed);
    }

    /** These settings with another m. */
    public SharpnessConfig withBatchSize(int m) {
        return new SharpnessConfig(kind, norm, rho, adaptive, m, iterations, normalizeLogits, randomInit,
                stepSizeMultiplier, seed);
    }

    /** These settings with another number of iterations (or noise draws). */
    public SharpnessConfig withIterations(int it) {
        return new SharpnessConfig(kind, norm, rho, adaptive, batchSize, it, normalizeLogits, randomInit,
                stepSizeMultiplier, seed);
    }

    /** These settings with or without a random APGD start. */
    public SharpnessConfig withRandomInit(boolean on) {
        return new SharpnessConfig(kind, norm, rho, adaptive, batchSize, iterations, normalizeLogits, on,
                stepSizeMultiplier, seed);
    }

    /** These settings with or without logit normalisation. */
    public SharpnessConfig withNormalizeLogits(boolean on) {
        return new SharpnessConfig(kind, norm, rho, adaptive, batchSize, iterations, on, randomInit,
                stepSizeMultiplier, seed);
    }

    /** These settings with another seed. */
    public SharpnessConfig withSeed(long s) {
        return new SharpnessConfig(kind, norm, rho, adaptive, batchSize, iterations, normalizeLogits, randomInit,
                stepSizeMultiplier, s);
    }
}
