package org.robustj.benchmark.corruption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Closed forms and invariants of MNIST-C's stripe, dotted_line, zigzag, spatter and canny_edges. */
class DrawingCorruptionTest {
    private static final Image DIGIT = CorruptionTest.image(1, 28, 0);

    @Test
    void stripeInvertsTheOuterQuartersOnly() {
        Corruption st = Corruptions.suite("mnist").get("stripe");
        Image y = st.apply(DIGIT, 3, new SplittableRandom(1));
        for (int r = 0; r < 28; r++) {
            for (int c = 0; c < 28; c++) {
                double want = c < 7 || c >= 21 ? 1 - DIGIT.get(0, r, c) : DIGIT.get(0, r, c);
                assertEquals(want, y.get(0, r, c), 1e-15);
            }
        }
        Image back = st.apply(y, 1, new SplittableRandom(2));
        for (int i = 0; i < back.v().length; i++) assertEquals(DIGIT.v()[i], back.v()[i], 1e-15, "stripe twice");
    }

    @Test
    void aHorizontalSegmentIsThreeRowsThickAndStopsBeforeItsLastColumn() {
        double[] l = DrawnLine.segment(28, 28, 0, 10, 27, 10);
        double side = 1 + Math.log(1 - 1 / 2.3);
        for (int r = 0; r < 28; r++) {
            for (int c = 0; c < 28; c++) {
                double want = c == 27 ? 0 : r == 10 ? 1 : Math.abs(r - 10) == 1 ? side : 0;
                assertEquals(want, l[r * 28 + c], 1e-12, "(" + r + ", " + c + ")");
            }
        }
        assertEquals(0, DrawnLine.stroke(2.3 * (1 - 1 / Math.E)), 1e-12);
        for (double v : DrawnLine.segment(28, 28, 5, 3, 5, 20)) assertEquals(0, v, "a vertical segment draws nothing");
    }

    @Test
    void dottedLineTouchesOnlyItsDashColumnsAndIsOneOfItsDraws() {
        Corruption d = Corruptions.suite("mnist").get("dotted_line");
        for (int seed = 0; seed < 5; seed++) {
            Image y = d.apply(DIGIT, 1 + seed % 5, new SplittableRandom(seed));
            for (int r = 0; r < 28; r++) {
                for (int c = 0; c < 28; c++) {
                    if ((c / 2) % 2 == 0 || c == 27) assertEquals(DIGIT.get(0, r, c), y.get(0, r, c), 0, "column " + c);
                    assertTrue(y.get(0, r, c) >= DIGIT.get(0, r, c));
                }
            }
            int matches = 0;
            for (int r0 = 0; r0 < 27; r0++) {
                for (int r1 = 0; r1 < 27; r1++) {
                    Image z = DrawnLine.add(DIGIT.copy(), DrawnLine.dotted(28, 28, r0, r1));
                    if (java.util.Arrays.equals(z.v(), y.v())) matches++;
                }
            }
            assertTrue(matches >= 1, "seed " + seed + " is no dotted line between rows 0..26");
        }
    }

    @Test
    void aLevelZigzagHasMnistCsVertices() {
        List<double[]> p = DrawnLine.zigzagVertices(12, 12);
        double[][] want = {{2, 12}, {4, 14}, {8, 10}, {12, 14}, {16, 10}, {20, 14}, {24, 10}, {25, 12 - 1.0 / 3}};
        assertEquals(want.length, p.size());
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i][0], p.get(i)[0], 1e-12, "vertex " + i);
            assertEquals(want[i][1], p.get(i)[1], 1e-12, "vertex " + i);
        }
        // the drawing changes only pixels within 1.454 rows of a segment, inside its columns
        double[] layer = DrawnLine.zigzag(28, 28, 12, 12);
        for (int r = 0; r < 28; r++) {
            for (int c = 0; c < 28; c++) {
                if (layer[r * 28 + c] == 0) continue;
                boolean near = false;
                for (int i = 1; i < p.size(); i++) {
                    double[] a = p.get(i - 1), b = p.get(i);
                    if (c < Math.floor(a[0]) || c >= Math.ceil(b[0])) continue;
                    double f = a[1] + (c - a[0]) * (b[1] - a[1]) / (b[0] - a[0]);
                    near |= Math.abs(r - f) < 2.3 * (1 - 1 / Math.E);
                }
                assertTrue(near, "(" + r + ", " + c + ") is off the zigzag");
            }
        }
    }

    @Test
    void cannyFindsNothingOnAConstantImageAndExactlyTheStepOfAStep() {
        double[] flat = new double[28 * 28];
        java.util.Arrays.fill(flat, 0.6);
        for (boolean e : CannyEdges.edges(flat, 28, 28)) assertFalse(e);
        double[] step = new double[28 * 28];
        for (int r = 0; r < 28; r++) {
            for (int c = 14; c < 28; c++) step[r * 28 + c] = 1;
        }
        boolean[] e = CannyEdges.edges(step, 28, 28);
        for (int r = 0; r < 28; r++) {
            int onStep = 0;
            for (int c = 0; c < 28; c++) {
                if (e[r * 28 + c]) {
                    assertTrue(c == 13 || c == 14, "edge off the step at (" + r + ", " + c + ")");
                    onStep++;
                }
            }
            if (r == 0 || r == 27) assertEquals(0, onStep, "the border row " + r + " is never an edge");
            else assertTrue(onStep >= 1, "row " + r + " misses the step");
        }
    }

    @Test
    void spatterIsTheIdentityWithoutMudAndMudEverywhereWithIt() {
        double[] c = {0.65, 0.3, 2, 0.68, 0.5};
        double[] low = new double[28 * 28], high = new double[28 * 28];
        java.util.Arrays.fill(low, 0.5);
        java.util.Arrays.fill(high, 0.9);
        Image none = Spatter.spatter(DIGIT.copy(), low, c);
        Image all = Spatter.spatter(DIGIT.copy(), high, c);
        for (int i = 0; i < DIGIT.v().length; i++) {
            assertEquals(DIGIT.v()[i], none.v()[i], 0);
            assertEquals(63 / 255.0, all.v()[i], 1e-12);
        }
    }
}
