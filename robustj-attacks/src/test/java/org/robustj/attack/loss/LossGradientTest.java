package org.robustj.attack.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.robustj.tensor.Gradients;

/**
 * Gradients of the DLR losses with respect to the logits, against the hand-derived values PyTorch's autograd
 * gives for AutoAttack's formulas: the denominator's sorted logits are differentiated too (a detached sort
 * would leave only the numerator's two entries), and the true class pushed down by 1e12 gets no gradient.
 */
class LossGradientTest {

    private static float[] grad(NDManager m, float[] z, Loss loss, long y) {
        NDArray x = m.create(z, new Shape(1, z.length));
        NDArray yy = m.create(new long[] {y});
        try (Gradients.ValueAndGradient g = Gradients.of(x, zz -> new NDList(loss.apply(zz, yy)))) {
            return g.gradient().toFloatArray();
        }
    }

    @Test
    void targetedDlrDifferentiatesItsDenominator() {
        try (NDManager m = NDManager.newBaseManager()) {
            // z = (3, 2, 1, 0.5, 0), y = 0, t = 1: den = 3 - (1 + 0.5)/2 = 2.25, numerator z_y - z_t = 1
            float[] g = grad(m, new float[] {3, 2, 1, 0.5f, 0}, Losses.dlrTargeted(m.create(new long[] {1})), 0);
            double den = 2.25;
            float[] want = {(float) (-1 / den + 1 / (den * den)), (float) (1 / den), (float) (-0.5 / (den * den)),
                (float) (-0.5 / (den * den)), 0};
            assertArrayEquals(want, g, 1e-6f);
        }
    }

    @Test
    void dlrDifferentiatesItsDenominatorAndTheRunnerUp() {
        try (NDManager m = NDManager.newBaseManager()) {
            // z = (3, 2, 1, 0), y = 0: L = -(3 - 2) / (3 - 1); dL/dz0 = -1/2 + 1/4, dz1 = 1/2, dz2 = -1/4
            float[] g = grad(m, new float[] {3, 2, 1, 0}, Losses::dlr, 0);
            assertArrayEquals(new float[] {-0.25f, 0.5f, -0.25f, 0}, g, 1e-6f);
        }
    }
}
