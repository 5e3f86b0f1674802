package org.robustj.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustj.benchmark.CorruptionScores;
import org.robustj.benchmark.Entry;
import org.robustj.benchmark.Leaderboard;
import org.robustj.benchmark.Track;
import org.robustj.benchmark.Tracks;
import org.robustj.benchmark.corruption.CorruptionGallery;
import org.robustj.eval.RunRecord;
import org.robustj.io.Json;

/** The corruption report and the corruption and imported rows of the leaderboard: every number equals the entry. */
class CorruptionReportTest {
    @TempDir
    Path tmp;

    static Entry corruptionEntry(String name, double shift) {
        Map<String, double[]> m = new LinkedHashMap<>(), b = new LinkedHashMap<>();
        m.put("shear", new double[] {0.9 - shift, 0.8 - shift, 0.7, 0.6, 0.5});
        m.put("rotate", new double[] {0.95, 0.85, 0.6 - shift, 0.4, 0.2});
        b.put("shear", new double[] {0.8, 0.7, 0.6, 0.5, 0.4});
        b.put("rotate", new double[] {0.9, 0.8, 0.5, 0.3, 0.1});
        CorruptionScores s = CorruptionScores.of("mnist", 1, 0, List.of(1, 2, 3, 4, 5), m, b, "zoo:mnist-cnn", "abc",
                0.99, 0);
        Track t = Tracks.get("mnist-corruptions");
        RunRecord r = new RunRecord(RunRecord.SCHEMA, "corruptions", Json.tree(Map.of("model", "m.pt")),
                new RunRecord.ModelInfo("m.pt", "m", "small-cnn", "abc", 10),
                new RunRecord.DataInfo("mnist", "test", 1000, "first 1000"), 0.98, List.of(), 0.01, null, null, null,
                null, null, List.of(), true, 12.5, null);
        return new Entry(Entry.SCHEMA, name, "m.pt", "abc", "small-cnn", "pgd-at", t.id(), t.dataset(), t.threatModel(),
                null, 0, 1000, 98.0, null, null, null, "corruptions", List.of(),
                new Entry.Flags(false, false, false, List.of(), false), null, null, "2026-01-01T00:00:00Z", r, null,
                null, s.meanAccuracy(), s.mce(), s, null);
    }

    private static CorruptionGallery gallery() {
        float[] img = new float[28 * 28];
        for (int i = 0; i < img.length; i++) img[i] = (i % 28) / 27f;
        Map<String, List<CorruptionGallery.Example>> ex = new LinkedHashMap<>();
        for (String c : List.of("shear", "rotate")) {
            List<CorruptionGallery.Example> l = new java.util.ArrayList<>();
            for (int s = 1; s <= 5; s++) l.add(new CorruptionGallery.Example(s, img, s < 4 ? 7 : 1));
            ex.put(c, l);
        }
        return new CorruptionGallery(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), new long[] {1, 28, 28},
                0, 7, img, 7, ex);
    }

    @Test
    void reportShowsTheHeatMapAndTheImagesWithTheEntrysNumbers() throws Exception {
        Entry e = corruptionEntry("m", 0);
        Path f = tmp.resolve("r.html");
        CorruptionReport.write(f, e, gallery());
        Document d = Jsoup.parse(Files.readString(f));
        JsonNode tree = PageChecks.tree(e);
        int n = PageChecks.assertNumbersMatch(d.body(), tree, null);
        assertTrue(n >= 10 + 2 + 2 + 5 + 3, "numbers checked: " + n);
        Element table = d.selectFirst("#corruption-matrix");
        assertEquals(3, table.select("tbody tr").size()); // two corruptions and the mean row
        assertEquals(10, d.select("table.corruption-gallery img").size() - 2); // clean + 5 severities per row
        assertTrue(d.select("img").stream().allMatch(i -> i.attr("src").startsWith("data:image/png;base64,")));
        assertTrue(d.text().contains("zoo:mnist-cnn"));
        // without a gallery the page says where the images are
        Document bare = Jsoup.parse(CorruptionReport.html(e, null));
        assertTrue(bare.selectFirst("#gallery").text().contains("robustj benchmark"));
    }

    @Test
    void leaderboardHasCorruptionColumnsAndMarksImportedRows() throws Exception {
        Path entries = tmp.resolve("entries");
        corruptionEntry("a", 0).writeInto(entries, null);
        corruptionEntry("b", 0.2).writeInto(entries, null);
        Path info = tmp.resolve("model_info/cifar10/Linf/Wong2020Fast.json");
        Files.createDirectories(info.getParent());
        Files.writeString(info, "{\"link\": \"https://arxiv.org/abs/2001.03994\", \"name\": \"Fast is better than "
                + "free\", \"dataset\": \"cifar10\", \"architecture\": \"PreActResNet-18\", \"eps\": \"8/255\", "
                + "\"clean_acc\": \"83.34\", \"reported\": \"46.06\", \"autoattack_acc\": \"43.21\"}");
        org.robustj.benchmark.robustbench.RobustBenchInfo.importInto(List.of(info), null, entries);
        Leaderboard lb = Leaderboard.load(entries);
        assertTrue(lb.problems().isEmpty(), lb.problems().toString());
        LeaderboardSite.Built built = LeaderboardSite.build(lb, tmp.resolve("site"));
        Document d = Jsoup.parse(Files.readString(built.index()));
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        for (List<Leaderboard.Row> rows : lb.tracks().values()) {
            for (Leaderboard.Row r : rows) byName.put(r.entry().name(), PageChecks.tree(r.entry()));
        }
        assertTrue(PageChecks.assertLeaderboardMatches(d, byName::get) > 0);
        Element corr = d.selectFirst("#track-mnist-corruptions");
        assertTrue(corr.selectFirst("thead").text().contains("mCE"), corr.text());
        List<String> order = corr.select("tbody tr").eachAttr("data-entry");
        assertEquals(List.of("a", "b"), order);
        Element wong = d.selectFirst("tr[data-entry=Wong2020Fast]");
        assertTrue(wong.text().contains("not evaluated here"), wong.text());
        assertEquals("–", wong.selectFirst("td.rank").text());
        assertFalse(built.reports().stream().anyMatch(p -> p.toString().contains("Wong2020Fast")));
        assertEquals(2, built.reports().size());
        assertTrue(Files.readString(built.reports().get(0)).contains("corruption-matrix"));
    }
}
