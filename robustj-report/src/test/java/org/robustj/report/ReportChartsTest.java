package org.robustj.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.robustj.eval.RunRecord;

/**
 * Issue 10 items 6-8: the accuracy-against-ε chart marks what was measured and never extrapolates; the report
 * has robust accuracy per class and the true × adversarial label heat map; ε reads as given.
 */
class ReportChartsTest {
    /** {@code r} evaluated at three ε, without per-point minimal norms (no FAB). */
    static RunRecord threeEpsWithoutMinimalNorms(RunRecord r) {
        List<RunRecord.PointRecord> pts = new ArrayList<>();
        for (RunRecord.PointRecord p : r.points()) {
            pts.add(new RunRecord.PointRecord(p.index(), p.label(), p.cleanCorrect(), p.robust(), p.brokenBy(),
                    p.perturbationNorm(), null, p.adversarialLabel()));
        }
        return withPoints(r, pts, List.of(0.1, 0.2, 0.3), List.of(0.8, 0.6, r.robustAccuracy()));
    }

    static RunRecord withPoints(RunRecord r, List<RunRecord.PointRecord> pts, List<Double> eps, List<Double> acc) {
        return new RunRecord(r.schemaVersion(), r.kind(), r.config(), r.model(), r.dataset(), r.cleanAccuracy(),
                r.perClassAccuracy(), r.ece(), r.robustAccuracy(), eps, acc, r.attacks(), pts, r.warnings(),
                r.complete(), r.seconds(), r.provenance());
    }

    @Test
    void evaluatedEpsAreMarkersNotLines() {
        RunRecord r = threeEpsWithoutMinimalNorms(SampleRuns.record(60, 0.5, 1, false));
        XYChart c = Charts.accuracyVsEps(r, "L∞");
        assertEquals(1, c.getSeriesMap().size());
        XYSeries s = c.getSeriesMap().values().iterator().next();
        assertEquals(XYSeries.XYSeriesRenderStyle.Scatter, s.getXYSeriesRenderStyle(),
                "no straight lines between evaluated ε");
        double maxX = 0;
        for (double x : s.getXData()) maxX = Math.max(maxX, x);
        assertEquals(0.3, maxX, 1e-12, "nothing beyond the largest evaluated ε");
        Document doc = Jsoup.parse(RunReport.html(r, null, null));
        assertTrue(doc.selectFirst("#eps").text().contains("Nothing is drawn between or beyond"), doc.selectFirst("#eps").text());
    }

    @Test
    void minimalNormsGiveStepsThatStopAtTheLargestEps() {
        RunRecord r = SampleRuns.record(80, 0.5, 4, false); // FAB minimal norms, ε 0.3
        XYChart c = Charts.accuracyVsEps(r, "L∞");
        XYSeries curve = c.getSeriesMap().get("from per-point norms");
        assertNotNull(curve);
        double[] x = curve.getXData();
        double[] y = curve.getYData();
        for (int i = 1; i < x.length; i++) {
            assertTrue(x[i] == x[i - 1] || y[i] == y[i - 1], "a step function: segment " + i + " is diagonal");
            assertTrue(x[i] >= x[i - 1], "x rises");
        }
        assertTrue(x[x.length - 1] <= 0.3 * (1 + 1e-5), "no extrapolation past ε 0.3: " + x[x.length - 1]);
        assertEquals(XYSeries.XYSeriesRenderStyle.Scatter,
                c.getSeriesMap().get("evaluated ε").getXYSeriesRenderStyle());
    }

    @Test
    void reportHasPerClassRobustAccuracyAndTheLabelHeatMap() {
        RunRecord r = SampleRuns.record(120, 0.5, 2, false);
        Document doc = Jsoup.parse(RunReport.html(r, SampleRuns.gallery(r, 4), null));
        Element robustRow = doc.selectFirst("#per-class-robust");
        assertNotNull(robustRow, "per-class robust accuracy row");
        int[] total = new int[10];
        int[] robust = new int[10];
        int[][] m = new int[10][10];
        for (RunRecord.PointRecord p : r.points()) {
            total[p.label()]++;
            if (p.robust()) robust[p.label()]++;
            m[p.label()][p.robust() ? p.label() : p.adversarialLabel()]++;
        }
        for (int c = 0; c < 10; c++) {
            Element cell = robustRow.selectFirst("[data-derived=robust/label=" + c + "]");
            if (total[c] == 0) continue;
            assertNotNull(cell, "class " + c);
            assertEquals(Fmt.pct(robust[c] / (double) total[c]), cell.text());
        }
        Element heat = doc.selectFirst("table.heatmap#label-matrix");
        assertNotNull(heat, "heat map of true × adversarial label");
        List<Element> rows = heat.select("tbody tr");
        assertEquals(10, rows.size());
        for (int t = 0; t < 10; t++) {
            List<Element> cells = rows.get(t).select("td");
            assertEquals(10, cells.size());
            for (int a = 0; a < 10; a++) {
                assertEquals(Integer.toString(m[t][a]), cells.get(a).attr("data-count"), "cell " + t + "," + a);
                if (m[t][a] > 0) assertTrue(cells.get(a).attr("style").contains("rgba("), "shaded");
            }
        }
    }

    @Test
    void epsReadsAsGivenInTheReport() {
        RunRecord base = SampleRuns.record(30, 0.5, 3, false);
        RunRecord r = withPoints(base, base.points(), List.of(8 / 255.0), List.of(base.robustAccuracy()));
        Document doc = Jsoup.parse(RunReport.html(r, null, null));
        assertEquals("8/255", doc.selectFirst("[data-field=epsilons[0]]").text());
        assertTrue(!doc.text().contains("0.031372"), "no raw float ε on the page");
    }
}
