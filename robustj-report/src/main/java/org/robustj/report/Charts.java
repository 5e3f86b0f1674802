package org.robustj.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.Histogram;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.robustj.eval.RunRecord;

/**
 * The report's plots, drawn with XChart from a {@link RunRecord} and encoded as SVG data URIs so a report
 * is one self-contained file: robust accuracy after each attack, robust accuracy against ε, and the
 * histogram of perturbation norms. Each chart has a title and labelled axes.
 */
public final class Charts {
    /** Chart size in CSS pixels. */
    public static final int WIDTH = 640;
    /** Chart height in CSS pixels. */
    public static final int HEIGHT = 360;

    private static final Color INK = new Color(0x1f, 0x29, 0x37);
    private static final Color GRID = new Color(0xe5, 0xe7, 0xeb);
    private static final Color[] PALETTE = {
        new Color(0x25, 0x63, 0xeb), new Color(0xea, 0x58, 0x0c), new Color(0x16, 0xa3, 0x4a),
        new Color(0x93, 0x33, 0xea), new Color(0xdc, 0x26, 0x26), new Color(0x08, 0x91, 0xb2)
    };
    private static final String FONT = "DejaVu Sans";

    private Charts() {}

    /** Robust accuracy (%) after each attack, starting from clean accuracy; one series per ε. */
    public static CategoryChart attacks(RunRecord r) {
        CategoryChart c = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Robust accuracy after each attack").xAxisTitle("after attack (cumulative)")
                .yAxisTitle("robust accuracy (%)").build();
        style(c);
        c.getStyler().setYAxisMin(0.0).setYAxisMax(100.0);
        c.getStyler().setAvailableSpaceFill(0.6).setOverlapped(false);
        c.getStyler().setLabelsVisible(true).setLabelsFont(new Font(FONT, Font.PLAIN, 11));
        c.getStyler().setLabelsFontColorAutomaticEnabled(true).setLabelsPosition(0.9);
        c.getStyler().setYAxisDecimalPattern("#0.##"); // ticks 0..100, bar labels with the tables' decimals
        c.getStyler().setLegendVisible(r.epsilons() != null && r.epsilons().size() > 1);
        Map<Double, List<RunRecord.AttackSummary>> byEps = new LinkedHashMap<>();
        for (RunRecord.AttackSummary s : r.attacks() == null ? List.<RunRecord.AttackSummary>of() : r.attacks()) {
            byEps.computeIfAbsent(s.eps(), e -> new ArrayList<>()).add(s);
        }
        if (byEps.isEmpty()) {
            c.addSeries("clean", List.of("clean"), List.of(100 * r.cleanAccuracy()));
            return c;
        }
        for (Map.Entry<Double, List<RunRecord.AttackSummary>> e : byEps.entrySet()) {
            List<String> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            x.add("clean");
            y.add(100 * r.cleanAccuracy());
            for (RunRecord.AttackSummary s : e.getValue()) {
                x.add(s.name());
                y.add(100 * s.robustAccuracyAfter());
            }
            CategorySeries s = c.addSeries("ε = " + Fmt.eps(e.getKey()), x, y);
            s.setFillColor(PALETTE[(c.getSeriesMap().size() - 1) % PALETTE.length]);
        }
        return c;
    }

