package org.robustj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code robustj diagnose} and {@code robustj experiment}: listing, and bad input as one error line. */
class DiagnoseCommandTest {
    @Test
    void unknownNamesListTheKnownOnes() {
        CliRun d = CliRun.of("diagnose", "nope");
        assertTrue(d.exit() != 0);
        assertTrue(d.oneLineError(), d.err());
        assertTrue(d.err().startsWith("error: unknown diagnostic 'nope'; known:"), d.err());
        CliRun e = CliRun.of("experiment", "run", "nope");
        assertTrue(e.exit() != 0);
        assertTrue(e.oneLineError(), e.err());
        assertTrue(e.err().startsWith("error: unknown experiment 'nope'; known:"), e.err());
    }

    @Test
    void aMissingNameSaysHowToList() {
        CliRun d = CliRun.of("diagnose");
        assertTrue(d.exit() != 0);
        assertTrue(d.oneLineError(), d.err());
        assertTrue(d.err().contains("--list"), d.err());
    }

    @Test
    void listsAreOneLineEach() {
        CliRun e = CliRun.of("experiment", "list");
        assertEquals(0, e.exit(), e.err());
        CliRun d = CliRun.of("diagnose", "--list");
        assertEquals(0, d.exit(), d.err());
    }
}
