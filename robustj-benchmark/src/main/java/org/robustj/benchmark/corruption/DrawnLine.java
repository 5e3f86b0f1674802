package org.robustj.benchmark.corruption;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * MNIST-C's line corruptions {@code dotted_line} and {@code zigzag}: a soft line added to the digit (values clipped
 * to 1), so that a stroke that is not part of the digit crosses it.
 *
 * <p>A line from (c0, r0) to (c1, r1) (column, row) is MNIST-C's {@code line_from_points}: every pixel (r, c) with
 * {@code floor(c0) ≤ c < ceil(c1)} gets {@code clip(1 + ln(1 − d/2.3), 0, 1)}, where {@code d = |r − f(c)|} is the
 * vertical distance to the line {@code f(c) = r0 + (c − c0)·(r1 − r0)/(c1 − c0)} (clipped just below 2.3). The
 * stroke is therefore about three pixels thick: 1 on the line, 0 from {@code d = 2.3·(1 − 1/e) ≈ 1.454} on. A
 * vertical segment (c0 = c1) draws nothing.
 *
 * <ul>
 *   <li>{@code dotted_line}: a line from (0, r0) to (w − 1, r1), rows drawn uniformly from 0..h − 2, of which only
 *       the column pairs {2, 3}, {6, 7}, {10, 11}, ... are kept (columns c with {@code floor(c/2)} odd).
 *   <li>{@code zigzag}: a line from column 2 to column 25 at rows r0 (0..26) and r0 + U{−5..4}, drawn as a zigzag of
 *       amplitude 2 and half-period 2 along it: MNIST-C's vertex list, rotated onto the line, each segment drawn as
 *       above.
 * </ul>
 *
 * MNIST-C has one fixed setting and no severities; every severity applies it, with its own random draws.
 */
public final class DrawnLine extends Corruption {
    /** Which drawing. */
    public enum Kind {
        /** A dashed straight line across the image. */
        DOTTED_LINE,
        /** A zigzag across the image. */
        ZIGZAG
    }

    /** The vertical distance at which the stroke's value reaches 0 (MNIST-C's 2.3). */
    static final double WIDTH = 2.3;

    private final Kind kind;

    /** @param kind the drawing */
    public DrawnLine(Kind kind) {
        super(kind.name().toLowerCase(java.util.Locale.ROOT), Family.DRAWING, Collections.nCopies(SEVERITIES,
                kind == Kind.DOTTED_LINE ? "dashes of 2 px, random rows (fixed)" : "amplitude 2, half-period 2 (fixed)"));
        this.kind = kind;
    }

    @Override
    protected Image corrupt(Image x, int s, SplittableRandom rng) {
        int h = x.height(), w = x.width();
        double[] layer;
        if (kind == Kind.DOTTED_LINE) {
            int r0 = rng.nextInt(0, h - 1), r1 = rng.nextInt(0, h - 1);
            layer = dotted(h, w, r0, r1);
        } else {
            int r0 = rng.nextInt(0, h - 1);
            int r1 = r0 + rng.nextInt(-5, 5);
            layer = zigzag(h, w, r0, r1);
        }
        return add(x, layer);
    }

    /** {@code min(1, x + layer)} on every channel. */
    static Image add(Image x, double[] layer) {
        int plane = x.height() * x.width();
        double[] v = x.v();
        for (int i = 0; i < v.length; i++) v[i] = Math.min(1, v[i] + layer[i % plane]);
        return x;
    }

    /** The stroke value at vertical distance {@code d} from the line: {@code clip(1 + ln(1 − d/2.3), 0, 1)}. */
    static double stroke(double d) {
        double dist = Math.min(Math.abs(d), WIDTH - 1e-10);
        double v = Math.log(1 - dist / WIDTH) + 1;
        return v > 1 ? 1 : v > 0 ? v : 0;
    }

    /** MNIST-C's {@code line_from_points} on an {@code h × w} plane (row-major). */
    static double[] segment(int h, int w, double c0, double r0, double c1, double r1) {
        double[] out = new double[h * w];
        if (c1 == c0) return out;
        double m = (r1 - r0) / (c1 - c0);
        int from = (int) Math.max(0, Math.floor(c0)), to = (int) Math.min(w, Math.ceil(c1));
        for (int c = from; c < to; c++) {
            double f = m * (c - c0) + r0;
            for (int r = 0; r < h; r++) out[r * w + c] = stroke(r - f);
        }
        return out;
    }

    /** The dotted line from (0, r0) to (w − 1, r1): the segment with the columns of even {@code floor(c/2)} off. */
    static double[] dotted(int h, int w, int r0, int r1) {
        double[] line = segment(h, w, 0, r0, w - 1, r1);
        for (int c = 0; c < w; c++) {
            if ((c / 2) % 2 == 0) {
                for (int r = 0; r < h; r++) line[r * w + c] = 0;
            }
        }
        return line;
    }

    /**
     * The zigzag's vertices (column, row) from (2, r0) towards (25, r1): along the straight line of length
     * d = 23/cos θ, the points (0, 0), ((2i + 1)·2, ±2) for i = 0..floor((d − 2)/4), and, when d is not a multiple
     * of 4, MNIST-C's closing point (d, r_last / (2·(d − 4·floor(d/4)))); rotated by θ = atan((r1 − r0)/23) and
     * moved to (2, r0).
     */
    static List<double[]> zigzagVertices(int r0, int r1) {
        double a = 2, b = 2, c0 = 2, c1 = 25;
        double theta = Math.atan((r1 - r0) / (c1 - c0));
        double d = (c1 - c0) / Math.cos(theta);
        List<double[]> pts = new ArrayList<>();
        pts.add(new double[] {0, 0});
        int n = (int) Math.floor((d - a) / (2 * a)) + 1;
        double last = 0;
        for (int i = 0; i < n; i++) {
            last = (i % 2 == 0 ? 1 : -1) * b;
            pts.add(new double[] {(2 * i + 1) * a, last});
        }
        double maxC = 2 * a * Math.floor(d / (2 * a));
        if (d != maxC) pts.add(new double[] {d, last / (2 * (d - maxC))});
        double cos = Math.cos(theta), sin = Math.sin(theta);
        List<double[]> out = new ArrayList<>();
        for (double[] p : pts) out.add(new double[] {cos * p[0] - sin * p[1] + c0, sin * p[0] + cos * p[1] + r0});
        return out;
    }

    /** The zigzag's layer: the sum of its segments (the image clips it at 1). */
    static double[] zigzag(int h, int w, int r0, int r1) {
        List<double[]> p = zigzagVertices(r0, r1);
        double[] layer = new double[h * w];
        for (int i = 1; i < p.size(); i++) {
            double[] s = segment(h, w, p.get(i - 1)[0], p.get(i - 1)[1], p.get(i)[0], p.get(i)[1]);
            for (int j = 0; j < layer.length; j++) layer[j] += s[j];
        }
        return layer;
    }
}
