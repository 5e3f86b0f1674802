package org.robustj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.robustj.train.TrainingListener;

/**
 * Progress lines read well (issue 10 items 2 and 5): separated fields, leading zeros, a visible bar, one
 * labelled ETA and one throughput, and a line that is always ended before the next log line.
 */
class ProgressTest {
    @Test
    void lineSeparatesItsFieldsAndKeepsLeadingZeros() {
        String l = Progress.line("apgd-ce", 7, 7, 100, "pt", 10, 10, "ETA", "robust 12", 100);
        assertTrue(l.contains("0.7 pt/s | robust 12"), l);
        assertFalse(l.contains(" .7"), l);
        assertTrue(l.contains("7/100 pt"), l);
        assertTrue(l.contains("ETA 0:02:13"), l);
        assertTrue(l.startsWith("apgd-ce   7% ["), l);
        assertTrue(l.length() <= 100, l.length() + ": " + l);
        String fast = Progress.line("apgd-ce", 196, 196, 1000, "pt", 10, 10, "ETA", "robust 12", 100);
        assertTrue(fast.contains("19.6 pt/s | robust 12"), fast);
    }

    @Test
    void narrowTerminalsKeepTheEtaAndTheExtraAndNeverDrawAnEmptyBar() {
        String extra = "loss 2.3026, acc 11.35%, lr 1.00e-04, run ETA 0:01:28";
        for (int width : new int[] {80, 100, 120, 160}) {
            String l = Progress.line("epoch 1/10", 500, 500, 60000, "img", 2, 2, "epoch ETA", extra, width);
            assertTrue(l.length() <= width, width + ": " + l);
            assertFalse(l.contains("[]"), "an empty bar: " + l);
            Matcher m = Pattern.compile("\\[([^\\]]*)\\]").matcher(l);
            if (m.find()) assertTrue(m.group(1).length() >= 10, "bar of " + m.group(1).length() + ": " + l);
            assertTrue(l.contains("epoch ETA "), width + ": " + l);
            assertTrue(l.contains("loss 2.3026, acc 11.35%"), width + ": " + l);
            if (width >= 160) assertTrue(l.contains("[") && l.contains("img/s") && l.endsWith(extra), l);
        }
        String ev = Progress.line("apgd-ce", 33, 33, 39, "pt", 88, 88, "ETA", "robust 39", 80);
        assertTrue(ev.endsWith("| robust 39") && ev.contains("["), "the robust count survives 80 columns: " + ev);
        String unknown = Progress.line("fab-t", 0, 0, 0, "pt", 0, 0, "ETA", null, 100);
        assertTrue(unknown.contains("? pt/s"), unknown);
        assertFalse(unknown.endsWith(" | "), unknown);
    }

    @Test
    void speedAndClockFormats() {
        assertEquals("0.7", Progress.speed(0.7));
        assertEquals("19.6", Progress.speed(19.6));
        assertEquals("0.04", Progress.speed(0.04));
        assertEquals("?", Progress.speed(Double.NaN));
        assertEquals("0:01:09", Progress.clock(69));
        assertEquals("1:00:00", Progress.clock(3600));
    }

    @Test
    void closeEndsTheLineEvenBeforeTheFirstRefresh() {
        for (long max : new long[] {0, 10}) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
            try (Progress p = new Progress("fab-t", max, "pt", "ETA", out, 100)) {
                p.stepTo(max / 2);
            }
            out.print("fab-t - 0 out of 0 successfully perturbed");
            String s = bytes.toString(StandardCharsets.UTF_8);
            assertTrue(s.contains("\nfab-t - 0 out of 0"), "log line must start a line: " + s.replace("\r", "\\r"));
            assertEquals(1, s.chars().filter(c -> c == '\n').count(), s.replace("\r", "\\r"));
        }
    }

    @Test
    void trainingBarShowsOneThroughputAndLabelledEtas() {
        TrainingListener.Status st = new TrainingListener.Status(0, 2, 10, 469, 1280, 60000, 0.5, 0.9, 1e-4, 184.6,
                88);
        String extra = TrainCommand.Bars.stepExtra(st);
        assertFalse(extra.contains("img/s"), extra);
        assertTrue(extra.contains("run ETA 0:01:28"), extra);
        assertTrue(extra.contains("lr 1.00e-04"), extra);
        String l = Progress.line("epoch 1/2", 1280, 1280, 60000, "img", 7, 7, "epoch ETA", extra, 160);
        assertEquals(1, count(l, "img/s"), l);
        assertEquals(2, count(l, "ETA"), l);
        assertTrue(l.contains("epoch ETA ") && l.contains("run ETA "), l);
    }

    @Test
    void learningRatesKeepTheirDigits() {
        assertEquals("1.00e-04", TrainCommand.Bars.lr(1e-4));
        assertEquals("0.1", TrainCommand.Bars.lr(0.1));
        assertEquals("0.00316", TrainCommand.Bars.lr(0.0031623));
        assertEquals("0", TrainCommand.Bars.lr(0));
        assertEquals("5.00e-07", TrainCommand.Bars.lr(5e-7));
    }

    private static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) n++;
        return n;
    }
}
