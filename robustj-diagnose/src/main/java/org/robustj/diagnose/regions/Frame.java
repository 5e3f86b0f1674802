package org.robustj.diagnose.regions;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.QRDecomposition;
import org.robustj.errors.InvalidInputException;
import org.robustj.provenance.Seeds;

/**
 * The P orthonormal directions v₁…v_P of input space that span every neighbourhood of a local-complexity
 * measurement: the reference's sampler ({@code samplers.py}, {@code sample_ortho_random}) draws one random
 * orthogonal P×d frame and uses the same frame around every point, so counts at different points and at
 * different training steps are comparable. Here the frame is a Haar-random orthonormal basis of a random
 * P-dimensional subspace: a seeded Gaussian d×P matrix orthonormalised by a Householder QR (EJML).
 *
 * @param directions P
 * @param dims d, the number of input values of one sample
 * @param rows P×d values, row p is v_p (unit ℓ2 norm, rows mutually orthogonal)
 */
public record Frame(int directions, int dims, float[] rows) {
    public Frame {
        if (directions < 1 || dims < 1 || rows.length != (long) directions * dims) {
            throw new IllegalArgumentException("a frame needs P ≥ 1 rows of d ≥ 1 values, got P=" + directions
                    + ", d=" + dims + ", " + rows.length + " values");
        }
    }

    /**
     * A random orthonormal frame, the same for the same {@code seed}.
     *
     * @throws InvalidInputException when P is not in [1, d]
     */
    public static Frame random(int directions, int dims, long seed) {
        if (directions < 1 || directions > dims) {
            throw new InvalidInputException("the number of directions P must be in [1, d = " + dims
                    + "] (the neighbourhood spans P orthogonal directions of input space), got " + directions);
        }
        SplittableRandom rng = Seeds.rng(seed, "complexity/frame");
        DMatrixRMaj a = new DMatrixRMaj(dims, directions);
        for (int i = 0; i < dims * directions; i++) a.data[i] = gaussian(rng);
        QRDecomposition<DMatrixRMaj> qr = DecompositionFactory_DDRM.qr(dims, directions);
        if (!qr.decompose(a)) {
            throw new IllegalStateException("QR decomposition of the random frame failed");
        }
        DMatrixRMaj q = qr.getQ(null, true); // d×P, orthonormal columns
        DMatrixRMaj r = qr.getR(null, true);
        float[] rows = new float[directions * dims];
        for (int p = 0; p < directions; p++) {
            // sign fix (R's diagonal > 0) makes the frame Haar-distributed, not just orthonormal
            double s = r.get(p, p) < 0 ? -1 : 1;
            for (int j = 0; j < dims; j++) rows[p * dims + j] = (float) (s * q.get(j, p));
        }
        return new Frame(directions, dims, rows);
    }

    /** The first P coordinate axes e₁…e_P (for tests and hand computations). */
    public static Frame axes(int directions, int dims) {
        if (directions < 1 || directions > dims) {
            throw new InvalidInputException("P must be in [1, " + dims + "], got " + directions);
        }
        float[] rows = new float[directions * dims];
        for (int p = 0; p < directions; p++) rows[p * dims + p] = 1;
        return new Frame(directions, dims, rows);
    }

    /** Value j of direction p. */
    public float get(int p, int j) {
        return rows[p * dims + j];
    }

    private static double gaussian(SplittableRandom rng) {
        // Box–Muller on (0, 1]
        double u = 1 - rng.nextDouble();
        double v = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
