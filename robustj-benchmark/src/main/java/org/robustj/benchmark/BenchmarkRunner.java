package org.robustj.benchmark;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.robustj.attack.ensemble.AutoEvaluation;
import org.robustj.attack.ensemble.EvaluationConfig;
import org.robustj.attack.ensemble.EvaluationListener;
import org.robustj.attack.ensemble.EvaluationResult;
import org.robustj.attack.ensemble.EvaluationState;
import org.robustj.attack.ensemble.Records;
import org.robustj.certify.CertifiedEvaluation;
import org.robustj.certify.CertifiedVsRobust;
import org.robustj.certify.Certifier;
import org.robustj.certify.Certifiers;
import org.robustj.certify.CertifyConfig;
import org.robustj.certify.CertifyRecords;
import org.robustj.certify.CertifyResult;
import org.robustj.data.Dataset;
import org.robustj.data.Datasets;
import org.robustj.errors.InvalidInputException;
import org.robustj.errors.ModelLoadException;
import org.robustj.eval.RunRecord;
import org.robustj.io.Json;
import org.robustj.model.Capabilities;
import org.robustj.model.Classifier;
import org.robustj.model.ModelCapability;
import org.robustj.model.ModelCard;
import org.robustj.model.ModelSpecs;
import org.robustj.model.Models;

/**
 * Runs a model on a track and makes its leaderboard entry: loads the track's data (first N points of the
 * split), opens the model (bundled, local zoo, file or a composite specification) and checks it fits the data,
 * runs the track's AutoAttack version ({@code rand}, with EOT, for a model that declares itself randomized:
 * {@link #version}; or, for
 * quick tests, a custom attack list, which flags the entry), and turns the
 * result into a {@link RunRecord}, an {@link Entry} and a {@link Gallery}. {@link #replay} re-runs an entry
 * from the settings stored in it and lists any number that differs.
 */
public final class BenchmarkRunner {
    /** Points shown in a report's gallery. */
    public static final int GALLERY_SIZE = 8;

    private final LocalZoo zoo;
    private final EvaluationListener listener;

    /**
     * @param zoo where {@code zoo:NAME} of a user's model is looked up
     * @param listener progress of the evaluation (may be null)
     */
    public BenchmarkRunner(LocalZoo zoo, EvaluationListener listener) {
        this.zoo = zoo;
        this.listener = listener == null ? EvaluationListener.NONE : listener;
    }

    /**
     * What to benchmark.
     *
     * @param model {@code zoo:NAME} or a model file
     * @param track the track
     * @param n points (null: the track's)
     * @param name the entry's name (null: from the model reference)
     * @param architecture architecture shown on the leaderboard (null: from the model's card)
     * @param recipe training recipe shown on the leaderboard (null: from the model's card)
     * @param external an external (adaptive) robust accuracy in percent, or null
     * @param externalNote where the external number comes from
     * @param attacks a custom attack list instead of the track's version (flags the entry), or null
     * @param attackOptions per-attack setting overrides (flag the entry when not empty)
     * @param seed root seed
     * @param batchSize batch size
     * @param dataDir folder with the data set's files (null: the default search path)
     * @param stateFile resumable state (null: none)
     * @param command the command line, kept in the run record
     * @param certify the certification method (null: the track's, none on attack-only tracks)
     * @param points the points to evaluate, increasing indices into the first n (null: all): a partial run,
     *     whose entry merges with the others of the same benchmark ({@link PartialRuns#merge})
     */
    public record Request(String model, Track track, Integer n, String name, String architecture, String recipe,
            Double external, String externalNote, List<String> attacks,
            Map<String, Map<String, Object>> attackOptions, long seed, int batchSize, Path dataDir, Path stateFile,
            String command, String certify, int[] points) {

        /** A request of every point. */
        public Request(String model, Track track, Integer n, String name, String architecture, String recipe,
                Double external, String externalNote, List<String> attacks,
                Map<String, Map<String, Object>> attackOptions, long seed, int batchSize, Path dataDir, Path stateFile,
                String command, String certify) {
            this(model, track, n, name, architecture, recipe, external, externalNote, attacks, attackOptions, seed,
                    batchSize, dataDir, stateFile, command, certify, null);
        }

        /** A request with the track's certification method, if any. */
        public Request(String model, Track track, Integer n, String name, String architecture, String recipe,
                Double external, String externalNote, List<String> attacks,
                Map<String, Map<String, Object>> attackOptions, long seed, int batchSize, Path dataDir, Path stateFile,
                String command) {
            this(model, track, n, name, architecture, recipe, external, externalNote, attacks, attackOptions, seed,
                    batchSize, dataDir, stateFile, command, null);
        }

        /** The certification method that runs: the request's, else the track's (null: none). */
        public String certifyMethod() {
            return certify != null ? certify : track.certify();
        }

        /** A copy with another certification method. */
        public Request withCertify(String method) {
            return new Request(model, track, n, name, architecture, recipe, external, externalNote, attacks,
                    attackOptions, seed, batchSize, dataDir, stateFile, command, method, points);
        }
        /** The standard request: the track's points and ensemble, seed 0, batch 500. */
        public static Request of(String model, Track track) {
            return new Request(model, track, null, null, null, null, null, null, null, Map.of(), 0, 500, null, null,
                    null);
        }

        /** A copy with another number of points. */
        public Request withN(Integer count) {
            return new Request(model, track, count, name, architecture, recipe, external, externalNote, attacks,
                    attackOptions, seed, batchSize, dataDir, stateFile, command, certify, points);
        }

        /** A copy with a custom attack list and options (for quick runs; the entry is flagged). */
        public Request withAttacks(List<String> list, Map<String, Map<String, Object>> options) {
            return new Request(model, track, n, name, architecture, recipe, external, externalNote, list,
                    options == null ? Map.of() : options, seed, batchSize, dataDir, stateFile, command, certify, points);
        }

        /** A copy that evaluates only the points {@code pts} (increasing indices into the first n; null: all). */
        public Request withPoints(int[] pts) {
            return new Request(model, track, n, name, architecture, recipe, external, externalNote, attacks,
                    attackOptions, seed, batchSize, dataDir, stateFile, command, certify, pts);
        }

        /** A copy with another entry name. */
        public Request withName(String entryName) {
            return new Request(model, track, n, entryName, architecture, recipe, external, externalNote, attacks,
                    attackOptions, seed, batchSize, dataDir, stateFile, command, certify, points);
        }
    }

