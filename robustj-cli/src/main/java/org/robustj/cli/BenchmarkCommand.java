package org.robustj.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.robustj.attack.ensemble.EvaluationConfig;
import org.robustj.attack.ensemble.Versions;
import java.util.concurrent.Callable;
import org.robustj.benchmark.BenchmarkRunner;
import org.robustj.benchmark.Entry;
import org.robustj.benchmark.LocalZoo;
import org.robustj.benchmark.Track;
import org.robustj.benchmark.Tracks;
import org.robustj.errors.InvalidInputException;
import org.robustj.report.Fmt;
import org.robustj.report.RunReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code robustj benchmark}: evaluates a model on a track (fixed data, points, threat model and AutoAttack
 * version) and writes a leaderboard entry plus its HTML report into the entries folder; {@code --replay}
 * re-runs an entry and checks every number.
 */
@Command(name = "benchmark", sortOptions = false,
        description = {"Benchmark a model on a track and write a leaderboard entry (JSON) and its HTML report.",
            "Tracks: mnist-linf-0.3, mnist-l2-2.0, fashion-mnist-linf-0.1, cifar10-linf-8/255, cifar10-l2-0.5 "
                    + "(test split, first 1000 points, AutoAttack standard); sparse, certified and common-corruption "
                    + "tracks (cifar10-corruptions, mnist-corruptions: --list-corruptions).",
            "Replay an entry with --replay ENTRY.json."})
