package org.robustj.benchmark.corruption;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.robustj.benchmark.CorruptionScores;
import org.robustj.benchmark.Entry;
import org.robustj.benchmark.LocalZoo;
import org.robustj.benchmark.Track;
import org.robustj.benchmark.Tracks;
import org.robustj.data.Dataset;
import org.robustj.data.Datasets;
import org.robustj.errors.InvalidInputException;
import org.robustj.eval.CleanEvaluation;
import org.robustj.eval.RunRecord;
import org.robustj.io.Json;
import org.robustj.model.Classifier;
import org.robustj.model.ModelCard;
import org.robustj.model.Models;
import org.robustj.provenance.FileHash;
import org.robustj.provenance.Provenance;

/**
 * Runs a model on a common-corruptions track: the first N test points, every corruption of the track's suite at
 * every severity (or a chosen subset, which flags the entry), the images generated once and cached
 * ({@link CorruptionCache}, their SHA-256 in the record's provenance), the model's and the baseline's accuracy on
 * each, and the entry with mean corruption accuracy and mCE ({@link CorruptionScores}). {@link #replay} re-runs an
 * entry from its record and lists every number that differs.
 */
public final class CorruptionBenchmark {
    private final LocalZoo zoo;
    private final CorruptionCache cache;
    private final Consumer<String> log;

    /**
     * @param zoo where {@code zoo:NAME} is looked up
     * @param cache where corrupted sets are kept
     * @param log progress lines (may be null)
     */
    public CorruptionBenchmark(LocalZoo zoo, CorruptionCache cache, Consumer<String> log) {
        this.zoo = zoo;
        this.cache = cache;
        this.log = log == null ? s -> { } : log;
    }

    /**
     * What to run.
     *
     * @param model {@code zoo:NAME} or a model file
     * @param track a corruption track
     * @param n points (null: the track's)
     * @param name entry name (null: from the model reference)
     * @param architecture shown on the leaderboard (null: the card's)
     * @param recipe shown on the leaderboard (null: the card's)
     * @param corruptions a subset of the suite's corruptions (null or empty: all; a subset flags the entry)
     * @param severities a subset of 1..5 (null or empty: all; a subset flags the entry)
     * @param baseline the mCE baseline (null: the track's)
     * @param seed root seed of the corruptions' random draws
     * @param batchSize batch size of the forward passes
     * @param dataDir folder of the data set's files (null: the default search)
     * @param command the command line, kept in the record
     */
    public record Request(String model, Track track, Integer n, String name, String architecture, String recipe,
            List<String> corruptions, List<Integer> severities, String baseline, long seed, int batchSize,
            Path dataDir, String command) {
        /** The standard request: the track's points, corruptions, severities and baseline, seed 0. */
        public static Request of(String model, Track track) {
            return new Request(model, track, null, null, null, null, null, null, null, 0, 500, null, null);
        }

        /** A copy with another number of points. */
        public Request withN(Integer points) {
            return new Request(model, track, points, name, architecture, recipe, corruptions, severities, baseline,
                    seed, batchSize, dataDir, command);
        }

        /** A copy with a subset of corruptions and severities. */
        public Request withSubset(List<String> names, List<Integer> levels) {
            return new Request(model, track, n, name, architecture, recipe, names, levels, baseline, seed, batchSize,
                    dataDir, command);
        }

        /** A copy with another baseline. */
        public Request withBaseline(String ref) {
            return new Request(model, track, n, name, architecture, recipe, corruptions, severities, ref, seed,
                    batchSize, dataDir, command);
        }
    }

    /** A finished corruption benchmark. */
    public record Result(Entry entry, RunRecord record, CorruptionGallery gallery) {}

    /** A replayed entry and every number that differs. */
    public record Replay(Entry original, Result replayed, List<String> differences) {
        /** Whether every number came out the same. */
        public boolean identical() {
            return differences.isEmpty();
        }
    }

