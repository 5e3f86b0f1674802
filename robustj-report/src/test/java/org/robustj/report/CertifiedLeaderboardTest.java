package org.robustj.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustj.benchmark.Entry;
import org.robustj.benchmark.Leaderboard;
import org.robustj.benchmark.Track;
import org.robustj.benchmark.Tracks;
import org.robustj.eval.RunRecord;

/** A certified track on the leaderboard: a certified column, ranked by it. */
class CertifiedLeaderboardTest {
    @TempDir
    Path tmp;

    private static Entry certified(String name, RunRecord r, double certifiedPct) {
        Entry base = SampleRuns.entry(name, r, null);
        Track t = Tracks.get("mnist-linf-0.3-certified");
        return new Entry(base.schema(), name, base.model(), base.modelSha256(), base.architecture(),
                base.trainingRecipe(), t.id(), t.dataset(), t.threatModel(), t.epsLabel(), t.eps(), base.nPoints(),
                base.cleanAcc(), base.autoattackAcc(), null, null, base.version(), base.attacks(), base.flags(),
                base.replay(), null, base.created(), r, certifiedPct, "ibp");
    }

    @Test
    void aCertifiedTrackShowsAndRanksByCertifiedAccuracy() throws Exception {
        Path dir = tmp.resolve("entries");
        Map<String, JsonNode> trees = new HashMap<>();
        // "tight" has the lower AutoAttack figure but the higher certified one: it ranks first
        Entry a = certified("loose", SampleRuns.record(80, 0.6, 10, false), 20.0).writeInto(dir, null);
        Entry b = certified("tight", SampleRuns.record(80, 0.5, 11, false), 40.0).writeInto(dir, null);
        trees.put(a.name(), PageChecks.tree(a));
        trees.put(b.name(), PageChecks.tree(b));
        LeaderboardSite.Built built = LeaderboardSite.build(Leaderboard.load(dir), tmp.resolve("site"));
        Document index = Jsoup.parse(built.index().toFile(), "UTF-8");
        assertEquals(List.of("tight", "loose"), index.select("table.leaderboard tbody tr").eachAttr("data-entry"));
        assertTrue(index.select("table.leaderboard thead th").eachText().contains("certified %"));
        assertTrue(index.text().contains("Certified track"), "the track does not say it is certified");
        int checked = PageChecks.assertLeaderboardMatches(index, trees::get);
        assertEquals(2 * 4, checked, "clean, AutoAttack, certified, points per row");
    }
}
