package org.robustj.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.robustj.errors.InvalidInputException;
import org.robustj.model.Models;

/**
 * The catastrophic-overfitting guard's alignment rule on real curves: the plain-FGSM run of
 * docs/catastrophic-overfitting.md (PGD accuracy 0% throughout, so the drop rule never fires) is flagged at its
 * 4th measurement, the FGSM-RS and GradAlign runs bundled in the zoo (every measurement in their cards) never.
 */
class MonitorAlignmentRuleTest {
    /** Gradient alignment of the plain FGSM run every 400 steps (docs/catastrophic-overfitting.md). */
    static final double[] FGSM = {0.52, 0.32, -0.12, -0.05, -0.05, -0.09, 0.15, 0.16, 0.09, 0.07, 0.01, -0.03};

    @Test
    void flagsTheOverfittingRunOnly() throws Exception {
        Monitor m = Monitor.defaults();
        assertEquals(3, firstFlag(m, FGSM), "two measurements below 0.2 in a row: -0.12 then -0.05");
        for (String name : new String[] {"mnist-cnn-fgsm-rs", "mnist-cnn-gradalign"}) {
            JsonNode points = Models.zooCard(name).results().path("monitor").path("points");
            double[] align = new double[points.size()];
            for (int i = 0; i < align.length; i++) align[i] = points.get(i).path("gradient_alignment").asDouble();
            assertEquals(-1, firstFlag(m, align), name + " never overfitted");
        }
        Monitor off = new Monitor("linf", null, 10, 0.25, 256, 256, 200, 0.2, true, 0.0);
        assertEquals(-1, firstFlag(off, FGSM), "min_alignment 0 turns the rule off");
        assertFalse(m.alignmentCollapsed(0.1, 0.3));
        assertThrows(InvalidInputException.class, () -> new Monitor("linf", null, 10, 0.25, 256, 256, 200, 0.2,
                true, 1.5));
    }

    private static int firstFlag(Monitor m, double[] align) {
        for (int i = 1; i < align.length; i++) {
            if (m.alignmentCollapsed(align[i - 1], align[i])) return i;
        }
        return -1;
    }
}