    /** A finished benchmark: the entry, its run record and the gallery for its report. */
    public record Result(Entry entry, RunRecord record, Gallery gallery) {}

    /** A replayed entry and every number that came out different. */
    public record Replay(Entry original, Result replayed, List<String> differences) {
        /** Whether the replay reproduced every number. */
        public boolean identical() {
            return differences.isEmpty();
        }
    }

    /** Evaluates {@code req.model()} on {@code req.track()}. */
    public Result run(Request req) {
        Track track = req.track();
        if (track.corruption()) {
            throw new InvalidInputException("track " + track.id() + " is a corruption track: it runs no attacks "
                    + "(org.robustj.benchmark.corruption.CorruptionBenchmark runs it)");
        }
        CertifiedEvaluation certification = certification(req);
        Dataset data = Datasets.load(track.dataset(), track.split(), req.dataDir());
        int n = req.n() != null ? req.n() : Math.min(track.points(), data.size());
        Datasets.checkN(data, n);
        data = data.first(n);
        boolean custom = req.attacks() != null && !req.attacks().isEmpty();
        // the track's version here; a randomized model switches to rand once it is open (version(track, model))
        EvaluationConfig cfg = new EvaluationConfig(custom ? null : track.version(),
                custom ? req.attacks() : null, req.attackOptions(), track.norm(), List.of(track.eps()), req.seed(),
                req.batchSize());
        if (req.points() != null && certification != null) {
            throw new InvalidInputException("a benchmark with certification (track " + track.id() + ", method "
                    + req.certifyMethod() + ") does not run in parts yet: run it whole");
        }
        Dataset evaluated = req.points() == null ? data : data.subset(req.points());
        String resolved = zoo.resolve(req.model());
        try (NDManager manager = NDManager.newBaseManager(); Classifier model = open(manager, zoo, resolved, req, data)) {
            if (certification != null) {
                certification.check(model); // a bound method refuses an opaque model before any work
            }
            String version = custom ? cfg.version() : version(track, model);
            if (!version.equals(cfg.version())) {
                cfg = cfg.withVersion(version);
                org.robustj.attack.ensemble.Versions.validate(cfg); // e.g. options for an attack rand does not run
                listener.log("version " + version + " instead of the track's " + track.version() + ": " + req.model()
                        + " is randomized ("
                        + org.robustj.attack.ensemble.Versions.randDescription() + "); the entry records it");
            }
            EvaluationResult r = new AutoEvaluation(cfg, listener, req.stateFile(), true).run(model, data,
                    req.points());
            RunRecord record = Records.of(r, model, req.model(), data, Json.tree(config(req, cfg, n)), true);
            CertifyResult cr = null;
            if (certification != null) {
                listener.log("certifying with " + certification.certifier().name());
                cr = certification.run(model, data);
                List<boolean[]> robust = new ArrayList<>();
                List<String[]> by = new ArrayList<>();
                for (EvaluationState.PerEps pe : r.perEps()) {
                    robust.add(pe.robust);
                    by.add(pe.brokenBy);
                }
                record = CertifyRecords.attach(record, cr, CertifiedVsRobust.violations(cr, robust, by));
            }
            ModelCard card = zoo.zooCard(req.model());
            if (card == null) {
                card = model.card();
            }
            Entry entry = entry(req, track, cfg, r, record, card, custom || !req.attackOptions().isEmpty());
            if (cr != null) {
                entry = entry.withCertified(Entry.percent(cr.certifiedAccuracy(0)), cr.method());
            }
            return new Result(entry, record, Gallery.of(r, evaluated, GALLERY_SIZE));
        }
    }

