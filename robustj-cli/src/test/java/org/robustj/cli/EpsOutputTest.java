package org.robustj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** ε given as 8/255 is printed as 8/255 in the evaluation's log and tables (issue 10 item 6). */
class EpsOutputTest {
    @Test
    void epsGivenAsAFractionIsPrintedAsGiven() {
        CliRun r = CliRun.of("evaluate", "--model", "zoo:mnist-cnn", "--n", "8", "--attacks", "fgsm", "--eps",
                "8/255", "--quiet");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("linf eps 8/255,"), r.out());
        assertTrue(r.out().contains("robust accuracy (linf eps=8/255)"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("8/255 ") && l.contains("fgsm")), r.out());
        assertFalse(r.out().contains("0.0313"), "a raw float ε: " + r.out());
    }
}
