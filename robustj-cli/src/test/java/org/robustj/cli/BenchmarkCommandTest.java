package org.robustj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustj.benchmark.Entry;
import org.robustj.io.Json;
import org.robustj.model.BlockClassifier;
import org.robustj.model.ModelCard;
import org.robustj.model.Models;
import org.robustj.report.PageChecks;

/**
 * The benchmark workflow as a new user runs it: add a model to the local zoo, benchmark it (quick: 20 points,
 * FGSM instead of the full ensemble), build the leaderboard site, replay an entry; every number on the pages
 * equals its run record; bad input gives one-line errors.
 */
class BenchmarkCommandTest {
    @TempDir
    Path tmp;

    private String savedZoo;

    @BeforeEach
    void useTemporaryLocalZoo() {
        savedZoo = System.getProperty("robustj.zoo");
        System.setProperty("robustj.zoo", tmp.resolve("zoo").toString());
    }

    @AfterEach
    void restoreLocalZoo() {
        if (savedZoo == null) {
            System.clearProperty("robustj.zoo");
        } else {
            System.setProperty("robustj.zoo", savedZoo);
        }
    }

    static Path shared(String f) {
        Path p = Path.of(System.getProperty("robustj.shared", "../shared")).resolve(f);
        return Files.exists(p) ? p : null;
    }

    private Path tinyModel(String name, List<Long> shape, long seed) throws Exception {
        ModelCard card = new ModelCard(name, ModelCard.ROBUSTJ_FORMAT, "mlp", Map.of("hidden", List.of(16)),
                shape.get(0) == 3 ? "cifar10" : "mnist", shape, 10, null, null, seed, null, null, null, null, null,
                null, null);
        try (NDManager m = NDManager.newBaseManager(); BlockClassifier c = BlockClassifier.create(m, card, seed)) {
            Models.save(c, tmp.resolve(name));
        }
        return tmp.resolve(name + ".json");
    }

    private static void assertOk(CliRun r) {
        assertEquals(0, r.exit(), "stdout: " + r.out() + "\nstderr: " + r.err());
    }

    private static void assertOneLineError(CliRun r, String expected) {
        assertTrue(r.oneLineError(), "not a one-line error: exit " + r.exit() + ", stderr: " + r.err());
        assertTrue(r.err().contains(expected), "expected '" + expected + "' in: " + r.err());
    }

    private CliRun benchmark(String model, Path entries, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("benchmark", "--model", model, "--track",
                "mnist-linf-0.3", "--n", "20", "--entries", entries.toString(), "--attacks", "fgsm", "--quiet"));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void zooAddBenchmarkLeaderboardAndEveryNumberMatchesItsRunRecord() throws Exception {
        Path entries = tmp.resolve("entries");
        CliRun add = CliRun.of("zoo", "add", "--model", tinyModel("src", List.of(1L, 28L, 28L), 3).toString(),
                "--name", "tiny-mlp");
        assertOk(add);
        CliRun list = CliRun.of("zoo", "list");
        assertOk(list);
        assertTrue(list.out().contains("zoo:tiny-mlp") && list.out().contains("local"), list.out());

        CliRun b1 = benchmark("zoo:tiny-mlp", entries);
        assertOk(b1);
        assertTrue(b1.out().contains("entry: "), b1.out());
        assertTrue(b1.out().contains("replay: bin/robustj benchmark --replay"), b1.out());
        assertTrue(Files.isRegularFile(entries.resolve("mnist-linf-0.3__tiny-mlp.json")));
        assertTrue(Files.isRegularFile(entries.resolve("mnist-linf-0.3__tiny-mlp.html")));
        assertFalse(Files.exists(entries.resolve("mnist-linf-0.3__tiny-mlp.state.json")), "state file removed");

        Path pt = shared("models/cnn_bn_std.pt");
        if (pt != null) {
            Path extra = tmp.resolve("extra-report.html");
            assertOk(benchmark(pt.toString(), entries, "--report", extra.toString()));
            Document rep = Jsoup.parse(extra.toFile(), "UTF-8");
            assertEquals(8, rep.select(".example").size(), "gallery of a standard CNN broken by FGSM");
        }
        Files.writeString(entries.resolve("corrupt.json"), "{\"schema\": \"robustj-entry-1\", \"name\": ");

        Path site = tmp.resolve("site");
        CliRun lb = CliRun.of("leaderboard", "--entries", entries.toString(), "--out", site.toString());
        assertEquals(Cli.USER_ERROR, lb.exit(), "a skipped entry file makes the exit code non-zero");
        assertOneLineError(lb, "corrupt.json");
        assertTrue(lb.out().contains("site: "), lb.out());
        Document index = Jsoup.parse(site.resolve("index.html").toFile(), "UTF-8");
        Map<String, JsonNode> entryTrees = new HashMap<>();
        Map<String, Entry> byName = new HashMap<>();
        try (Stream<Path> s = Files.list(entries)) {
            for (Path p : s.filter(p -> p.toString().endsWith(".json") && !p.endsWith("corrupt.json")).toList()) {
                Entry e = Entry.read(p);
                byName.put(e.name(), e);
                entryTrees.put(e.name(), Json.mapper().readTree(p.toFile()));
            }
        }
        assertEquals(pt != null ? 2 : 1, index.select("table.leaderboard tbody tr").size());
        int checked = PageChecks.assertLeaderboardMatches(index, entryTrees::get);
        assertTrue(checked >= 3, "numbers checked on the leaderboard: " + checked);
        for (Element a : index.select("table.leaderboard tbody a")) {
            Path report = site.resolve(a.attr("href"));
            assertTrue(Files.isRegularFile(report), "row links to " + report);
            JsonNode tree = entryTrees.get(a.text());
            int n = PageChecks.assertNumbersMatch(Jsoup.parse(report.toFile(), "UTF-8"), tree.get("run"), tree);
            assertTrue(n > 40, "numbers checked in " + report + ": " + n);
        }
        assertNotNull(index.selectFirst("#problems"));
        assertEquals("zoo:tiny-mlp", byName.get("tiny-mlp").model());
    }

