package org.robustj.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import org.robustj.attack.ensemble.Records;
import org.robustj.benchmark.BenchmarkRunner;
import org.robustj.benchmark.Entry;
import org.robustj.benchmark.Gallery;
import org.robustj.benchmark.PartialRuns;
import org.robustj.certify.CertifyRecords;
import org.robustj.cli.cluster.ClusterBackend;
import org.robustj.cli.cluster.ClusterSession;
import org.robustj.cli.cluster.PartResult;
import org.robustj.cli.cluster.PartitionRunner;
import org.robustj.cli.cluster.PartitionSpec;
import org.robustj.errors.InvalidInputException;
import org.robustj.errors.MissingCapabilityException;
import org.robustj.eval.RunRecord;
import org.robustj.io.Json;
import org.robustj.io.StateFiles;
import org.robustj.model.ModelReferences;
import org.robustj.provenance.Hashes;
import org.robustj.report.Fmt;
import org.robustj.report.RunReport;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The driver of a cluster run ({@code --spark}): cuts the first N points into partitions, ships the model file,
 * has the backend ({@link ClusterBackend}, found with {@link ServiceLoader}) run each partition as the command's
 * own partial run ({@link PartitionRunner}), writes its state after every finished partition (atomically, so a
 * killed driver resumes without redoing them), and merges the partial results with the merges of {@code robustj
 * merge} into the record, report and entry of a local run. A progress bar counts finished points.
 */
final class ClusterDriver {
    /** Options of the driver that no task gets (the value follows them). */
    static final Set<String> DRIVER_OPTIONS = Set.of("--spark", "--partitions", "--out", "--state", "--report",
            "--threads", "--entries", "--save-adversarial");

    /** Flags of the driver that no task gets. */
    static final Set<String> DRIVER_FLAGS = Set.of("--quiet");

    /** Model files shipped to executors (the others, zoo names and cards, must resolve on every executor). */
    static final List<String> SHIPPED_EXTENSIONS = List.of(".pt", ".pth", ".ts", ".onnx");

    private final CommandSpec spec;
    private final String command;
    private final ClusterOptions options;
    private final boolean quiet;
    private final PrintWriter out;
    private final PrintWriter err;

    ClusterDriver(CommandSpec spec, String command, ClusterOptions options, boolean quiet) {
        this.spec = spec;
        this.command = command;
        this.options = options;
        this.quiet = quiet;
        this.out = spec.commandLine().getOut();
        this.err = spec.commandLine().getErr();
    }

    /** The state of a cluster run: which partitions it cut and the result of each finished one. */
    public static final class State {
        /** Identity of the run (command, task arguments, model, points). */
        public String fingerprint;
        /** The partitions, as FROM:TO, in order. */
        public List<String> partitions = new ArrayList<>();
        /** The results of the finished partitions, by partition number. */
        public Map<Integer, JsonNode> done = new TreeMap<>();
    }

    /** evaluate / certify: the merged record, written to {@code outFile}, and the report. */
    int runRecord(int count, int align, Path outFile, Path stateFile, Path report) throws Exception {
        List<PartResult> parts = runParts(count, align, stateFile);
        List<RunRecord> records = new ArrayList<>();
        Gallery gallery = Gallery.empty();
        for (PartResult p : parts) {
            records.add(p.record());
            if (p.gallery() != null) {
                gallery = PartialRuns.merge(gallery, p.gallery(), BenchmarkRunner.GALLERY_SIZE);
            }
        }
        RunRecord rec = command.equals("certify") ? CertifyRecords.mergeAll(records) : Records.mergeAll(records);
        rec = withDriverConfig(rec, parts.size());
        out.println();
        out.printf("clean accuracy: %.2f%% (%d points)%n", 100 * rec.cleanAccuracy(), rec.dataset().n());
        if (rec.certification() != null) {
            RunRecord.Certification c = rec.certification();
            for (int e = 0; e < c.radii().size(); e++) {
                out.printf("certified accuracy (%s %s eps=%s): %.2f%%%n", c.method(), c.norm(),
                        EvaluateCommand.fmt(c.radii().get(e)), 100 * c.certifiedAccuracy().get(e));
            }
        } else {
            for (RunRecord.AttackSummary s : rec.attacks()) {
                out.printf("  eps %-8s after %-16s %7.2f%%  (%d broken)%n", EvaluateCommand.fmt(s.eps()), s.name(),
                        100 * s.robustAccuracyAfter(), s.broken());
            }
            for (int e = 0; e < rec.epsilons().size(); e++) {
                out.printf("robust accuracy (eps=%s): %.2f%%%n", EvaluateCommand.fmt(rec.epsilons().get(e)),
                        100 * rec.robustAccuracyByEps().get(e));
            }
        }
        if (outFile != null) {
            Json.write(outFile, rec);
            out.println("run record: " + outFile);
        }
        if (report != null) {
            RunReport.write(report, rec, command.equals("certify") ? null : gallery, null);
            out.println("report: " + report);
        }
        if (stateFile != null) {
            Files.deleteIfExists(stateFile);
        }
        out.flush();
        warnings(rec);
        return 0;
    }

