package org.robustj.attack.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.robustj.tensor.Engines;

/**
 * The attack losses' gradients do not depend on what the garbage collector does between the forward and the
 * backward pass. The targeted DLR loss used to scale its denominator with DJL's {@code mul(0.5f)}, whose number
 * lives in a Java direct buffer that autograd keeps for the backward pass after the buffer may have been freed
 * ({@link org.robustj.tensor.Scalars}): APGD-T's gradients could then read freed memory. Here a collection runs
 * between the two passes and freed native memory is refilled with NaN bytes; the logit gradients must stay
 * bit-identical to an undisturbed pass, and finite.
 */
class LossGradientLifetimeTest {
    private final List<ByteBuffer> held = new ArrayList<>();

    private void collectAndPoison() throws InterruptedException {
        System.gc();
        Thread.sleep(30);
        for (int size : new int[] {4, 8, 16, 32, 64, 128, 256, 1024}) {
            for (int i = 0; i < 400; i++) {
                ByteBuffer b = ByteBuffer.allocateDirect(size);
                for (int k = 0; k < size; k++) b.put(k, (byte) 0xFF);
                held.add(b);
            }
        }
    }

    private float[] logitGradient(boolean poison) throws InterruptedException {
        Engines.pytorch();
        int n = 8;
        int k = 10;
        SplittableRandom rng = new SplittableRandom(3);
        float[] zs = new float[n * k];
        for (int i = 0; i < zs.length; i++) zs[i] = (float) rng.nextGaussian();
        long[] ys = new long[n];
        long[] ts = new long[n];
        for (int i = 0; i < n; i++) {
            ys[i] = i % k;
            ts[i] = (i + 3) % k;
        }
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray z = m.create(zs, new Shape(n, k));
            z.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = Losses.dlrTargeted(z, m.create(ys), m.create(ts)).sum();
                if (poison) collectAndPoison();
                gc.backward(loss);
            }
            float[] g = z.getGradient().toFloatArray();
            held.clear();
            return g;
        }
    }

    @Test
    void targetedDlrGradientsSurviveACollectionBetweenForwardAndBackward() throws InterruptedException {
        float[] quiet = logitGradient(false);
        for (int round = 0; round < 3; round++) {
            float[] disturbed = logitGradient(true);
            for (float v : disturbed) assertTrue(Float.isFinite(v), "gradient " + v);
            assertArrayEquals(quiet, disturbed, 0f, "round " + round);
        }
    }
}
