package org.robustj.threat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.robustj.errors.InvalidInputException;

/**
 * The sparse threat models' geometry: the projection lands in the set (size at most the limit, values in the
 * box, untouched pixels exactly x0), is idempotent, and keeps what it should; sizes are measured per pixel.
 */
class SparseTest {
    static final Shape BATCH = new Shape(6, 2, 7, 9);

    @Test
    void projectionLandsInTheSetAndIsIdempotent() {
        SplittableRandom rng = new SplittableRandom(1);
        int n = (int) BATCH.size();
        for (int trial = 0; trial < 20; trial++) {
            float[] x0 = new float[n];
            float[] x = new float[n];
            for (int j = 0; j < n; j++) {
                x0[j] = (float) rng.nextDouble();
                x[j] = rng.nextDouble() < 0.3 ? (float) (rng.nextDouble() * 1.4 - 0.2) : x0[j];
            }
            for (Norm norm : Norm.SPARSE) {
                double eps = norm == Norm.PATCH ? 9 : norm == Norm.L0 ? 5 : 2;
                float[] p = Sparse.project(norm, x0, x, BATCH, eps, 0, 1);
                float[] sizes = Sparse.sizes(norm, delta(p, x0), BATCH);
                for (float s : sizes) assertTrue(s <= norm.limit(eps), norm + ": size " + s + " > " + norm.limit(eps));
                for (float v : p) assertTrue(v >= 0 && v <= 1);
                assertArrayEquals(p, Sparse.project(norm, x0, p, BATCH, eps, 0, 1), norm + ": not idempotent");
            }
        }
    }

    @Test
    void l0KeepsTheLargestChangesAndPatchTheHeaviestWindow() {
        Shape one = new Shape(1, 1, 4, 4);
        float[] x0 = new float[16];
        float[] x = new float[16];
        x[0] = 0.9f;   // (0,0)
        x[5] = 0.2f;   // (1,1)
        x[15] = 0.5f;  // (3,3)
        float[] l0 = Sparse.project(Norm.L0, x0, x, one, 2, 0, 1);
        assertEquals(0.9f, l0[0]);
        assertEquals(0.5f, l0[15]);
        assertEquals(0f, l0[5]);
        float[] patch = Sparse.project(Norm.PATCH, x0, x, one, 4, 0, 1);
        assertEquals(0.9f, patch[0]);
        assertEquals(0.2f, patch[5]);
        assertEquals(0f, patch[15]);
        float[] frame = Sparse.project(Norm.FRAME, x0, x, one, 1, 0, 1);
        assertEquals(0.9f, frame[0]);
        assertEquals(0f, frame[5]);
        assertEquals(0.5f, frame[15]);
        assertArrayEquals(new float[] {3}, Sparse.sizes(Norm.L0, x, one));
        assertArrayEquals(new float[] {4}, Sparse.sizes(Norm.PATCH, x, one));
        assertArrayEquals(new float[] {2}, Sparse.sizes(Norm.FRAME, x, one));
    }

    @Test
    void aPixelIsOneLocationWithAllItsChannels() {
        Shape rgb = new Shape(1, 3, 2, 2);
        float[] d = new float[12];
        d[0] = 0.1f;      // channel 0, pixel 0
        d[4] = 0.1f;      // channel 1, pixel 0
        d[11] = 0.1f;     // channel 2, pixel 3
        assertArrayEquals(new float[] {2}, Sparse.sizes(Norm.L0, d, rgb));
    }

    @Test
    void budgetsMustBeWholeSquareAndFitTheImage() {
        assertThrows(InvalidInputException.class, () -> ThreatModel.of(Norm.L0, 2.5));
        assertThrows(InvalidInputException.class, () -> ThreatModel.of(Norm.PATCH, 8));
        assertThrows(InvalidInputException.class, () -> ThreatModel.of(Norm.FRAME, 0));
        Shape mnist = new Shape(1, 28, 28);
        Norm.L0.checkFits(784, mnist);
        assertThrows(InvalidInputException.class, () -> Norm.L0.checkFits(785, mnist));
        Norm.PATCH.checkFits(784, mnist);
        assertThrows(InvalidInputException.class, () -> Norm.PATCH.checkFits(841, mnist));
        Norm.FRAME.checkFits(14, mnist);
        assertThrows(InvalidInputException.class, () -> Norm.FRAME.checkFits(15, mnist));
        assertEquals(5, Norm.PATCH.limit(25), 0);
        assertTrue(ThreatModel.of(Norm.PATCH, 25).contains(5));
        assertTrue(!ThreatModel.of(Norm.PATCH, 25).contains(6));
        assertThrows(IllegalStateException.class, () -> Norm.L0.dual());
    }

    static float[] delta(float[] a, float[] b) {
        float[] d = new float[a.length];
        for (int i = 0; i < a.length; i++) d[i] = a[i] - b[i];
        return d;
    }
}
