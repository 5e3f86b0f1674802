package org.robustj.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.robustj.eval.RunRecord;
import org.robustj.io.Json;

/** The certification section: every number equals the record, and the curve is the per-point step function. */
class CertifiedReportTest {
    /** A smoothing-shaped record: point i has radius i/10 when correct; every third point is wrong or abstains. */
    static RunRecord smoothing(int n) {
        List<RunRecord.CertifiedPoint> pts = new ArrayList<>();
        List<Double> radii = List.of(0.0, 0.25, 0.5, 1.0);
        int[] count = new int[radii.size()];
        int abstain = 0;
        int correct = 0;
        for (int i = 0; i < n; i++) {
            int label = i % 10;
            int pred = i % 3 == 0 ? (i % 2 == 0 ? -1 : (label + 1) % 10) : label;
            if (pred < 0) abstain++;
            double radius = pred == label ? i / (double) n : 0;
            if (pred == label) correct++;
            List<Boolean> cert = new ArrayList<>();
            for (int e = 0; e < radii.size(); e++) {
                boolean c = pred == label && radius >= radii.get(e);
                cert.add(c);
                if (c) count[e]++;
            }
            pts.add(new RunRecord.CertifiedPoint(i, label, pred, radius, null, null, cert, 0.5));
        }
        List<Double> acc = new ArrayList<>();
        for (int c : count) acc.add(c / (double) n);
        RunRecord.Certification c = new RunRecord.Certification("smoothing", "l2",
                Json.tree(Map.of("sigma", 0.25, "n0", 100, "samples", 1000, "alpha", 0.001)), false, radii, acc,
                abstain / (double) n, correct / (double) n, pts, 12.5);
        return new RunRecord(RunRecord.SCHEMA, "certify", Json.tree(Map.of("model", "m.pt", "norm", "l2")),
                new RunRecord.ModelInfo("m.pt", "m", "mlp", "abc", 10),
                new RunRecord.DataInfo("mnist", "test", n, "first " + n), 0.9, null, 0.01, null, null, null, null,
                null, List.of(), true, 13.0, null, c);
    }

    @Test
    void everyCertifiedNumberOnThePageEqualsTheRecord() throws Exception {
        RunRecord r = smoothing(60);
        Document doc = Jsoup.parse(RunReport.html(r, null, null));
        assertNotNull(doc.selectFirst("#certified"), "no certification section");
        int checked = PageChecks.assertNumbersMatch(doc, PageChecks.tree(r), null);
        assertTrue(checked >= 12, "only " + checked + " numbers checked");
        assertEquals(4, doc.select("#certified-table tbody tr").size());
        assertEquals(Fmt.pct(r.certification().certifiedAccuracy().get(1)),
                doc.selectFirst("[data-field=certification.certified_accuracy[1]]").text());
        assertTrue(doc.text().contains("abstained on"), "smoothing's abstain rate is not shown");
        assertFalse(doc.text().contains("clean evaluation only"), "a certify record is not a clean evaluation");
        doc.selectFirst("[data-field=certification.certified_accuracy[2]]").text("99.99");
        org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
                () -> PageChecks.assertNumbersMatch(doc, PageChecks.tree(r), null));
    }

    @Test
    void theCurveIsTheShareOfCorrectPointsWithARadiusOfAtLeastR() {
        RunRecord r = smoothing(60);
        XYChart c = Charts.certifiedVsRadius(r, "L2");
        XYSeries steps = c.getSeriesMap().get("certified (per-point radii)");
        assertNotNull(steps, c.getSeriesMap().keySet().toString());
        double[] xs = steps.getXData();
        double[] ys = steps.getYData();
        // at every radius strictly between two vertices, the curve equals the direct count
        for (int k = 0; k + 1 < xs.length; k++) {
            if (xs[k + 1] <= xs[k]) continue;
            double mid = (xs[k] + xs[k + 1]) / 2;
            int count = 0;
            for (RunRecord.CertifiedPoint p : r.certification().points()) {
                if (p.prediction() == p.label() && p.radius() >= mid) count++;
            }
            assertEquals(100.0 * count / 60, ys[k + 1], 1e-9, "at r = " + mid);
        }
        // and at each requested radius the dots equal the record
        XYSeries dots = c.getSeriesMap().get("certified at the requested radii (smoothing)");
        for (int i = 0; i < dots.getXData().length; i++) {
            int e = r.certification().radii().indexOf(dots.getXData()[i]);
            assertEquals(100 * r.certification().certifiedAccuracy().get(e), dots.getYData()[i], 1e-9);
        }
    }
}