    /** benchmark: the merged entry and its report, written into {@code entries}. */
    int runBenchmark(int count, Path entries, String base, Path stateFile, Path report) throws Exception {
        List<PartResult> parts = runParts(count, 1, stateFile);
        List<Entry> list = new ArrayList<>();
        Gallery gallery = Gallery.empty();
        for (PartResult p : parts) {
            list.add(p.entry());
            if (p.gallery() != null) {
                gallery = PartialRuns.merge(gallery, p.gallery(), BenchmarkRunner.GALLERY_SIZE);
            }
        }
        Entry merged = PartialRuns.mergeAll(list);
        RunRecord run = withDriverConfig(merged.run(), parts.size());
        merged = new Entry(merged.schema(), merged.name(), merged.model(), merged.modelSha256(),
                merged.architecture(), merged.trainingRecipe(), merged.track(), merged.dataset(), merged.threatModel(),
                merged.eps(), merged.epsValue(), merged.nPoints(), merged.cleanAcc(), merged.autoattackAcc(),
                merged.external(), merged.externalNote(), merged.version(), merged.attacks(), merged.flags(), null,
                null, merged.created(), run);
        Entry written = merged.writeInto(entries, base + ".html");
        Path reportFile = entries.resolve(base + ".html");
        RunReport.write(reportFile, run, gallery, written);
        if (report != null) {
            RunReport.write(report, run, gallery, written);
        }
        if (stateFile != null) {
            Files.deleteIfExists(stateFile);
        }
        out.println();
        out.printf("clean accuracy: %s%%, robust accuracy: %s%% (%d points)%n", Fmt.pct100(written.cleanAcc()),
                Fmt.pct100(written.autoattackAcc()), written.nPoints());
        if (!written.flags().labels().isEmpty()) {
            out.println("flags: " + String.join(", ", written.flags().labels()));
        }
        out.println("entry: " + entries.resolve(written.fileName()));
        out.println("report: " + reportFile + (report != null ? " and " + report : ""));
        out.println("replay: " + written.replay());
        out.flush();
        warnings(run);
        return 0;
    }

    private void warnings(RunRecord rec) {
        for (RunRecord.Warning w : rec.warnings()) {
            err.println("warning [" + w.check() + "]: " + w.message() + " (" + w.doc() + ")");
        }
        err.flush();
    }

    /** The merged record's configuration says what the driver ran: its command line and the cluster. */
    private RunRecord withDriverConfig(RunRecord r, int partitions) {
        if (!(r.config() instanceof ObjectNode c0)) {
            return r;
        }
        ObjectNode c = c0.deepCopy();
        c.remove("points"); // the merged record covers every point (a single partition's record still names them)
        c.put("command", "robustj " + String.join(" ", originalArgs()));
        ObjectNode cl = c.putObject("cluster");
        cl.put("backend", "spark");
        cl.put("master", options.spark);
        cl.put("partitions", partitions);
        return new RunRecord(r.schemaVersion(), r.kind(), c, r.model(), r.dataset(), r.cleanAccuracy(),
                r.perClassAccuracy(), r.ece(), r.robustAccuracy(), r.epsilons(), r.robustAccuracyByEps(), r.attacks(),
                r.points(), r.warnings(), r.complete(), r.seconds(), r.provenance(), r.certification());
    }

    private List<String> originalArgs() {
        return spec.commandLine().getParseResult().originalArgs();
    }

