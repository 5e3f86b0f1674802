package org.robustj.train;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One measurement of a {@link TrainingProbe}.
 *
 * @param probe the probe's name
 * @param step global step (steps done) when it was taken
 * @param epoch 1-based epoch in progress (the step's epoch; 1 for the measurement before the first step)
 * @param values what the probe measured
 */
public record ProbePoint(String probe, long step, int epoch, ObjectNode values) {}
