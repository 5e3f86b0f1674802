package org.robustj.diagnose.regions;

import java.util.List;
import org.robustj.errors.InvalidInputException;

/**
 * Settings of a local-complexity measurement (Humayun, Balestriero, Baraniuk, ICML 2024, arXiv 2402.15555;
 * reference AhmedImtiazPrio/grok-adversarial {@code samplers.py}, {@code local_complexity.py}).
 *
 * @param directions P, the number of orthonormal directions; the neighbourhood has the 2P vertices x ± r·v_p
 *     (reference MNIST MLP: {@code hull_n = 50}, so P = 25; CIFAR-10 ResNet: 40 vertices, P = 20)
 * @param radii the radii r (ℓ2 length of each direction, so the neighbourhood is an ℓ1 ball of radius r inside
 *     the P-dimensional subspace); reference MNIST grid {0.05, 0.1, 0.5, 1, 5}
 * @param includeCentre also use x itself as a vertex (the reference's {@code inc_centroid}, default false)
 * @param includeLogits also count the output layer's units, as the reference's MLP code does (it monitors every
 *     {@code nn.Linear}, the last one included); off by default, so that only the pre-activations feeding a ReLU
 *     count, which are the neurons whose hyperplanes cut input space into linear regions
 * @param batchPoints points whose neighbourhoods go through the network in one forward pass
 * @param seed root seed of the frame (and of the random points)
 */
public record ComplexityConfig(int directions, List<Double> radii, boolean includeCentre, boolean includeLogits,
        int batchPoints, long seed) {

    public ComplexityConfig {
        radii = radii == null ? List.of() : List.copyOf(radii);
        if (radii.isEmpty()) {
            throw new InvalidInputException("local complexity needs at least one radius, e.g. 0.05,0.5");
        }
        for (Double r : radii) {
            if (r == null || !(r > 0) || !Double.isFinite(r)) {
                throw new InvalidInputException("local-complexity radii must be finite and > 0, got " + r);
            }
        }
        if (directions < 1) {
            throw new InvalidInputException("the number of directions P must be >= 1, got " + directions);
        }
        if (batchPoints < 1) {
            throw new InvalidInputException("batch_points must be >= 1, got " + batchPoints);
        }
    }

    /** The reference's MNIST settings: P = 25, radii {0.05, 0.1, 0.5, 1, 5}, no centre, hidden layers only. */
    public static ComplexityConfig defaults() {
        return new ComplexityConfig(25, List.of(0.05, 0.1, 0.5, 1.0, 5.0), false, false, 40, 0);
    }

    /** These settings with other radii. */
    public ComplexityConfig withRadii(List<Double> r) {
        return new ComplexityConfig(directions, r, includeCentre, includeLogits, batchPoints, seed);
    }

    /** These settings with another P. */
    public ComplexityConfig withDirections(int p) {
        return new ComplexityConfig(p, radii, includeCentre, includeLogits, batchPoints, seed);
    }

    /** These settings with another seed. */
    public ComplexityConfig withSeed(long s) {
        return new ComplexityConfig(directions, radii, includeCentre, includeLogits, batchPoints, s);
    }

    /** These settings with the output layer counted or not. */
    public ComplexityConfig withIncludeLogits(boolean on) {
        return new ComplexityConfig(directions, radii, includeCentre, on, batchPoints, seed);
    }

    /** Vertices per neighbourhood: 2P, plus one with the centre. */
    public int vertices() {
        return 2 * directions + (includeCentre ? 1 : 0);
    }

    /**
     * Checks the radii and P against an input of {@code dims} values in [0, 1]: P ≤ d, and r at most √d, the
     * diameter of [0, 1]^d (a larger neighbourhood lies mostly outside the data domain and measures nothing
     * about the data).
     */
    public void checkFor(int dims) {
        if (directions > dims) {
            throw new InvalidInputException("the number of directions P must be at most the input size d = " + dims
                    + ", got " + directions);
        }
        double diameter = Math.sqrt(dims);
        for (double r : radii) {
            if (r > diameter) {
                throw new InvalidInputException(String.format(java.util.Locale.ROOT,
                        "local-complexity radius %s is out of range: it must be in (0, %.4g], the diameter √d of "
                                + "the input domain [0,1]^%d", r, diameter, dims));
            }
        }
    }
}
