package org.robustj.attack.gradient;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.robustj.attack.AttackContext;
import org.robustj.attack.AttackRegistry;
import org.robustj.attack.LabeledBatch;
import org.robustj.attack.loss.Losses;
import org.robustj.errors.InvalidInputException;
import org.robustj.testkit.LinearClassifier;
import org.robustj.threat.Norm;
import org.robustj.threat.ThreatModel;

/** Formula checks against hand-computed reference values (REFERENCES.md section 14). */
class LossesTest {

    @Test
    void checkpointsForOneHundredIterationsMatchAutoAttack() {
        assertArrayEquals(new int[] {22, 41, 57, 70, 80, 87, 93, 99}, ApgdAttack.checkpoints(100));
    }

    @Test
    void checkpointsForTenIterationsFallAfterEveryIterationFromTheSecond() {
        // first window max(int(2.2), 1) = 2, decrement and minimum max(int(0.3), 1) = max(int(0.6), 1) = 1
        assertArrayEquals(IntStream.rangeClosed(2, 10).toArray(), ApgdAttack.checkpoints(10));
    }

    @Test
    void l1ChecksEveryFourPercentAndLargeRepsSplitsLikeAutoAttack() {
        assertArrayEquals(IntStream.rangeClosed(1, 25).map(i -> 4 * i).toArray(), ApgdAttack.l1Checkpoints(100));
        assertArrayEquals(IntStream.rangeClosed(1, 31).toArray(), ApgdAttack.l1Checkpoints(31));
        assertArrayEquals(new int[] {30, 30, 40}, ApgdAttack.largeRepsIterations(100));
        // ceil(0.3 * 7) = ceil(2.1) = 3 twice, the rest (1) last
        assertArrayEquals(new int[] {3, 3, 1}, ApgdAttack.largeRepsIterations(7));
    }

    @Test
    void dlrOfThreeTwoOneZeroIsMinusOneHalf() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray z = m.create(new float[] {3, 2, 1, 0}, new Shape(1, 4));
            NDArray y = m.create(new long[] {0});
            assertEquals(-0.5f, Losses.dlr(z, y).getFloat(0), 1e-6f);
            // invariant to shifting and scaling the logits
            assertEquals(-0.5f, Losses.dlr(z.mul(1e4f).add(7f), y).getFloat(0), 1e-6f);
        }
    }

    @Test
    void targetedDlrOfThreeTwoOneZeroTowardsClassOneIsMinusFourTenths() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray z = m.create(new float[] {3, 2, 1, 0}, new Shape(1, 4));
            NDArray y = m.create(new long[] {0});
            NDArray t = m.create(new long[] {1});
            assertEquals(-0.4f, Losses.dlrTargeted(z, y, t).getFloat(0), 1e-6f);
        }
    }

    @Test
    void dlrRefusesTooFewClassesWithAClearMessage() {
        try (NDManager m = NDManager.newBaseManager()) {
            LinearClassifier two = new LinearClassifier(m, new float[][] {{1, 0}, {0, 1}}, new float[] {0, 0});
            LinearClassifier three = new LinearClassifier(m, new float[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}},
                    new float[] {0, 0, 0});
            ThreatModel threat = ThreatModel.of(Norm.LINF, 0.1);
            LabeledBatch b2 = new LabeledBatch(m.create(new float[] {0.6f, 0.4f}, new Shape(1, 2)), new int[] {0});
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> AttackRegistry.create("apgd-dlr").run(two, b2, threat, AttackContext.seeded(0)));
            assertTrue(e.getMessage().contains("DLR needs at least 3 classes"), e.getMessage());
            LabeledBatch b3 = new LabeledBatch(m.create(new float[] {0.6f, 0.4f, 0.3f}, new Shape(1, 3)),
                    new int[] {0});
            e = assertThrows(InvalidInputException.class,
                    () -> AttackRegistry.create("apgd-t").run(three, b3, threat, AttackContext.seeded(0)));
            assertTrue(e.getMessage().contains("at least 4 classes"), e.getMessage());
            // three classes are enough for untargeted DLR
            AttackRegistry.create("apgd-dlr").run(three, b3, threat, AttackContext.seeded(0));
        }
    }

    @Test
    void targetCountFollowsAutoAttackAndTheNumberOfClasses() {
        ApgdTargetedAttack.Config c = ApgdTargetedAttack.Config.defaults();
        assertEquals(9, c.targetsFor(Norm.LINF, 10));
        assertEquals(9, c.targetsFor(Norm.L2, 100));
        assertEquals(5, c.targetsFor(Norm.L1, 10));
        // AutoAttack issue #110: an 8-class model has only 7 wrong classes
        assertEquals(7, c.targetsFor(Norm.LINF, 8));
        assertEquals(3, c.targetsFor(Norm.L1, 4));
    }
}