    /** The corruptions a request selects, in the suite's order; an unknown name throws, listing the suite's. */
    public static List<Corruption> select(Corruptions.Suite suite, List<String> names) {
        if (names == null || names.isEmpty()) {
            return suite.corruptions();
        }
        java.util.Set<String> want = new java.util.LinkedHashSet<>();
        for (String s : names) want.add(suite.get(s.strip()).name());
        return suite.corruptions().stream().filter(c -> want.contains(c.name())).toList();
    }

    /** The severities a request selects, increasing; one outside 1..5 throws, listing them. */
    public static List<Integer> severities(List<Integer> levels) {
        if (levels == null || levels.isEmpty()) {
            return List.of(1, 2, 3, 4, 5);
        }
        java.util.TreeSet<Integer> s = new java.util.TreeSet<>();
        for (int l : levels) {
            Corruption.checkSeverity(l);
            s.add(l);
        }
        return List.copyOf(s);
    }

    /** Evaluates {@code req.model()} (and the baseline) on every selected corruption and severity. */
    public Result run(Request req) {
        Track t = req.track();
        if (!t.corruption()) {
            throw new InvalidInputException("track " + t.id() + " is not a corruption track; corruption tracks: "
                    + String.join(", ", Tracks.all().stream().filter(Track::corruption).map(Track::id).toList()));
        }
        if (req.batchSize() < 1) {
            throw new InvalidInputException("--batch-size must be >= 1, got " + req.batchSize());
        }
        Corruptions.Suite suite = Corruptions.suite(t.corruptions());
        List<Corruption> chosen = select(suite, req.corruptions());
        List<Integer> sev = severities(req.severities());
        boolean subset = chosen.size() < suite.corruptions().size() || sev.size() < Corruption.SEVERITIES;
        String baselineRef = req.baseline() != null ? req.baseline() : t.baseline();
        long t0 = System.nanoTime();
        Dataset data = Datasets.load(t.dataset(), t.split(), req.dataDir());
        int n = req.n() != null ? req.n() : Math.min(t.points(), data.size());
        Datasets.checkN(data, n);
        data = data.first(n);
        try (NDManager manager = NDManager.newBaseManager();
                Classifier model = open(manager, zoo.resolve(req.model()), req.model(), t, data);
                Classifier baseline = open(manager, zoo.resolve(baselineRef), baselineRef, t, data)) {
            boolean same = model.sha256().equals(baseline.sha256());
            CleanEvaluation.Result clean = CleanEvaluation.run(model, data, req.batchSize(), null);
            CleanEvaluation.Result baseClean = same ? clean : CleanEvaluation.run(baseline, data, req.batchSize(), null);
            log.accept(String.format(Locale.ROOT, "clean: %.2f%% (baseline %s: %.2f%%)", 100 * clean.accuracy(),
                    baselineRef, 100 * baseClean.accuracy()));
            int example = 0;
            for (int i = 0; i < n; i++) {
                if (clean.correct()[i]) {
                    example = i;
                    break;
                }
            }
            List<FileHash> files = new ArrayList<>(data.files());
            files.add(new FileHash(req.model(), model.sha256()));
            files.add(new FileHash(baselineRef, baseline.sha256()));
            Map<String, double[]> acc = new LinkedHashMap<>();
            Map<String, double[]> bacc = new LinkedHashMap<>();
            Map<String, List<CorruptionGallery.Example>> examples = new LinkedHashMap<>();
            for (Corruption c : chosen) {
                double[] a = new double[sev.size()], b = new double[sev.size()];
                List<CorruptionGallery.Example> ex = new ArrayList<>();
                for (int k = 0; k < sev.size(); k++) {
                    int s = sev.get(k);
                    long g0 = System.nanoTime();
                    CorruptionCache.Corrupted cd = cache.get(suite, c, s, data, req.seed());
                    double gen = (System.nanoTime() - g0) / 1e9;
                    files.add(cd.hash());
                    CleanEvaluation.Result r = CleanEvaluation.run(model, cd.data(), req.batchSize(), null);
                    CleanEvaluation.Result rb = same ? r : CleanEvaluation.run(baseline, cd.data(), req.batchSize(), null);
                    a[k] = r.accuracy();
                    b[k] = rb.accuracy();
                    ex.add(new CorruptionGallery.Example(s, cd.data().values(new int[] {example}),
                            r.predictions()[example]));
                    log.accept(String.format(Locale.ROOT, "%s severity %d: %.2f%% (baseline %.2f%%; images %s in %.1f s)",
                            c.name(), s, 100 * a[k], 100 * b[k], cd.generated() ? "generated" : "cached", gen));
                }
                acc.put(c.name(), a);
                bacc.put(c.name(), b);
                examples.put(c.name(), ex);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            CorruptionScores scores = CorruptionScores.of(suite.id(), Corruptions.GENERATOR_VERSION, req.seed(), sev,
                    acc, bacc, baselineRef, baseline.sha256(), baseClean.accuracy(), example);
            RunRecord record = record(req, model, data, clean, n, sev, chosen, baselineRef, seconds, files);
            ModelCard card = zoo.zooCard(req.model());
            if (card == null) {
                card = model.card();
            }
            Entry entry = entry(req, t, record, card, scores, subset, n);
            CorruptionGallery gallery = new CorruptionGallery(data.classNames(), data.sampleShape().getShape(),
                    example, data.label(example), data.values(new int[] {example}), clean.predictions()[example],
                    examples);
            return new Result(entry, record, gallery);
        }
    }

    private static Classifier open(NDManager manager, String resolved, String ref, Track t, Dataset data) {
        Classifier model;
        try {
            model = Models.open(manager, resolved, data.sampleShape());
        } catch (org.robustj.errors.ModelLoadException e) {
            String m = e.getMessage() == null ? "" : e.getMessage();
            if (m.contains("does not accept inputs") || m.contains("returns shape")) {
                throw new InvalidInputException("model " + ref + " does not fit track " + t.id() + ": " + m);
            }
            throw e;
        }
        try {
            Models.checkFits(model, data);
        } catch (InvalidInputException e) {
            model.close();
            throw new InvalidInputException("model " + ref + " does not fit track " + t.id() + " (" + t.dataset()
                    + "): " + e.getMessage());
        }
        return model;
    }

    private static RunRecord record(Request req, Classifier model, Dataset data, CleanEvaluation.Result clean, int n,
            List<Integer> sev, List<Corruption> chosen, String baselineRef, double seconds, List<FileHash> files) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("model", req.model());
        c.put("track", req.track().id());
        c.put("dataset", req.track().dataset());
        c.put("split", req.track().split());
        c.put("data_dir", req.dataDir() == null ? null : req.dataDir().toString());
        c.put("n", n);
        c.put("batch_size", req.batchSize());
        c.put("corruption_suite", req.track().corruptions());
        c.put("corruptions", chosen.stream().map(Corruption::name).toList());
        c.put("severities", sev);
        c.put("baseline", baselineRef);
        c.put("generator_version", Corruptions.GENERATOR_VERSION);
        c.put("seed", req.seed());
        c.put("command", req.command());
        List<Double> per = new ArrayList<>();
        for (double v : clean.perClassAccuracy()) per.add(Double.isNaN(v) ? null : v);
        return new RunRecord(RunRecord.SCHEMA, "corruptions", Json.tree(c),
                new RunRecord.ModelInfo(req.model(), model.card().name(), model.card().architecture(), model.sha256(),
                        model.numClasses()),
                new RunRecord.DataInfo(data.name(), data.split(), n, "first " + n), clean.accuracy(), per,
                clean.ece(), null, null, null, null, null, List.of(), true, seconds, Provenance.current(files));
    }