    @Test
    void aRandomizedModelRunsVersionRandAndTheLeaderboardSaysSo() throws Exception {
        Path entries = tmp.resolve("entries");
        CliRun add = CliRun.of("zoo", "add", "--model", tinyModel("src", List.of(1L, 28L, 28L), 5).toString(),
                "--name", "tiny");
        assertOk(add);
        String spec = "noise:0.3:2:zoo:tiny"; // a local zoo name inside the specification, too
        CliRun b = CliRun.of("benchmark", "--model", spec, "--track", "mnist-linf-0.3", "--n", "6", "--entries",
                entries.toString(), "--quiet");
        assertOk(b);
        assertTrue(b.out().contains("AutoAttack rand)") && b.out().contains("version rand instead of the track's "
                + "standard: " + spec + " is randomized"), b.out());
        Path file;
        try (Stream<Path> st = Files.list(entries)) {
            file = st.filter(p -> p.toString().endsWith(".json")).findFirst().orElseThrow();
        }
        Entry e = Entry.read(file);
        assertEquals(spec, e.model());
        assertEquals("rand", e.version());
        assertEquals(List.of("apgd-ce", "apgd-dlr"), e.attacks());
        assertEquals("rand", e.run().config().get("version").asText());
        assertEquals(spec, e.run().config().get("model").asText());
        assertFalse(e.flags().customAttacks(), "rand is the track's ensemble for a randomized model, not custom");
        assertFalse(e.flags().warnings().contains("randomized-defense"), "EOT ran: " + e.flags().warnings());
        Path site = tmp.resolve("site");
        assertOk(CliRun.of("leaderboard", "--entries", entries.toString(), "--out", site.toString()));
        Document index = Jsoup.parse(site.resolve("index.html").toFile(), "UTF-8");
        Element badge = index.selectFirst("table.leaderboard tbody tr .badge.version");
        assertNotNull(badge, index.select("table.leaderboard tbody tr").outerHtml());
        assertEquals("version rand (EOT): " + spec, badge.text());
        CliRun replay = CliRun.of("benchmark", "--replay", file.toString(), "--quiet");
        assertOk(replay);
        assertTrue(replay.out().contains("replay identical"), replay.out());
        // the model options stay refused, saying why and what to do instead
        assertOneLineError(CliRun.of("benchmark", "--model", "zoo:tiny", "--track", "mnist-linf-0.3", "--entries",
                entries.toString(), "--query-only"), "--query-only is not available for benchmark: a track ranks "
                + "white-box AutoAttack figures");
    }

