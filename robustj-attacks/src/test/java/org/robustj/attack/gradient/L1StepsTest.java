package org.robustj.attack.gradient;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** The sparse L1 step keeps the signs of the largest gradient coordinates, scaled to unit L1 norm. */
class L1StepsTest {

    @Test
    void keepsTheTopCoordinatesSignsWithUnitL1Norm() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray g = m.create(new float[] {0.1f, -3f, 2f, 0.5f, 0f, 0f, 0f, 1f}, new Shape(2, 4));
            // row 0: top 2 of |g| (threshold at sorted position 2); row 1: top 1 (position 3)
            NDArray pos = m.create(new long[] {2, 3}, new Shape(2, 1));
            float[] dir = L1Steps.sparseSign(g, pos).toFloatArray();
            assertArrayEquals(new float[] {0f, -0.5f, 0.5f, 0f, 0f, 0f, 0f, 1f}, dir, 1e-6f);
        }
    }

    @Test
    void positionFollowsAutoAttacksTopKRule() {
        // topk = 20% of 784 features: keep |g| >= the value at position floor(0.8 * 784) = 627
        assertEquals(627, L1Steps.position(0.2, 784));
        assertEquals(11, L1Steps.position(1.0 / 18, 12));
        assertEquals(0, L1Steps.position(1.0, 12));
        assertEquals(11, L1Steps.position(0.0, 12));
    }
}
