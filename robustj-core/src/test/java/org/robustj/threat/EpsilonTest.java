package org.robustj.threat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** ε reads as researchers write it (issue 10 item 6). */
class EpsilonTest {
    @Test
    void fractionsOf255AreShownAsFractions() {
        assertEquals("8/255", Epsilon.format(8 / 255.0));
        assertEquals("8/255", Epsilon.format(0.03137254901960784));
        assertEquals("8/255", Epsilon.format((float) (8 / 255.0)), "a float-rounded 8/255");
        assertEquals("2/255", Epsilon.format(2 / 255.0));
        assertEquals("16/255", Epsilon.format(16 / 255.0));
    }

    @Test
    void shortDecimalsStayDecimals() {
        assertEquals("0.3", Epsilon.format(0.3));
        assertEquals("0.1", Epsilon.format(0.1));
        assertEquals("2", Epsilon.format(2.0));
        assertEquals("0.5", Epsilon.format(0.5));
        assertEquals("0.2", Epsilon.format(51 / 255.0), "51/255 is exactly 0.2");
        assertEquals("12", Epsilon.format(12));
        assertEquals("1", Epsilon.format(1.0));
    }

    @Test
    void otherValuesGetSixSignificantDigits() {
        assertEquals("0.0123457", Epsilon.format(0.012345678));
        assertEquals("3.14159", Epsilon.format(Math.PI));
        assertEquals("1e-05", Epsilon.format(1e-5));
    }

    @Test
    void normsWithinTheFloat32ToleranceReportAsEps() {
        ThreatModel t = ThreatModel.of(Norm.LINF, 0.1);
        assertEquals(0.1f, t.reportedNorm(0.100000024f), "float rounding, not a violation");
        assertEquals(0.05f, t.reportedNorm(0.05f));
        assertEquals(0.2f, t.reportedNorm(0.2f), "a real violation stays visible");
        ThreatModel c = ThreatModel.of(Norm.LINF, 8 / 255.0);
        assertEquals((float) (8 / 255.0), c.reportedNorm(Math.nextUp((float) (8 / 255.0))));
    }
}
