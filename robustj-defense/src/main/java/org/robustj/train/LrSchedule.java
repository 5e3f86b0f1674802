package org.robustj.train;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.robustj.errors.UnknownNameException;

/**
 * A learning-rate schedule: the rate of every optimiser step, a pure function of the step number, so a
 * resumed run uses exactly the rates of an uninterrupted one. Steps count from 0; {@code stepsPerEpoch} is
 * the number of batches per epoch and {@code totalSteps} the number of steps of the whole run.
 *
 * <p>To add a schedule, add a class implementing this interface and one entry to {@link #BY_NAME}.
 */
public interface LrSchedule {
    /** The learning rate of step {@code step} (0-based). */
    double lr(long step, int stepsPerEpoch, long totalSteps);

    /** Schedules by name; each factory reads its parameters from the config. */
    Map<String, Function<TrainConfig, LrSchedule>> BY_NAME = new TreeMap<>(Map.of(
            "constant", c -> new ConstantSchedule(c.lr()),
            "step", c -> new StepSchedule(c.lr(), c.milestones(), c.gamma()),
            "cosine", c -> new CosineSchedule(c.lr()),
            "one-cycle", c -> new OneCycleSchedule(c.lr(), c.peakFraction())));

    /** The schedule a config names. */
    static LrSchedule of(TrainConfig config) {
        checkName(config.schedule());
        return BY_NAME.get(config.schedule()).apply(config);
    }

    /** Throws {@link UnknownNameException} for a name no schedule has. */
    static void checkName(String name) {
        if (name == null || !BY_NAME.containsKey(name)) {
            throw new UnknownNameException("schedule", String.valueOf(name), List.copyOf(BY_NAME.keySet()));
        }
    }
}