    @Test
    void replayRerunsAnEntryAndCatchesATamperedNumber() throws Exception {
        Path entries = tmp.resolve("entries");
        Path model = tinyModel("net", List.of(1L, 28L, 28L), 9);
        assertOk(benchmark(model.toString(), entries));
        Path entry = entries.resolve("mnist-linf-0.3__net.json");
        CliRun replay = CliRun.of("benchmark", "--replay", entry.toString(), "--quiet");
        assertOk(replay);
        assertTrue(replay.out().contains("replay identical"), replay.out());
        Path fromEntry = tmp.resolve("from-entry.html");
        assertOk(CliRun.of("report", "--run", entry.toString(), "--out", fromEntry.toString()));
        JsonNode written = Json.mapper().readTree(entry.toFile());
        assertTrue(PageChecks.assertNumbersMatch(Jsoup.parse(fromEntry.toFile(), "UTF-8"), written.get("run"), written)
                > 40);

        JsonNode tree = Json.mapper().readTree(entry.toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode) tree).put("autoattack_acc", 99.0);
        Path tampered = tmp.resolve("tampered.json");
        Files.writeString(tampered, Json.write(tree));
        CliRun bad = CliRun.of("benchmark", "--replay", tampered.toString(), "--quiet");
        assertEquals(1, bad.exit(), bad.out() + bad.err());
        assertTrue(bad.err().startsWith("error: replay of") && bad.err().strip().lines().count() == 1, bad.err());
    }

    @Test
    void badInputGivesOneLineErrorsAndNoEntry() throws Exception {
        Path entries = tmp.resolve("entries");
        Path model = tinyModel("m", List.of(1L, 28L, 28L), 1);
        assertOneLineError(CliRun.of("benchmark", "--model", model.toString(), "--track", "mnist-linf-0.5",
                "--entries", entries.toString()), "unknown track 'mnist-linf-0.5'");
        assertOneLineError(benchmark("zoo:no-such-model", entries), "unknown zoo model 'no-such-model'");
        assertOneLineError(benchmark(tmp.resolve("missing.pt").toString(), entries), "model file not found");
        Path cifarModel = tinyModel("c", List.of(3L, 32L, 32L), 1);
        assertOneLineError(benchmark(cifarModel.toString(), entries), "does not fit track mnist-linf-0.3");
        assertOneLineError(CliRun.of("benchmark", "--model", model.toString(), "--track", "mnist-linf-0.3"),
                "needs --model, --track and --entries");
        if (shared("data/cifar10/test_batch.bin") != null) {
            assertOneLineError(CliRun.of("benchmark", "--model", model.toString(), "--track", "cifar10-linf-8/255",
                    "--n", "5", "--entries", entries.toString(), "--attacks", "fgsm", "--data-dir",
                    shared("data/cifar10").toString()),
                    "does not fit track cifar10-linf-8/255");
        }
        try (Stream<Path> s = Files.exists(entries) ? Files.list(entries) : Stream.empty()) {
            assertEquals(List.of(), s.filter(p -> p.toString().endsWith(".json")).toList(), "no entry written");
        }
        Files.createDirectories(tmp.resolve("empty"));
        Files.writeString(tmp.resolve("empty/bad.json"), "[1, 2");
        CliRun lb = CliRun.of("leaderboard", "--entries", tmp.resolve("empty").toString(), "--out",
                tmp.resolve("site").toString());
        assertOneLineError(lb, "bad.json");
        assertTrue(Files.isRegularFile(tmp.resolve("site/index.html")), "the site is still built");
        assertOneLineError(CliRun.of("leaderboard", "--entries", tmp.resolve("nope").toString(), "--out",
                tmp.resolve("site2").toString()), "entries folder not found");
    }

    @Test
    void evaluateAndReportCommandsWriteReports() throws Exception {
        Path model = tinyModel("e", List.of(1L, 28L, 28L), 4);
        Path run = tmp.resolve("run.json");
        Path html = tmp.resolve("eval.html");
        CliRun ev = CliRun.of("evaluate", "--model", model.toString(), "--n", "20", "--attacks", "fgsm", "--out",
                run.toString(), "--report", html.toString(), "--quiet");
        assertOk(ev);
        Document d = Jsoup.parse(html.toFile(), "UTF-8");
        assertNotNull(d.selectFirst("#gallery"));
        JsonNode rec = Json.mapper().readTree(run.toFile());
        PageChecks.assertNumbersMatch(d, rec, null);

        Path again = tmp.resolve("again.html");
        assertOk(CliRun.of("report", "--run", run.toString(), "--out", again.toString()));
        Document d2 = Jsoup.parse(again.toFile(), "UTF-8");
        assertTrue(PageChecks.assertNumbersMatch(d2, rec, null) > 20);
        assertTrue(d2.selectFirst("#gallery").text().contains("does not keep the input images"));

        Files.writeString(tmp.resolve("bad-run.json"), "{\"clean_accuracy\": ");
        assertOneLineError(CliRun.of("report", "--run", tmp.resolve("bad-run.json").toString(), "--out",
                tmp.resolve("x.html").toString()), "not valid JSON");
        Files.writeString(tmp.resolve("other.json"), "{\"hello\": 1}");
        assertOneLineError(CliRun.of("report", "--run", tmp.resolve("other.json").toString(), "--out",
                tmp.resolve("x.html").toString()), "not a run record");
        assertFalse(Files.exists(tmp.resolve("x.html")));
    }
}
