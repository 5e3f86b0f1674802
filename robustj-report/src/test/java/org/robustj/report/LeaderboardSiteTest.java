package org.robustj.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustj.benchmark.Entry;
import org.robustj.benchmark.Leaderboard;
import org.robustj.eval.RunRecord;

class LeaderboardSiteTest {
    @TempDir
    Path tmp;

    /** Writes three entries (one with a report and gallery beside it) and a corrupt file. */
    static Map<String, Entry> entries(Path dir) throws Exception {
        Map<String, Entry> out = new HashMap<>();
        RunRecord a = SampleRuns.record(80, 0.6, 10, false);
        Entry ea = SampleRuns.entry("robust-cnn", a, null);
        String base = Entry.baseName(ea.track(), ea.name());
        ea = ea.writeInto(dir, base + ".html");
        RunReport.write(dir.resolve(base + ".html"), a, SampleRuns.gallery(a, 8), ea);
        out.put(ea.name(), ea);
        Entry eb = SampleRuns.entry("masked-cnn", SampleRuns.record(80, 0.9, 11, true), 30.0).writeInto(dir, null);
        out.put(eb.name(), eb);
        Entry ec = SampleRuns.entry("standard-cnn", SampleRuns.record(80, 0.0, 12, false), null).writeInto(dir, null);
        out.put(ec.name(), ec);
        Files.writeString(dir.resolve("broken-entry.json"), "{\"schema\": \"robustj-entry-1\", \"name\": \"x\"");
        return out;
    }

    @Test
    void siteHasOneRankedTablePerTrackLinkingToReports() throws Exception {
        Path entries = tmp.resolve("entries");
        Map<String, Entry> byName = entries(entries);
        LeaderboardSite.Built built = LeaderboardSite.build(Leaderboard.load(entries), tmp.resolve("site"));
        assertEquals(1, built.problems().size());
        assertTrue(built.problems().get(0).message().contains("broken-entry.json"));
        assertEquals(3, built.reports().size());
        Document index = Jsoup.parse(built.index().toFile(), "UTF-8");
        assertEquals(1, index.select("table.leaderboard").size());
        List<String> order = index.select("table.leaderboard tbody tr").eachAttr("data-entry");
        assertEquals(List.of("robust-cnn", "masked-cnn", "standard-cnn"), order,
                "masked-cnn ranks by its external 30% below robust-cnn's AutoAttack ~60%");
        Map<String, JsonNode> trees = new HashMap<>();
        byName.forEach((k, v) -> trees.put(k, PageChecks.tree(v)));
        int checked = PageChecks.assertLeaderboardMatches(index, trees::get);
        assertEquals(3 * 3 + 1, checked, "clean, AutoAttack, points per row and one external");
        for (Element a : index.select("table.leaderboard tbody a")) {
            Path report = built.index().resolveSibling(a.attr("href"));
            assertTrue(Files.isRegularFile(report), "link to " + report);
            Document rep = Jsoup.parse(report.toFile(), "UTF-8");
            Entry e = byName.get(a.text());
            PageChecks.assertNumbersMatch(rep, PageChecks.tree(e.run()), PageChecks.tree(e));
        }
        Element problems = index.selectFirst("#problems");
        assertNotNull(problems, "the skipped file is named on the page");
        assertTrue(problems.text().contains("broken-entry.json"));
        // the report written beside the entry (with its gallery) was copied, the others were made from the record
        Document copied = Jsoup.parse(tmp.resolve("site/reports/mnist-linf-0.3__robust-cnn.html").toFile(), "UTF-8");
        assertEquals(8, copied.select(".example").size());
        Document made = Jsoup.parse(tmp.resolve("site/reports/mnist-linf-0.3__masked-cnn.html").toFile(), "UTF-8");
        assertTrue(made.select(".example").isEmpty());
        assertNotNull(made.selectFirst(".warning[data-check=square-beats-gradient]"));
        assertTrue(index.selectFirst("#empty-tracks").text().contains("cifar10-linf-8/255"));
    }

    @Test
    void emptyFolderGivesAPageWithEveryTrackListedAsEmpty() throws Exception {
        Files.createDirectories(tmp.resolve("none"));
        LeaderboardSite.Built b = LeaderboardSite.build(Leaderboard.load(tmp.resolve("none")), tmp.resolve("site"));
        Document index = Jsoup.parse(b.index().toFile(), "UTF-8");
        assertTrue(index.select("table.leaderboard").isEmpty());
        assertEquals(org.robustj.benchmark.Tracks.all().size(), index.select("#empty-tracks .badge").size());
    }

    @Test
    void trackHeaderSaysWhichPointsTheEntriesUsed() throws Exception {
        // issue 10 item 9: the header said "first 1000 points" while the entries used 80
        Path entries = tmp.resolve("entries-points");
        entries(entries);
        Document index = Jsoup.parse(LeaderboardSite.build(Leaderboard.load(entries), tmp.resolve("s")).index().toFile(),
                "UTF-8");
        String header = index.selectFirst("section.track p.sub").text();
        assertTrue(header.contains("first 1000 test points; entries here used 80"), header);
        assertTrue(index.select("table.leaderboard td.arch").stream().allMatch(td -> !td.text().endsWith("…")));
    }
}