    /** The AutoAttack version of the attack tracks. */
    static final String STANDARD = "standard";

    private static final String RAND = EvaluationConfig.RAND_VERSION;

    /**
     * The version a track runs on an opened model: the track's, except that a model declaring
     * {@link ModelCapability#RANDOMIZED} (a {@code noise:} or {@code mc-dropout:} specification, an ensemble with
     * such a member, or any model that says so) on a track of AutoAttack standard runs AutoAttack's own version
     * for randomized defences, {@code rand} (APGD-CE and APGD-DLR with EOT over
     * {@link org.robustj.attack.ensemble.Versions#RAND_EOT_ITER} draws, each success judged over several draws):
     * standard follows one draw at a time and would overestimate the robustness the track ranks.
     * The entry records the version that ran and the leaderboard shows it.
     */
    public static String version(Track track, Classifier model) {
        return version(track, Capabilities.has(model, ModelCapability.RANDOMIZED));
    }

    /**
     * The rule of {@link #version(Track, Classifier)} for a model known to be randomized or not; a caller that
     * must refuse bad options before any model is open (the CLI, from {@link ModelSpecs#randomized}) forecasts
     * with it, and {@link #run} decides again from the opened model's declared capability.
     */
    public static String version(Track track, boolean randomized) {
        return STANDARD.equals(track.version()) && randomized ? RAND : track.version();
    }

    /**
     * The certification a request asks for (null: none), validated before any data or model is read: the
     * track's norm and ε, Cohen et al.'s smoothing defaults, points in batches of at most 100 for bounds.
     */
    private static CertifiedEvaluation certification(Request req) {
        String method = req.certifyMethod();
        if (method == null) {
            return null;
        }
        Certifier c = Certifiers.create(method);
        if (!c.certifiesModel() && req.track().norm() != org.robustj.threat.Norm.L2) {
            throw new InvalidInputException("--certify " + method + " certifies L2 radii; track " + req.track().id()
                    + " is " + req.track().norm().id());
        }
        int batch = c.certifiesModel() ? Math.min(100, req.batchSize()) : 1000;
        CertifyConfig cfg = new CertifyConfig(req.track().norm(), List.of(req.track().eps()), 0.25, 100, 100_000,
                0.001, batch, req.seed());
        return new CertifiedEvaluation(c, cfg, null, null);
    }

    private static Classifier open(NDManager manager, LocalZoo zoo, String resolved, Request req, Dataset data) {
        Track t = req.track();
        String fit = String.format(Locale.ROOT, "model %s does not fit track %s (%s: samples of shape %s, %d classes)",
                req.model(), t.id(), t.dataset(), data.sampleShape(), data.numClasses());
        Classifier model;
        try {
            model = openSpec(manager, zoo, resolved, data.sampleShape());
        } catch (ModelLoadException e) {
            String m = e.getMessage() == null ? "" : e.getMessage();
            if (m.contains("does not accept inputs") || m.contains("returns shape")) {
                throw new InvalidInputException(fit + ": " + m);
            }
            throw e;
        }
        try {
            Models.checkFits(model, data);
        } catch (InvalidInputException e) {
            model.close();
            throw new InvalidInputException(fit + ": " + e.getMessage());
        }
        return model;
    }