    /** Runs every partition not yet in the state and returns all the partitions' results, in order. */
    private List<PartResult> runParts(int count, int align, Path stateFile) throws Exception {
        ClusterBackend backend = backend("spark");
        if (options.partitions != null && (options.partitions < 1 || options.partitions > count)) {
            throw new InvalidInputException("--partitions must be between 1 and the " + count + " points, got "
                    + options.partitions);
        }
        List<String> args = taskArgs();
        String modelRef = value(args, "--model");
        Path shipped = shippedModel(modelRef);
        String sha = shipped == null ? null : Hashes.sha256(shipped);
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("command", command);
        f.put("args", args);
        f.put("model_sha256", sha);
        f.put("points", count);
        String fingerprint = Hashes.sha256(Json.canonical(f).getBytes(StandardCharsets.UTF_8));
        State state = StateFiles.load(stateFile, State.class, s -> s.fingerprint, fingerprint,
                "a different cluster run (command, options, model or points differ)");
        boolean failFirst = Boolean.getBoolean(PartitionRunner.FAIL_FIRST);
        String taskLog = System.getProperty(PartitionRunner.TASK_LOG);
        try (ClusterSession session = backend.open(options.spark, "robustj " + command,
                shipped == null ? List.of() : List.of(shipped))) {
            if (state == null) {
                state = new State();
                state.fingerprint = fingerprint;
                int k = options.partitions != null ? options.partitions
                        : Math.min(count, 4 * Math.max(1, session.parallelism()));
                state.partitions = partition(count, align, k);
            } else {
                out.println("resuming from " + stateFile + ": " + state.done.size() + " of " + state.partitions.size()
                        + " partitions done");
            }
            List<PartitionSpec> todo = new ArrayList<>();
            int donePoints = 0;
            for (int i = 0; i < state.partitions.size(); i++) {
                String[] r = state.partitions.get(i).split(":");
                int from = Integer.parseInt(r[0]);
                int to = Integer.parseInt(r[1]);
                if (state.done.containsKey(i)) {
                    donePoints += to - from;
                    continue;
                }
                todo.add(new PartitionSpec(i, from, to, command, args, shipped == null ? null : modelRef,
                        shipped == null ? null : shipped.getFileName().toString(), sha, failFirst, taskLog));
            }
            out.printf("spark %s: %d points in %d partitions (%d task slots), %d to run%n", options.spark, count,
                    state.partitions.size(), session.parallelism(), todo.size());
            out.flush();
            State st = state;
            int[] done = {donePoints};
            try (Progress bar = new Progress("spark", count, "pt", quiet)) {
                bar.stepTo(done[0]);
                session.run(todo, (p, json) -> {
                    try {
                        st.done.put(p.index(), Json.mapper().readTree(json));
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    StateFiles.save(stateFile, st);
                    done[0] += p.size();
                    bar.stepTo(done[0]);
                });
            }
            List<PartResult> parts = new ArrayList<>();
            for (int i = 0; i < state.partitions.size(); i++) {
                parts.add(Json.mapper().treeToValue(state.done.get(i), PartResult.class));
            }
            return parts;
        }
    }

    /** The backend named {@code name} on the classpath, or a clear error when its module is not there. */
    static ClusterBackend backend(String name) {
        for (ClusterBackend b : ServiceLoader.load(ClusterBackend.class)) {
            if (b.name().equals(name)) {
                return b;
            }
        }
        throw new MissingCapabilityException("--" + name + " needs the robustj-" + name + " module, which is not on "
                + "the classpath: run bin/robustj (it adds the module when --" + name + " is given), or spark-submit "
                + "the robustj-spark jar (docs/spark.md)");
    }

    /** K half-open ranges covering 0..count, as even as the alignment allows, boundaries on multiples of align. */
    static List<String> partition(int count, int align, int k) {
        int units = (count + align - 1) / align;
        k = Math.max(1, Math.min(k, units));
        List<String> out = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            int from = Math.min(count, align * (int) ((long) units * i / k));
            int to = i == k - 1 ? count : Math.min(count, align * (int) ((long) units * (i + 1) / k));
            out.add(from + ":" + to);
        }
        return out;
    }

    /** The command's arguments for a task: the driver's without its outputs and cluster options. */
    List<String> taskArgs() {
        List<String> all = new ArrayList<>(originalArgs());
        if (!all.isEmpty() && all.get(0).equals(command)) {
            all.remove(0);
        }
        List<String> args = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            String a = all.get(i);
            String name = a.contains("=") && a.startsWith("--") ? a.substring(0, a.indexOf('=')) : a;
            if (DRIVER_OPTIONS.contains(name)) {
                if (!a.contains("=")) i++;
                continue;
            }
            if (DRIVER_FLAGS.contains(a)) {
                continue;
            }
            args.add(a);
        }
        args.addAll(List.of("--quiet", "--threads", "1"));
        return args;
    }

    /** The value of an option in {@code args} ({@code --opt V} or {@code --opt=V}), or null. */
    static String value(List<String> args, String option) {
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals(option) && i + 1 < args.size()) return args.get(i + 1);
            if (args.get(i).startsWith(option + "=")) return args.get(i).substring(option.length() + 1);
        }
        return null;
    }

    /** The model file to ship to executors: a model file named by --model (null: a zoo name or a card). */
    private static Path shippedModel(String modelRef) {
        if (modelRef == null) {
            return null;
        }
        String resolved = ModelReferences.resolve(modelRef);
        if (resolved.startsWith("zoo:")) {
            return null;
        }
        Path p = Path.of(resolved);
        String name = p.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (!Files.isRegularFile(p) || SHIPPED_EXTENSIONS.stream().noneMatch(name::endsWith)) {
            return null;
        }
        if (!Files.isReadable(p)) {
            throw new InvalidInputException("model file " + modelRef + " cannot be read, so it cannot be shipped to "
                    + "the executors");
        }
        return p.toAbsolutePath();
    }
}