public final class BenchmarkCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    CorruptionOptions corruption;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--model", paramLabel = "M", description = "zoo:NAME (bundled or local), a TorchScript .pt "
            + "file, an ONNX .onnx file, or a robustj .json card.")
    String model;

    @Option(names = "--track", paramLabel = "T", description = "The track (see above).")
    String track;

    @Option(names = "--n", paramLabel = "N", description = "Points (default: the track's 1000; fewer flags the "
            + "entry).")
    Integer n;

    @Option(names = "--entries", paramLabel = "DIR", description = "Folder of leaderboard entries to write into ("
            + Outputs.FOLDER_RULE + ").")
    Path entries;

    @Option(names = "--report", paramLabel = "FILE.html", description = "Also write the report here (it is always "
            + "written beside the entry; " + Outputs.FILE_RULE + ").")
    Path report;

    @Option(names = "--name", description = "Entry name (default: the zoo name or file name).")
    String name;

    @Option(names = "--architecture", description = "Architecture shown on the leaderboard (default: the card's).")
    String architecture;

    @Option(names = "--recipe", description = "Training recipe shown on the leaderboard (default: the card's).")
    String recipe;

    @Option(names = "--external", paramLabel = "PCT", description = "Robust accuracy (%%) of an external adaptive "
            + "evaluation; the leaderboard ranks by it when present.")
    Double external;

    @Option(names = "--external-note", paramLabel = "TEXT", description = "Where the external number comes from.")
    String externalNote;

    @Option(names = "--attacks", paramLabel = "a,b,...", split = ",", description = "For quick runs only: a custom "
            + "attack list instead of AutoAttack standard (the entry is flagged 'custom attacks').")
    List<String> attacks;

    @Option(names = "--attack-option", paramLabel = "ATTACK.KEY=VALUE", description = "Override an attack setting "
            + "(repeatable; flags the entry).")
    List<String> attackOptions;

    @Option(names = "--seed", defaultValue = "0", description = "Root seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--batch-size", paramLabel = "B", defaultValue = "500",
            description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Folder with the data set's files.")
    Path dataDir;

    @Option(names = "--certify", paramLabel = "METHOD", description = "On a certified track, the certification "
            + "method (default: the track's, ibp); on any track, certify the points after the attacks with METHOD.")
    String certify;

    @Option(names = "--replay", paramLabel = "ENTRY.json", description = "Re-run an entry with its stored settings "
            + "and compare every number (exit 1 when one differs).")
    Path replay;

    @Option(names = "--points", paramLabel = "FROM:TO",
            description = "Evaluate only points FROM (inclusive) to TO (exclusive) of the track's first N: a partial "
                    + "entry written to --out (not into an entries folder), whose points are exactly those of the "
                    + "whole run; join the parts with robustj merge.")
    String points;

    @Option(names = "--out", paramLabel = "PART.json", description = "With --points: the partial entry ("
            + Outputs.FILE_RULE + ").")
    Path out;

    @Mixin
    ClusterOptions cluster;

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        if (corruption.list) {
            return CorruptionStep.list(o, track);
        }
        // a track ranks white-box evaluations: a query-only run (--query-only, --backend onnxruntime) measures a
        // black-box upper bound that would rank above them, and --bpda is an adaptive attack, which an entry
        // reports as --external; randomized models need no option (their specification runs version rand)
        modelOptions.refuse("benchmark", "a track ranks white-box AutoAttack figures, and a query-only run gives a "
                + "black-box upper bound (BPDA an adaptive one) that is not comparable with them; run robustj "
                + "evaluate with this option and give its robust accuracy to benchmark as --external (a randomized "
                + "model needs no option: --model noise:... or mc-dropout:... runs version rand)");
        if (replay != null) {
            if (points != null || out != null || cluster.active()) {
                throw new InvalidInputException("--replay re-runs a whole entry here; drop "
                        + (points != null ? "--points" : out != null ? "--out" : "--spark"));
            }
            return replay(o);
        }
        if (points != null) {
            if (model == null || track == null || out == null) {
                throw new InvalidInputException("benchmark --points needs --model, --track and --out PART.json");
            }
            if (entries != null || report != null) {
                throw new InvalidInputException("a partial benchmark (--points) writes its part to --out only; drop "
                        + (entries != null ? "--entries" : "--report") + " (robustj merge joins the parts)");
            }
        } else if (out != null) {
            throw new InvalidInputException("--out writes a partial entry and needs --points FROM:TO; a whole "
                    + "benchmark writes into --entries");
        } else if (model == null || track == null || entries == null) {
            throw new InvalidInputException("benchmark needs --model, --track and --entries (or --replay ENTRY.json)");
        }
        Track t = Tracks.get(track);
        if (t.corruption()) {
            return CorruptionStep.run(this, t, o);
        }
        if (corruption.corruptions != null || corruption.severities != null || corruption.baseline != null) {
            throw new InvalidInputException("--corruptions, --severities and --baseline apply to corruption tracks "
                    + "only; track " + t.id() + " is " + t.threatModel());
        }
        if (batchSize < 1) {
            throw new InvalidInputException("--batch-size must be >= 1, got " + batchSize);
        }
        Map<String, Map<String, Object>> options = EvaluateCommand.parseOptions(attackOptions);
        boolean custom = attacks != null && !attacks.isEmpty();
        // a forecast from the specification, to refuse bad options before any work; the runner decides from the
        // opened model's declared capability (and says so when it runs rand)
        String version = BenchmarkRunner.version(t, org.robustj.model.ModelSpecs.randomized(model));
        Versions.validate(new EvaluationConfig(custom ? null : version, custom ? attacks : null, options,
                t.norm(), List.of(t.eps()), seed, batchSize));
        String entryName = name != null ? name : BenchmarkRunner.defaultName(model);
        String base = Entry.baseName(t.id(), entryName);
        if (points != null) {
            return partial(o, t, options);
        }
        Path state = entries.resolve(base + ".state.json");
        new Outputs().folder("--entries", entries).file("--entries", entries.resolve(base + ".json"))
                .file("--entries", entries.resolve(base + ".html")).file("--entries", state).file("--report", report);
        if (cluster.active()) {
            if (certify != null || t.certified()) {
                throw new InvalidInputException("a benchmark with certification does not run on a cluster yet; drop "
                        + "--spark");
            }
            int count = n != null ? n : t.points();
            return cluster.runBenchmark(spec, count, entries, base, state, report, common.quiet);
        }
        common.apply();
        BenchmarkRunner.Request req = new BenchmarkRunner.Request(model, t, n, name, architecture, recipe, external,
                externalNote, attacks, options, seed, batchSize, dataDir, state,
                "robustj " + String.join(" ", spec.commandLine().getParseResult().originalArgs()), certify);
        o.printf("benchmark %s on track %s (%s %s, %s eps %s, %s)%n", model, t.id(), t.dataset(), t.split(),
                t.threatModel(), t.epsLabel(), attacks == null ? "AutoAttack " + version
                        : "custom attacks " + String.join(",", attacks));
        o.flush();
        BenchmarkRunner.Result r;
        try (EvaluateCommand.CliListener listener = new EvaluateCommand.CliListener(o, common.quiet)) {
            r = new BenchmarkRunner(LocalZoo.defaultZoo(), listener).run(req);
        }
        Entry written = r.entry().writeInto(entries, base + ".html");
        Path reportFile = entries.resolve(base + ".html");
        RunReport.write(reportFile, r.record(), r.gallery(), written);
        if (report != null) {
            RunReport.write(report, r.record(), r.gallery(), written);
        }
        Files.deleteIfExists(state);
        o.println();
        o.printf("clean accuracy: %s%%, %s robust accuracy: %s%% (%d points)%n", Fmt.pct100(written.cleanAcc()),
                attacks == null ? "AutoAttack" : "custom-attack", Fmt.pct100(written.autoattackAcc()), written.nPoints());
        if (written.certifiedAcc() != null) {
            o.printf("certified accuracy (%s): %s%%%n", written.certifyMethod(), Fmt.pct100(written.certifiedAcc()));
        }
        if (!written.flags().labels().isEmpty()) {
            o.println("flags: " + String.join(", ", written.flags().labels()));
        }
        o.println("entry: " + entries.resolve(written.fileName()));
        o.println("report: " + reportFile + (report != null ? " and " + report : ""));
        o.println("replay: " + written.replay());
        o.flush();
        // the evaluation's warnings, once, on stderr (the library no longer logs them mid-run)
        PrintWriter err = spec.commandLine().getErr();
        for (org.robustj.eval.RunRecord.Warning w : r.record().warnings()) {
            err.println("warning [" + w.check() + "]: " + w.message() + " (" + w.doc() + ")");
        }
        err.flush();
        return 0;
    }

    /** {@code --points}: a partial entry of the points FROM:TO, written to --out. */
    private int partial(PrintWriter o, Track t, Map<String, Map<String, Object>> options) throws Exception {
        Path state = Path.of(out + ".state.json");
        new Outputs().file("--out", out).file("--out", state);
        int count = n != null ? n : t.points();
        int[] range = PointRange.parse("--points", points, count);
        common.apply();
        BenchmarkRunner.Request req = new BenchmarkRunner.Request(model, t, n, name, architecture, recipe, external,
                externalNote, attacks, options, seed, batchSize, dataDir, state,
                "robustj " + String.join(" ", spec.commandLine().getParseResult().originalArgs()), certify, range);
        o.printf("benchmark %s on track %s, points %s of %d (a partial entry)%n", model, t.id(), points, count);
        o.flush();
        BenchmarkRunner.Result r;
        try (EvaluateCommand.CliListener listener = new EvaluateCommand.CliListener(o, common.quiet)) {
            r = new BenchmarkRunner(LocalZoo.defaultZoo(), listener).run(req);
        }
        r.entry().write(out);
        Files.deleteIfExists(state);
        org.robustj.cli.cluster.PartSink.offer(r.entry(), r.record(), r.gallery());
        o.printf("%nclean accuracy: %s%%, robust accuracy: %s%% (%d points)%n", Fmt.pct100(r.entry().cleanAcc()),
                Fmt.pct100(r.entry().autoattackAcc()), r.entry().nPoints());
        o.println("partial entry (points " + points + "): " + out + "; join the parts with robustj merge");
        o.flush();
        return 0;
    }

    private int replay(PrintWriter o) throws Exception {
        if (model != null || track != null) {
            throw new InvalidInputException("--replay takes its model and track from the entry; drop --model/--track");
        }
        Entry e = Entry.read(replay);
        if (e.corruptions() != null) {
            return CorruptionStep.replay(this, e, o);
        }
        new Outputs().folder("--entries", entries).file("--report", report);
        common.apply();
        o.printf("replaying %s on track %s (%d points)%n", e.name(), e.track(), e.nPoints());
        o.flush();
        BenchmarkRunner.Replay r;
        try (EvaluateCommand.CliListener listener = new EvaluateCommand.CliListener(o, common.quiet)) {
            r = new BenchmarkRunner(LocalZoo.defaultZoo(), listener).replay(e, dataDir);
        }
        Entry again = r.replayed().entry();
        o.printf("%nentry : clean %s%%, AutoAttack %s%%%nreplay: clean %s%%, AutoAttack %s%%%n",
                Fmt.pct100(e.cleanAcc()), Fmt.pct100(e.autoattackAcc()), Fmt.pct100(again.cleanAcc()),
                Fmt.pct100(again.autoattackAcc()));
        if (entries != null) {
            Entry w = again.writeInto(entries, null);
            o.println("replayed entry: " + entries.resolve(w.fileName()));
        }
        if (report != null) {
            RunReport.write(report, r.replayed().record(), r.replayed().gallery(), again);
            o.println("report: " + report);
        }
        o.flush();
        if (r.identical()) {
            o.println("replay identical: every number matches the entry");
            o.flush();
            return 0;
        }
        PrintWriter err = spec.commandLine().getErr();
        err.println("error: replay of " + replay + " differs: " + String.join("; ", r.differences()));
        err.flush();
        return 1;
    }
}