    /**
     * Robust accuracy (%) against ε, never beyond what was measured. With per-point minimal norms (FAB), a step
     * curve over [0, largest evaluated ε] and no further: a point counts as broken at ε' when its smallest known
     * adversarial perturbation (minimal norm, else the norm of the adversarial input found) is at most ε'; this
     * is an upper bound on the true robust accuracy. The evaluated ε (and clean accuracy at ε = 0) are markers
     * only: no line joins them, since robust accuracy between two evaluated ε is not known.
     */
    public static XYChart accuracyVsEps(RunRecord r, String normLabel) {
        XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title("Robust accuracy against ε")
                .xAxisTitle("ε (" + normLabel + ")").yAxisTitle("robust accuracy (%)").build();
        style(c);
        c.getStyler().setYAxisMin(0.0).setYAxisMax(100.0);
        c.getStyler().setYAxisDecimalPattern("0");
        c.getStyler().setxAxisTickLabelsFormattingFunction(Fmt::eps);
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideSW);
        List<Double> eps = r.epsilons() == null ? List.of() : r.epsilons();
        List<Double> acc = r.robustAccuracyByEps() == null ? List.of() : r.robustAccuracyByEps();
        double maxEps = eps.stream().mapToDouble(Double::doubleValue).max().orElse(1);
        c.getStyler().setXAxisMin(0.0).setXAxisMax(maxEps * 1.05);
        List<double[]> curve = minimalNormCurve(r, maxEps);
        if (curve != null) {
            XYSeries s = c.addSeries("from per-point norms", curve.get(0), curve.get(1));
            s.setMarker(SeriesMarkers.NONE).setLineColor(PALETTE[0]).setLineStyle(new BasicStroke(2f));
        }
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        if (curve == null) {
            xs.add(0.0);
            ys.add(100 * r.cleanAccuracy());
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < eps.size(); i++) order.add(i);
        order.sort((a, b) -> Double.compare(eps.get(a), eps.get(b)));
        for (int i : order) {
            if (i < acc.size()) {
                xs.add(eps.get(i));
                ys.add(100 * acc.get(i));
            }
        }
        XYSeries m = c.addSeries(curve == null ? "evaluated ε (clean at 0)" : "evaluated ε", xs, ys);
        m.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        m.setMarker(SeriesMarkers.CIRCLE).setMarkerColor(PALETTE[1]);
        return c;
    }

    /**
     * Certified accuracy against the radius. For smoothing (per-point radii), the step curve of Cohen et al.'s
     * plots: the share of points predicted correctly with a certified radius of at least r, drawn up to the
     * largest requested radius; for bound methods, the requested radii only (dots joined), since a bound holds
     * only at the ε it was computed for. Robust accuracy at the same ε is drawn next to it when the record has
     * it ({@code evaluate --certify}).
     */
    public static XYChart certifiedVsRadius(RunRecord r, String normLabel) {
        RunRecord.Certification cert = r.certification();
        XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title("Certified accuracy against the radius")
                .xAxisTitle("radius ε (" + normLabel + ")").yAxisTitle("accuracy (%)").build();
        style(c);
        c.getStyler().setYAxisMin(0.0).setYAxisMax(100.0);
        c.getStyler().setYAxisDecimalPattern("0");
        c.getStyler().setxAxisTickLabelsFormattingFunction(Fmt::eps);
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideSW);
        List<Double> radii = cert.radii();
        double max = radii.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        c.getStyler().setXAxisMin(0.0).setXAxisMax(max > 0 ? max * 1.05 : 1.0);
        boolean perPointRadius = cert.points().stream().allMatch(p -> p.verified() == null && p.radius() != null);
        if (perPointRadius && max > 0) {
            List<Double> rs = new ArrayList<>();
            for (RunRecord.CertifiedPoint p : cert.points()) {
                if (p.prediction() >= 0 && p.prediction() == p.label()) rs.add(p.radius());
            }
            java.util.Collections.sort(rs);
            int n = cert.points().size();
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            int k = 0; // points with radius < x
            double x = 0;
            xs.add(0.0);
            ys.add(100.0 * rs.size() / Math.max(1, n));
            while (k < rs.size() && rs.get(k) <= max) {
                x = rs.get(k);
                while (k < rs.size() && rs.get(k) == x) k++;
                xs.add(x);
                ys.add(ys.get(ys.size() - 1));
                xs.add(x);
                ys.add(100.0 * (rs.size() - k) / Math.max(1, n));
            }
            xs.add(max);
            ys.add(ys.get(ys.size() - 1));
            XYSeries s = c.addSeries("certified (per-point radii)", xs, ys);
            s.setMarker(SeriesMarkers.NONE).setLineColor(PALETTE[0]).setLineStyle(new BasicStroke(2f));
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < radii.size(); i++) order.add(i);
        order.sort((a, b) -> Double.compare(radii.get(a), radii.get(b)));
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (int i : order) {
            xs.add(radii.get(i));
            ys.add(100 * cert.certifiedAccuracy().get(i));
        }
        XYSeries dots = c.addSeries("certified at the requested radii (" + cert.method() + ")", xs, ys);
        dots.setXYSeriesRenderStyle(perPointRadius ? XYSeries.XYSeriesRenderStyle.Scatter : XYSeries.XYSeriesRenderStyle.Line);
        dots.setMarker(SeriesMarkers.CIRCLE).setMarkerColor(PALETTE[1]).setLineColor(PALETTE[1]);
        if (r.epsilons() != null && r.robustAccuracyByEps() != null && !r.epsilons().isEmpty()) {
            List<Double> ex = new ArrayList<>();
            List<Double> ey = new ArrayList<>();
            List<Integer> eo = new ArrayList<>();
            for (int i = 0; i < r.epsilons().size(); i++) eo.add(i);
            eo.sort((a, b) -> Double.compare(r.epsilons().get(a), r.epsilons().get(b)));
            for (int i : eo) {
                ex.add(r.epsilons().get(i));
                ey.add(100 * r.robustAccuracyByEps().get(i));
            }
            XYSeries rob = c.addSeries("robust under attack (upper bound)", ex, ey);
            rob.setMarker(SeriesMarkers.DIAMOND).setMarkerColor(PALETTE[2]).setLineColor(PALETTE[2]);
        }
        return c;
    }

    /** Whether the run has per-point minimal norms, so {@link #accuracyVsEps} draws a curve. */
    public static boolean hasMinimalNorms(RunRecord r) {
        if (r.points() == null) return false;
        for (RunRecord.PointRecord p : r.points()) {
            if (p.minimalNorm() != null) return true;
        }
        return false;
    }

    static List<double[]> minimalNormCurve(RunRecord r, double maxEps) {
        if (!hasMinimalNorms(r)) {
            return null;
        }
        List<RunRecord.PointRecord> pts = r.points();
        int n = pts.size();
        List<Double> u = new ArrayList<>();
        for (RunRecord.PointRecord p : pts) {
            double v = Double.POSITIVE_INFINITY;
            if (!p.cleanCorrect()) {
                v = 0;
            } else {
                if (!p.robust() && p.perturbationNorm() != null) v = p.perturbationNorm();
                if (p.minimalNorm() != null) v = Math.min(v, p.minimalNorm());
            }
            u.add(v);
        }
        u.sort(Double::compare);
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        int i = 0;
        while (i < n && u.get(i) <= 0) i++;
        xs.add(0.0);
        ys.add(100.0 * (n - i) / n);
        double limit = maxEps * (1 + 1e-5); // norms are float32: 0.3f is slightly above 0.3
        while (i < n && u.get(i) <= limit) {
            double x = u.get(i);
            while (i < n && u.get(i) == x) i++;
            xs.add(x);
            ys.add(100.0 * (n - i) / n); // points with a known perturbation <= x are broken from x on
        }
        // turn the points into a step function
        List<Double> sx = new ArrayList<>();
        List<Double> sy = new ArrayList<>();
        for (int k = 0; k < xs.size(); k++) {
            if (k > 0) {
                sx.add(xs.get(k));
                sy.add(ys.get(k - 1));
            }
            sx.add(xs.get(k));
            sy.add(ys.get(k));
        }
        // the curve ends at the largest evaluated ε: larger norms were not searched for
        if (sx.get(sx.size() - 1) < maxEps) {
            sx.add(maxEps);
            sy.add(sy.get(sy.size() - 1));
        }
        return List.of(sx.stream().mapToDouble(Double::doubleValue).toArray(),
                sy.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** Perturbation norms of the adversarial inputs found at the headline ε (points an attack broke). */
    public static List<Double> brokenNorms(RunRecord r) {
        List<Double> v = new ArrayList<>();
        if (r.points() == null) return v;
        for (RunRecord.PointRecord p : r.points()) {
            if (p.cleanCorrect() && !p.robust() && p.perturbationNorm() != null) {
                v.add((double) p.perturbationNorm());
            }
        }
        return v;
    }

    /** Histogram of {@link #brokenNorms} over [0, ε], or null when no attack broke a point. */
    public static CategoryChart normHistogram(RunRecord r, String normLabel) {
        List<Double> v = brokenNorms(r);
        if (v.isEmpty()) {
            return null;
        }
        double eps = r.epsilons() != null && !r.epsilons().isEmpty() ? r.epsilons().get(0) : 1;
        double hi = Math.max(eps, v.stream().mapToDouble(Double::doubleValue).max().orElse(eps));
        int bins = 20;
        Histogram h = new Histogram(v, bins, 0, hi);
        CategoryChart c = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Perturbation norms of the adversarial examples found")
                .xAxisTitle(normLabel + " norm of the perturbation (bin centre)").yAxisTitle("points").build();
        style(c);
        c.getStyler().setAvailableSpaceFill(0.96).setOverlapped(true);
        c.getStyler().setLegendVisible(false);
        c.getStyler().setXAxisLabelRotation(45);
        c.getStyler().setXAxisDecimalPattern(hi < 0.1 ? "0.0000" : hi < 1 ? "0.000" : "0.00");
        c.getStyler().setYAxisDecimalPattern("0");
        CategorySeries s = c.addSeries("points", h.getxAxisData(), h.getyAxisData());
        s.setFillColor(PALETTE[0]);
        return c;
    }

    /** The house style of every robustj chart (white, light grid, palette, fonts); public for the diagnostics pages. */
    public static void style(Chart<? extends AxesChartStyler, ?> c) {
        AxesChartStyler s = c.getStyler();
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderVisible(false);
        s.setPlotGridLinesColor(GRID);
        s.setPlotGridVerticalLinesVisible(false);
        s.setChartFontColor(INK);
        s.setAxisTickLabelsColor(INK);
        s.setAxisTickMarksColor(GRID);
        s.setChartTitleFont(new Font(FONT, Font.BOLD, 15));
        s.setAxisTitleFont(new Font(FONT, Font.PLAIN, 12));
        s.setAxisTickLabelsFont(new Font(FONT, Font.PLAIN, 11));
        s.setLegendFont(new Font(FONT, Font.PLAIN, 11));
        s.setLegendBorderColor(GRID);
        s.setChartTitleBoxVisible(false);
        s.setChartPadding(14);
        s.setSeriesColors(PALETTE);
        s.setAntiAlias(true);
        s.setToolTipsEnabled(false);
        s.setLocale(Locale.ROOT);
    }

    /** The chart as an {@code image/svg+xml} base64 data URI. */
    public static String dataUri(Chart<?, ?> chart) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot draw chart " + chart.getTitle(), e);
        }
        return "data:image/svg+xml;base64," + Base64.getEncoder().encodeToString(out.toByteArray());
    }
}
