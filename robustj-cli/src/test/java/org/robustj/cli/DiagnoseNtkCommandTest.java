package org.robustj.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code robustj diagnose ntk}: bad input is one error line that says what to do. */
class DiagnoseNtkCommandTest {
    @Test
    void morePointsThanMemoryAllowsSaysHowManyFit() {
        // the bundled small-cnn has 3.3 M weights: 10,000 points' Jacobians would take over a terabyte
        CliRun r = CliRun.of("diagnose", "ntk", "--model", "zoo:mnist-cnn", "--n", "10000", "--quiet");
        assertTrue(r.exit() != 0);
        assertTrue(r.oneLineError(), r.err());
        assertTrue(r.err().startsWith("error: an NTK on 9900 points needs"), r.err());
        assertTrue(r.err().matches("(?s).*at most \\d+ points fit: use --n \\d+.*"), r.err());
    }

    @Test
    void otherNormsThanLinfAreRefused() {
        CliRun r = CliRun.of("diagnose", "ntk", "--model", "zoo:mnist-cnn", "--n", "10", "--norm", "l2", "--quiet");
        assertTrue(r.exit() != 0);
        assertTrue(r.oneLineError(), r.err());
        assertTrue(r.err().contains("use --norm linf"), r.err());
    }
}
