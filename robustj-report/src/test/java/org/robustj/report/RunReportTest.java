package org.robustj.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustj.benchmark.Entry;
import org.robustj.eval.EntropyDetection;
import org.robustj.eval.RunRecord;

class RunReportTest {
    @TempDir
    Path tmp;

    @Test
    void everyNumberOnThePageEqualsTheRunRecord() throws Exception {
        RunRecord r = SampleRuns.record(60, 0.5, 1, true);
        Entry e = SampleRuns.entry("net", r, 41.5);
        Path f = tmp.resolve("report.html");
        RunReport.write(f, r, SampleRuns.gallery(r, 8), e);
        Document doc = Jsoup.parse(f.toFile(), "UTF-8");
        int checked = PageChecks.assertNumbersMatch(doc, PageChecks.tree(r), PageChecks.tree(e));
        // summary (6) + 4 attacks × 5 + eps table (2) + per class (10) + ece + points + provenance
        assertTrue(checked > 100, "only " + checked + " numbers checked");
        assertEquals(Fmt.pct(r.robustAccuracy()), doc.selectFirst("[data-field=robust_accuracy]").text());
        assertEquals("41.50", doc.selectFirst("[data-field=external]").text());
        assertEquals(4, doc.select("#attack-table tbody tr").size());
        // a number that was tampered with is caught
        doc.selectFirst("[data-field=clean_accuracy]").text("99.99");
        org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
                () -> PageChecks.assertNumbersMatch(doc, PageChecks.tree(r), PageChecks.tree(e)));
    }

    @Test
    void reportIsSelfContainedWithChartsAndImages() throws Exception {
        RunRecord r = SampleRuns.record(40, 0.4, 2, false);
        String html = RunReport.html(r, SampleRuns.gallery(r, 8), null);
        Document doc = Jsoup.parse(html);
        for (Element el : doc.select("[src], link[href], script[src]")) {
            assertTrue(el.attr("src").startsWith("data:"), "external resource: " + el.outerHtml().substring(0, 60));
        }
        assertTrue(doc.select("link[rel=stylesheet]").isEmpty());
        assertNotNull(doc.selectFirst("meta[http-equiv=Content-Security-Policy]"));
        List<Element> charts = doc.select("img.chart");
        assertEquals(3, charts.size(), "attacks, accuracy vs eps, norm histogram");
        for (Element c : charts) {
            String svg = new String(decode(c.attr("src")), StandardCharsets.UTF_8);
            assertTrue(svg.contains("<svg"), "chart is SVG");
        }
        List<Element> examples = doc.select(".example");
        assertEquals(8, examples.size());
        for (Element ex : examples) {
            List<Element> imgs = ex.select("img");
            assertEquals(3, imgs.size());
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(decode(imgs.get(0).attr("src"))));
            assertEquals(112, img.getWidth(), "28 px enlarged 4×");
        }
        assertTrue(doc.selectFirst("#warnings").text().contains("no warnings"));
        assertTrue(doc.selectFirst("#provenance").text().contains("abc123"));
    }

    @Test
    void warningsComeWithTheirExplanation() {
        RunRecord r = SampleRuns.record(30, 0.3, 3, true);
        Document doc = Jsoup.parse(RunReport.html(r, null, null));
        Element w = doc.selectFirst(".warning[data-check=square-beats-gradient]");
        assertNotNull(w);
        assertTrue(w.text().contains("square lowered robust accuracy"), w.text());
        assertTrue(w.text().contains("gradients are masked"), "explanation from docs/evaluation-flags.md: " + w.text());
        assertTrue(w.text().contains("docs/evaluation-flags.md#square-beats-gradient"));
        assertTrue(doc.selectFirst("#gallery").text().contains("does not keep the input images"));
    }

    @Test
    void cleanOnlyRecordStillMakesAReport() {
        RunRecord full = SampleRuns.record(20, 0.5, 4, false);
        RunRecord clean = new RunRecord(1, "clean", full.config(), full.model(), full.dataset(), full.cleanAccuracy(),
                full.perClassAccuracy(), full.ece(), null, null, null, null, null, List.of(), true, 1.0,
                full.provenance());
        Document doc = Jsoup.parse(RunReport.html(clean, null, null));
        assertTrue(doc.select("img.chart").isEmpty());
        assertTrue(doc.text().contains("clean evaluation only"));
        PageChecks.assertNumbersMatch(doc, PageChecks.tree(clean), null);
    }

    @Test
    void randomizedRunShowsEachAttacksEntropyDetection() {
        RunRecord base = SampleRuns.record(40, 0.4, 6, false);
        List<RunRecord.AttackSummary> a = base.attacks();
        List<EntropyDetection.Summary> h = java.util.Arrays.asList(
                new EntropyDetection.Summary(5, 0.1234, 0.1111, 0.8765, 0.2),
                new EntropyDetection.Summary(3, 1.5, 1.4, 0.8765, 0.95),
                null,
                new EntropyDetection.Summary(2, 0.85, 0.86, 0.8765, 0.55));
        List<RunRecord.AttackSummary> withEntropy = new java.util.ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            RunRecord.AttackSummary s = a.get(i);
            withEntropy.add(new RunRecord.AttackSummary(s.name(), s.eps(), s.robustAccuracyAfter(), s.broken(),
                    s.seconds(), s.modelCalls(), s.config(), s.seed(), null, null, h.get(i)));
        }
        RunRecord r = new RunRecord(base.schemaVersion(), base.kind(), base.config(), base.model(), base.dataset(),
                base.cleanAccuracy(), base.perClassAccuracy(), base.ece(), base.robustAccuracy(), base.epsilons(),
                base.robustAccuracyByEps(), withEntropy, base.points(), base.warnings(), true, base.seconds(),
                base.provenance());
        Document doc = Jsoup.parse(RunReport.html(r, null, null));
        Element section = doc.selectFirst("#entropy");
        assertNotNull(section, "a record with entropy statistics gets the uncertainty-detection section");
        // every number of the section is the record's (through its JSON names, e.g. attacks[0].entropy.clean_mean)
        assertTrue(PageChecks.assertNumbersMatch(section, PageChecks.tree(r), null) >= 3 * 6 + 2);
        List<Element> rows = section.select("#entropy-table tbody tr");
        assertEquals(List.of("apgd-ce", "apgd-t", "fab-t", "square"), rows.stream().map(e -> e.attr("data-attack")).toList());
        Element ce = rows.get(0);
        assertEquals("0.877", ce.selectFirst("[data-field=attacks[0].entropy.clean_mean]").text());
        assertEquals("0.123", ce.selectFirst("[data-field=attacks[0].entropy.mean]").text());
        assertEquals("0.111", ce.selectFirst("[data-field=attacks[0].entropy.median]").text());
        assertEquals("0.200", ce.selectFirst("[data-field=attacks[0].entropy.auroc]").text());
        assertEquals("5", ce.selectFirst("[data-field=attacks[0].entropy.broken]").text());
        assertTrue(ce.selectFirst(".verdict").text().contains("more confident than clean"), ce.text());
        assertEquals("0.950", rows.get(1).selectFirst("[data-field=attacks[1].entropy.auroc]").text());
        assertTrue(rows.get(1).selectFirst(".verdict").text().contains("would catch this attack"), rows.get(1).text());
        assertTrue(rows.get(3).selectFirst(".verdict").text().contains("about as certain as clean"), rows.get(3).text());
        // an attack without entropy statistics keeps its row, with dashes instead of numbers
        assertTrue(rows.get(2).select("[data-field*=entropy]").isEmpty());
        assertTrue(rows.get(2).text().contains("–"), rows.get(2).text());
        // the section follows the attack table
        assertTrue(doc.html().indexOf("id=\"attacks\"") < doc.html().indexOf("id=\"entropy\""));

        // the same run without entropy statistics has no such section
        Document plain = Jsoup.parse(RunReport.html(base, null, null));
        assertNull(plain.selectFirst("#entropy"));
        assertFalse(plain.text().contains("Uncertainty detection"));
    }

    @Test
    void entropyVerdictFollowsTheStatedBands() {
        assertTrue(RunReport.entropyVerdict(0.9).contains("would catch this attack"));
        assertTrue(RunReport.entropyVerdict(0.75).contains("catch part"));
        assertTrue(RunReport.entropyVerdict(0.6).contains("about as certain"));
        assertTrue(RunReport.entropyVerdict(0.5).contains("about as certain"));
        assertTrue(RunReport.entropyVerdict(0.49).contains("more confident"));
    }

    @Test
    void differenceImageAmplifiesThePerturbation() throws Exception {
        float[] c = {0.5f, 0.5f, 0.5f, 0.5f};
        float[] a = {0.6f, 0.4f, 0.5f, 0.55f};
        assertEquals(5.0, Images.amplification(c, a), 1e-5);
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(decode(Images.difference(c, a, new long[] {1, 2, 2}))));
        assertEquals(255, img.getRGB(0, 0) & 0xFF, "largest increase is white");
        assertEquals(0, img.getRGB(img.getWidth() - 1, 0) & 0xFF, "largest decrease is black");
        assertEquals(128, img.getRGB(0, img.getHeight() - 1) & 0xFF, 1, "no change is grey");
    }

    @Test
    void colourImagesKeepTheirChannels() throws Exception {
        // 3×1×2 (C×H×W): pixel 0 pure red, pixel 1 pure blue
        float[] x = {1, 0, 0, 0, 0, 1};
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(decode(Images.png(x, new long[] {3, 1, 2}))));
        assertEquals(112, img.getWidth());
        assertEquals(0xFF0000, img.getRGB(0, 0) & 0xFFFFFF);
        assertEquals(0x0000FF, img.getRGB(img.getWidth() - 1, 0) & 0xFFFFFF);
        // a flat vector of 20 features is laid out as a 4×5 grid
        assertEquals(List.of(4, 5, 1), java.util.Arrays.stream(Images.layout(new long[] {20}, 20)).boxed().toList());
    }

    @Test
    void minimalNormsGiveAStepCurveBoundedByTheRecord() {
        RunRecord r = SampleRuns.record(50, 0.5, 5, false);
        assertTrue(Charts.hasMinimalNorms(r));
        assertNotNull(Charts.accuracyVsEps(r, "L∞"));
        List<double[]> curve = Charts.minimalNormCurve(r, 0.3);
        double[] y = curve.get(1);
        assertEquals(100 * r.cleanAccuracy(), y[0], 1e-9, "starts at clean accuracy");
        assertEquals(100 * r.robustAccuracy(), y[y.length - 1], 1e-9, "ends at the robust accuracy at eps");
        for (int i = 1; i < y.length; i++) assertTrue(y[i] <= y[i - 1], "never rises");
        assertFalse(Charts.brokenNorms(r).isEmpty());
        for (double v : Charts.brokenNorms(r)) assertTrue(v <= 0.3 + 1e-6);
    }

    private static byte[] decode(String dataUri) {
        return Base64.getDecoder().decode(dataUri.substring(dataUri.indexOf(',') + 1));
    }
}