    private static Entry entry(Request req, Track t, RunRecord record, ModelCard card, CorruptionScores scores,
            boolean subset, int n) {
        String name = req.name() != null ? req.name() : org.robustj.benchmark.BenchmarkRunner.defaultName(req.model());
        String architecture = req.architecture() != null ? req.architecture()
                : card != null && card.architecture() != null ? card.architecture() : "unknown";
        String recipe = req.recipe() != null ? req.recipe() : LocalZoo.recipeOf(card);
        Entry.Flags flags = new Entry.Flags(false, n < t.points(), false, List.of(), subset);
        return new Entry(Entry.SCHEMA, name, req.model(), record.model().sha256(), architecture, recipe, t.id(),
                t.dataset(), t.threatModel(), null, 0, n, Entry.percent(record.cleanAccuracy()), null, null, null,
                "corruptions", List.of(), flags, null, null, Instant.now().toString(), record, null, null,
                scores.meanAccuracy(), scores.mce(), scores, null);
    }

    /**
     * Re-runs a corruption entry with the settings in its record (model, points, corruptions, severities, baseline,
     * seed) and compares clean accuracy, every cell of the model and of the baseline, and the mCE; the model must be
     * the same file (same SHA-256).
     */
    public Replay replay(Entry e, Path dataDir) {
        if (e.run() == null || e.corruptions() == null) {
            throw new InvalidInputException("entry " + e.name() + " is not a corruption entry evaluated here");
        }
        com.fasterxml.jackson.databind.JsonNode c = e.run().config();
        Track t = Tracks.get(e.track());
        List<String> names = new ArrayList<>();
        c.path("corruptions").forEach(x -> names.add(x.asText()));
        List<Integer> sev = new ArrayList<>();
        c.path("severities").forEach(x -> sev.add(x.asInt()));
        Path dir = dataDir != null ? dataDir : c.path("data_dir").isTextual() ? Path.of(c.get("data_dir").asText()) : null;
        Request req = new Request(c.path("model").asText(), t, c.path("n").asInt(e.nPoints()), e.name(),
                e.architecture(), e.trainingRecipe(), names, sev, c.path("baseline").asText(null),
                c.path("seed").asLong(0), c.path("batch_size").asInt(500), dir, "robustj benchmark --replay");
        if (c.path("generator_version").asInt(-1) != Corruptions.GENERATOR_VERSION) {
            throw new InvalidInputException("entry " + e.name() + " was made with corruption generator version "
                    + c.path("generator_version").asText("unknown") + " and this robustj generates version "
                    + Corruptions.GENERATOR_VERSION + "; replay it with robustj at commit "
                    + e.run().provenance().gitCommit());
        }
        Result r = run(req);
        if (e.modelSha256() != null && !e.modelSha256().equals(r.entry().modelSha256())) {
            throw new InvalidInputException("model " + e.model() + " has SHA-256 " + r.entry().modelSha256()
                    + " but entry " + e.name() + " was made with " + e.modelSha256() + "; a replay needs the same model file");
        }
        List<String> d = new ArrayList<>();
        Entry a = r.entry();
        if (e.cleanAcc() != a.cleanAcc()) d.add("clean accuracy " + e.cleanAcc() + " vs " + a.cleanAcc());
        if (!Objects.equals(e.corruptionsAcc(), a.corruptionsAcc())) {
            d.add("corruption accuracy " + e.corruptionsAcc() + " vs " + a.corruptionsAcc());
        }
        if (!Objects.equals(e.corruptionsMce(), a.corruptionsMce())) {
            d.add("mCE " + e.corruptionsMce() + " vs " + a.corruptionsMce());
        }
        for (String k : e.corruptions().accuracy().keySet()) {
            if (!Objects.equals(e.corruptions().accuracy().get(k), a.corruptions().accuracy().get(k))) {
                d.add(k + " " + e.corruptions().accuracy().get(k) + " vs " + a.corruptions().accuracy().get(k));
            }
            if (!Objects.equals(e.corruptions().baselineAccuracy().get(k), a.corruptions().baselineAccuracy().get(k))) {
                d.add("baseline " + k + " " + e.corruptions().baselineAccuracy().get(k) + " vs "
                        + a.corruptions().baselineAccuracy().get(k));
            }
        }
        return new Replay(e, r, d);
    }
}