    private static Map<String, Object> config(Request req, EvaluationConfig cfg, int n) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("model", req.model());
        c.put("track", req.track().id());
        c.put("dataset", req.track().dataset());
        c.put("split", req.track().split());
        c.put("data_dir", req.dataDir() == null ? null : req.dataDir().toString());
        c.put("n", n);
        c.put("batch_size", cfg.batchSize());
        c.put("norm", cfg.norm().id());
        c.put("perturbation_unit", cfg.norm().unit());
        c.put("eps", cfg.epsilons());
        c.put("version", cfg.version());
        c.put("attacks", cfg.attacks());
        c.put("attack_options", cfg.options());
        c.put("seed", cfg.seed());
        c.put("certify", req.certifyMethod());
        if (req.points() != null) {
            c.put("points", org.robustj.eval.RunRecord.DataInfo.ranges(req.points()));
        }
        c.put("command", req.command());
        return c;
    }

    private static Entry entry(Request req, Track track, EvaluationConfig cfg, EvaluationResult r, RunRecord record,
            ModelCard card, boolean customAttacks) {
        String name = req.name() != null ? req.name() : defaultName(req.model());
        String architecture = req.architecture() != null ? req.architecture()
                : card != null && card.architecture() != null ? card.architecture() : "unknown";
        String recipe = req.recipe() != null ? req.recipe() : LocalZoo.recipeOf(card);
        LinkedHashSet<String> warned = new LinkedHashSet<>();
        for (RunRecord.Warning w : record.warnings()) warned.add(w.check());
        Entry.Flags flags = new Entry.Flags(customAttacks, record.dataset().n() < track.points(),
                !record.complete(), new ArrayList<>(warned));
        if (req.external() != null && (req.external() < 0 || req.external() > 100)) {
            throw new InvalidInputException("--external must be a percentage between 0 and 100, got "
                    + req.external());
        }
        return new Entry(Entry.SCHEMA, name, req.model(), record.model().sha256(), architecture, recipe, track.id(),
                track.dataset(), track.threatModel(), track.epsLabel(), track.eps(), record.dataset().n(),
                Entry.percent(record.cleanAccuracy()), Entry.percent(record.robustAccuracy()), req.external(),
                req.externalNote(), cfg.version(), r.attackNames(), flags, null, null, Instant.now().toString(),
                record);
    }

    /** Opens a model specification, every plain reference inside it resolved against this runner's zoo. */
    private static Classifier openSpec(NDManager manager, LocalZoo zoo, String spec, ai.djl.ndarray.types.Shape shape) {
        return ModelSpecs.open(manager, spec, ref -> Models.open(manager, zoo.resolve(ref), shape));
    }

    /** The entry name of a model reference: {@code zoo:NAME} gives NAME, a file its name without extension. */
    public static String defaultName(String model) {
        if (model.startsWith(LocalZoo.PREFIX)) {
            return model.substring(LocalZoo.PREFIX.length());
        }
        String f = Path.of(model).getFileName().toString();
        return f.replaceFirst("\\.(pt|pth|ts|json|params)$", "");
    }

    /**
     * Re-runs an entry with the settings stored in its run record (model, track, points, attacks, seed,
     * batch size) and compares clean and robust accuracy, the accuracy after each attack and every point's
     * outcome. The model must be the same file (same SHA-256) as the entry's.
     *
     * @param dataDir folder with the data set's files, or null for the recorded one (or the default search)
     */
    public Replay replay(Entry e, Path dataDir) {
        JsonNode c = e.run().config();
        if (c == null || !c.path("model").isTextual()) {
            throw new InvalidInputException("entry " + e.name() + " has no replayable configuration in its run record");
        }
        checkSeeding(e);
        Track track = Tracks.get(e.track());
        List<String> attacks = null;
        if ("custom".equals(c.path("version").asText()) && c.path("attacks").isArray()) {
            attacks = new ArrayList<>();
            for (JsonNode a : c.get("attacks")) attacks.add(a.asText());
        }
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> options = c.path("attack_options").isObject()
                ? Json.mapper().convertValue(c.get("attack_options"), Map.class) : Map.of();
        Path dir = dataDir != null ? dataDir
                : c.path("data_dir").isTextual() ? Path.of(c.get("data_dir").asText()) : null;
        Request req = new Request(c.get("model").asText(), track, c.path("n").asInt(e.nPoints()), e.name(),
                e.architecture(), e.trainingRecipe(), e.external(), e.externalNote(), attacks, options,
                c.path("seed").asLong(0), c.path("batch_size").asInt(500), dir, null,
                "robustj benchmark --replay", c.path("certify").isTextual() ? c.get("certify").asText() : null);
        String resolved = zoo.resolve(req.model());
        checkSameModel(zoo, e, resolved, track, dir);
        Result r = run(req);
        return new Replay(e, r, differences(e, r));
    }

    /**
     * Refuses, before any work, to replay an entry whose attacks drew their random numbers with another seeding
     * scheme than this robustj's ({@link org.robustj.provenance.Seeds#SCHEME}): its per-point numbers cannot come
     * out the same, and the message says which robustj can reproduce them. Entries without attacks (certified
     * only) draw nothing from the attack seeds and replay under any scheme.
     */
    static void checkSeeding(Entry e) {
        RunRecord r = e.run();
        boolean attacked = r.attacks() != null && !r.attacks().isEmpty();
        int scheme = r.provenance() == null ? 1 : r.provenance().seedingScheme();
        if (attacked && scheme != org.robustj.provenance.Seeds.SCHEME) {
            String commit = r.provenance() == null ? "unknown" : r.provenance().gitCommit();
            throw new InvalidInputException("entry " + e.name() + " was made with seeding scheme " + scheme
                    + " (random draws per batch), and this robustj draws with scheme "
                    + org.robustj.provenance.Seeds.SCHEME + " (per point), so its per-point numbers cannot be "
                    + "reproduced here: replay it with robustj at commit " + commit + " (scheme " + scheme
                    + "), or make a new entry with robustj benchmark");
        }
    }

    private static void checkSameModel(LocalZoo zoo, Entry e, String resolved, Track track, Path dataDir) {
        if (e.modelSha256() == null) {
            return;
        }
        Dataset data = Datasets.load(track.dataset(), track.split(), dataDir);
        try (NDManager m = NDManager.newBaseManager(); Classifier model = openSpec(m, zoo, resolved, data.sampleShape())) {
            if (!e.modelSha256().equals(model.sha256())) {
                throw new InvalidInputException("model " + e.model() + " has SHA-256 " + model.sha256()
                        + " but entry " + e.name() + " was made with " + e.modelSha256()
                        + "; a replay needs the same model file");
            }
        }
    }

    private static List<String> differences(Entry e, Result r) {
        List<String> d = new ArrayList<>();
        Entry n = r.entry();
        RunRecord a = e.run();
        RunRecord b = r.record();
        if (a.cleanAccuracy() != b.cleanAccuracy()) {
            d.add(String.format(Locale.ROOT, "clean accuracy %.4f vs %.4f", a.cleanAccuracy(), b.cleanAccuracy()));
        }
        if (!java.util.Objects.equals(a.robustAccuracy(), b.robustAccuracy())) {
            d.add("robust accuracy " + a.robustAccuracy() + " vs " + b.robustAccuracy());
        }
        if (e.cleanAcc() != n.cleanAcc() || !java.util.Objects.equals(e.autoattackAcc(), n.autoattackAcc())) {
            d.add(String.format(Locale.ROOT, "entry accuracies %.2f/%.2f vs %.2f/%.2f", e.cleanAcc(),
                    e.autoattackAcc(), n.cleanAcc(), n.autoattackAcc()));
        }
        if (!java.util.Objects.equals(e.certifiedAcc(), n.certifiedAcc())) {
            d.add("certified accuracy " + e.certifiedAcc() + " vs " + n.certifiedAcc());
        }
        List<RunRecord.AttackSummary> sa = a.attacks() == null ? List.of() : a.attacks();
        List<RunRecord.AttackSummary> sb = b.attacks() == null ? List.of() : b.attacks();
        if (sa.size() != sb.size()) {
            d.add(sa.size() + " attacks vs " + sb.size());
        } else {
            for (int i = 0; i < sa.size(); i++) {
                if (!sa.get(i).name().equals(sb.get(i).name())
                        || sa.get(i).robustAccuracyAfter() != sb.get(i).robustAccuracyAfter()) {
                    d.add("after " + sa.get(i).name() + ": " + sa.get(i).robustAccuracyAfter() + " vs "
                            + sb.get(i).name() + " " + sb.get(i).robustAccuracyAfter());
                }
            }
        }
        List<RunRecord.PointRecord> pa = a.points() == null ? List.of() : a.points();
        List<RunRecord.PointRecord> pb = b.points() == null ? List.of() : b.points();
        if (pa.size() != pb.size()) {
            d.add(pa.size() + " points vs " + pb.size());
        } else {
            int differ = 0;
            for (int i = 0; i < pa.size(); i++) {
                if (pa.get(i).robust() != pb.get(i).robust() || pa.get(i).cleanCorrect() != pb.get(i).cleanCorrect()) {
                    differ++;
                }
            }
            if (differ > 0) {
                d.add(differ + " points with a different outcome");
            }
        }
        return d;
    }
}
