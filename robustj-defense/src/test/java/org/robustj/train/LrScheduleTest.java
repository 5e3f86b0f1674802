package org.robustj.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.robustj.errors.UnknownNameException;

/** The learning rate of each schedule at chosen steps equals its formula. */
class LrScheduleTest {
    static final int SPE = 10; // steps per epoch
    static final long TOTAL = 100; // 10 epochs

    @Test
    void constantNeverChanges() {
        LrSchedule s = new ConstantSchedule(0.1);
        assertEquals(0.1, s.lr(0, SPE, TOTAL));
        assertEquals(0.1, s.lr(99, SPE, TOTAL));
    }

    @Test
    void stepDecaysByGammaAtEachMilestoneEpoch() {
        LrSchedule s = new StepSchedule(0.1, List.of(5, 8), 0.1);
        assertEquals(0.1, s.lr(0, SPE, TOTAL), 1e-15);
        assertEquals(0.1, s.lr(49, SPE, TOTAL), 1e-15); // last step of epoch 4
        assertEquals(0.01, s.lr(50, SPE, TOTAL), 1e-15); // first step of epoch 5
        assertEquals(0.01, s.lr(79, SPE, TOTAL), 1e-15);
        assertEquals(0.001, s.lr(80, SPE, TOTAL), 1e-15);
        assertEquals(0.001, s.lr(99, SPE, TOTAL), 1e-15);
    }

    @Test
    void cosineFollowsHalfACosineToZero() {
        LrSchedule s = new CosineSchedule(0.2);
        assertEquals(0.2, s.lr(0, SPE, TOTAL), 1e-15);
        assertEquals(0.1, s.lr(50, SPE, TOTAL), 1e-15);
        assertEquals(0.2 * (1 + Math.cos(Math.PI * 0.25)) / 2, s.lr(25, SPE, TOTAL), 1e-15);
        assertEquals(0.2 * (1 + Math.cos(Math.PI * 0.99)) / 2, s.lr(99, SPE, TOTAL), 1e-15);
    }

    @Test
    void oneCycleRisesLinearlyToThePeakThenFallsToZero() {
        LrSchedule s = new OneCycleSchedule(0.2, 0.4); // peak at step 40 of 100
        assertEquals(0.2 * 1 / 40.0, s.lr(0, SPE, TOTAL), 1e-15);
        assertEquals(0.2 * 20 / 40.0, s.lr(19, SPE, TOTAL), 1e-15);
        assertEquals(0.2, s.lr(39, SPE, TOTAL), 1e-15);
        assertEquals(0.2 * 30 / 60.0, s.lr(69, SPE, TOTAL), 1e-15);
        assertEquals(0.2 * 1 / 60.0, s.lr(98, SPE, TOTAL), 1e-15);
        assertEquals(0.0, s.lr(99, SPE, TOTAL), 1e-15);
    }

    @Test
    void configSelectsTheScheduleByName() {
        TrainConfig c = TrainConfig.of(Map.of("schedule", "step", "epochs", 10, "milestones", List.of(3),
                "gamma", 0.5, "lr", 0.4));
        assertEquals(0.2, LrSchedule.of(c).lr(30, SPE, TOTAL), 1e-15);
        assertThrows(UnknownNameException.class, () -> TrainConfig.of(Map.of("schedule", "linear")));
    }
}
