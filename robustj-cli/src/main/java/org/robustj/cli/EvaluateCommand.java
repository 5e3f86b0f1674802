package org.robustj.cli;

import ai.djl.ndarray.NDManager;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.robustj.attack.check.SanityChecks;
import org.robustj.attack.ensemble.AutoEvaluation;
import org.robustj.attack.ensemble.EvaluationConfig;
import org.robustj.attack.ensemble.EvaluationListener;
import org.robustj.attack.ensemble.EvaluationResult;
import org.robustj.attack.ensemble.EvaluationState;
import org.robustj.attack.ensemble.Records;
import org.robustj.attack.ensemble.Versions;
import org.robustj.benchmark.BenchmarkRunner;
import org.robustj.benchmark.Gallery;
import org.robustj.certify.CertifiedVsRobust;
import org.robustj.certify.CertifyResult;
import org.robustj.data.Dataset;
import org.robustj.errors.InvalidInputException;
import org.robustj.eval.CleanEvaluation;
import org.robustj.eval.RunRecord;
import org.robustj.io.Json;
import org.robustj.io.Npy;
import org.robustj.model.Classifier;
import org.robustj.provenance.FileHash;
import org.robustj.provenance.Provenance;
import org.robustj.report.RunReport;
import org.robustj.threat.Norm;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code robustj evaluate}: clean accuracy, per-class accuracy and calibration, then the robust accuracy
 * under an AutoAttack-style ensemble (or a custom attack list) at one or more ε, written as a JSON run
 * record. With no arguments it evaluates the bundled model on MNIST at L∞ ε = 0.3.
 */
@Command(name = "evaluate", sortOptions = false,
        description = {"Evaluate a model: clean accuracy, per-class accuracy, calibration (ECE), and robust accuracy "
                + "under the AutoAttack ensemble (apgd-ce, apgd-t, fab-t, square; by default the strong version, "
                + "standard with more restarts).",
            "With no arguments: the bundled model zoo:" + EvaluateCommand.DEFAULT_MODEL + " on the first "
                + EvaluateCommand.DEFAULT_N + " MNIST test points, linf eps 0.3."})
public final class EvaluateCommand implements Callable<Integer> {
    /** Bundled model evaluated when no --model is given. */
    static final String DEFAULT_MODEL = RunOptions.DEFAULT_MODEL;

    /** Points attacked when no --n is given (RobustBench's command-line default). */
    static final int DEFAULT_N = RunOptions.DEFAULT_N;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Mixin
    RunOptions run;

    @Mixin
    StateOptions state;

    @Mixin
    AttackOptions attack;

    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--query-budget", paramLabel = "Q",
            description = "Model queries per point for the gradient-free attacks' searches, >= 1 (default with "
                    + "--version blackbox: " + Versions.DEFAULT_QUERY_BUDGET + "); never exceeded, and reported per "
                    + "point in the record.")
    Integer queryBudget;

    @Option(names = "--surrogate", paramLabel = "M2",
            description = "Transfer attacks: run " + "apgd-ce white-box on the model M2 (same inputs and classes) and "
                    + "judge its adversarial examples on --model, before the other attacks (reported as "
                    + "transfer-apgd-ce).")
    String surrogate;

    @Option(names = "--batch-size", paramLabel = "B", defaultValue = "500",
            description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--save-adversarial", paramLabel = "FILE.npy",
            description = "Write the adversarial inputs at the headline eps (clean where not broken) as float32 .npy "
                    + "(" + Outputs.FILE_RULE + ").")
    Path saveAdversarial;


    @Option(names = "--certify", paramLabel = "METHOD",
            description = "After the attacks, certify the same points with METHOD (smoothing, ibp, crown, crown-ibp, alpha-crown) at "
                    + "the same norm and eps: the record states per point clean / robust / certified, and a point "
                    + "certified but broken by an attack is reported by name (for bound methods, a certifier bug: "
                    + "exit code " + Cli.INTERNAL_ERROR + ").")
    String certify;

    @Mixin
    CertifyOptions smoothing;

    @Option(names = "--points", paramLabel = "FROM:TO",
            description = "Evaluate only points FROM (inclusive) to TO (exclusive) of the first N: a partial record, "
                    + "whose points are exactly those of the whole run; join partial records with robustj merge.")
    String points;

    @Mixin
    ClusterOptions cluster;

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        if (attack.helpAttack != null) {
            AttackHelp.print(o, attack.helpAttack);
            return 0;
        }
        // every option is checked before the engine, the data or the model is touched
        String dataset = run.dataset();
        PrintWriter err = spec.commandLine().getErr();
        if (batchSize < 1) {
            throw new InvalidInputException("--batch-size must be >= 1, got " + batchSize);
        }
        boolean cleanOnly = attack.none();
        Norm nrm = attack.parsedNorm();
        if (cleanOnly && (attack.version != null || attack.attackOptions != null || attack.eps != null)) {
            throw new InvalidInputException("--attacks none evaluates clean accuracy only; drop "
                    + (attack.version != null ? "--version" : attack.attackOptions != null ? "--attack-option"
                    : "--eps"));
        }
        List<Double> epsilons = cleanOnly ? List.of() : attack.epsilons(run.dataset(), nrm);
        if (cleanOnly && (queryBudget != null || surrogate != null)) {
            throw new InvalidInputException("--attacks none evaluates clean accuracy only; drop "
                    + (queryBudget != null ? "--query-budget" : "--surrogate"));
        }
        modelOptions.check(run.model);
        // a model known to be query-only before it is opened gets the blackbox version when none is named
        // and a randomized specification (noise:, mc-dropout:) the rand version (EOT), so that options are checked
        // against the attacks that will run
        boolean defaults = attack.version == null && attack.attacks == null;
        String v = defaults && modelOptions.forcesQueryOnly() ? EvaluationConfig.BLACKBOX_VERSION
                : defaults && !nrm.sparse() && org.robustj.model.ModelSpecs.randomized(run.model)
                        ? EvaluationConfig.RAND_VERSION : attack.version;
        EvaluationConfig cfg = cleanOnly ? null
                : new EvaluationConfig(v, attack.attacks, attack.overrides(), nrm, epsilons, run.seed, batchSize,
                        queryBudget);
        if (cfg != null) {
            Versions.validate(cfg);
        }
        if (certify != null && cleanOnly) {
            throw new InvalidInputException("--certify compares certificates with attacks, so it needs attacks; for "
                    + "certificates alone use robustj certify");
        }
        CertifyStep certifyStep = certify == null ? null : CertifyStep.plan("--certify", certify, smoothing, nrm,
                epsilons, batchSize, run.seed, null, o, common.quiet);
        Path statePath = cleanOnly ? null : state.path(run.out);
        new Outputs().file("--out", run.out).file("--state", statePath).file("--save-adversarial", saveAdversarial)
                .file("--report", run.report);
        Inputs.checkModelRef(run.model);
        if (surrogate != null) {
            Inputs.checkModelRef(surrogate);
        }
        Integer count = run.n != null ? run.n : (cleanOnly ? null : Integer.valueOf(DEFAULT_N));
        if (points != null && (cleanOnly || certify != null)) {
            throw new InvalidInputException("--points evaluates a part of the points for robustj merge; it does not "
                    + "combine with " + (cleanOnly ? "--attacks none" : "--certify"));
        }
        int[] range = points == null ? null : PointRange.parse("--points", points, count);
        boolean onCluster = cluster.active();
        if (onCluster) {
            cluster.refuse(points != null ? "--points" : saveAdversarial != null ? "--save-adversarial"
                    : certify != null ? "--certify" : cleanOnly ? "--attacks none" : null);
        }
        if (!onCluster) {
            common.apply();
        }
        // the run claims its outputs (record and state) before any work; a second run on either is refused
        try (OutputClaim claim = OutputClaim.of(run.out, statePath, command(), err)) {
            Dataset data = Inputs.data(dataset, run.split, run.dataDir, null);
            if (count != null) {
                org.robustj.data.Datasets.checkN(data, count);
                data = data.first(count);
            }
            if (onCluster) {
                return cluster.run(spec, "evaluate", count, 1, run.out, statePath, run.report, common.quiet);
            }
            return evaluate(o, err, cleanOnly, cfg, nrm, epsilons, count, data, range, statePath, certifyStep);
        }
    }

    private int evaluate(PrintWriter o, PrintWriter err, boolean cleanOnly, EvaluationConfig cfg, Norm nrm,
            List<Double> epsilons, Integer count, Dataset data, int[] range, Path statePath, CertifyStep certifyStep)
            throws Exception {
        // the points evaluated: all of data, or the --points range of it (indices into data)
        Dataset evaluated = range == null ? data : data.subset(range);
        long t0 = System.nanoTime();
        try (NDManager manager = NDManager.newBaseManager();
                Classifier m = modelOptions.open(manager, run.model, data);
                Classifier sur = surrogate == null ? null : Inputs.open(manager, surrogate, data).model()) {
            String modelDefault = EvaluationConfig.defaultVersion(m);
            if (cfg != null && attack.version == null && attack.attacks == null && !nrm.sparse()
                    && !modelDefault.equals(EvaluationConfig.DEFAULT_VERSION) && !cfg.version().equals(modelDefault)) {
                // the model turned out query-only when opened (an ONNX operator robustj's graph cannot hold), or
                // it is randomized (noise:, an ensemble with a random member): its own default version
                cfg = cfg.withVersion(modelDefault);
                Versions.validate(cfg);
            }
            if (cfg != null && cfg.version().equals(EvaluationConfig.BLACKBOX_VERSION) && attack.version == null) {
                o.println("version blackbox: the default for query-only models (" + run.model
                        + " answers logits only)");
            }
            if (cfg != null && cfg.version().equals(EvaluationConfig.RAND_VERSION) && attack.version == null) {
                o.println("version rand: the default for randomized models (" + run.model + " draws at random; "
                        + Versions.randDescription() + ")");
            }
            CliListener listener = new CliListener(o, common.quiet);
            AutoEvaluation evaluation = cleanOnly ? null
                    : new AutoEvaluation(cfg, listener, statePath, saveAdversarial != null || run.report != null
                            || org.robustj.cli.cluster.PartSink.active());
            if (evaluation != null && sur != null) {
                evaluation = evaluation.withSurrogate(sur);
            }
            if (evaluation != null) {
                evaluation.plan(m); // refuses attacks that cannot run (or need gradients it lacks), before any work
            }
            if (certifyStep != null) {
                certifyStep.check(m); // a method that needs the layer graph refuses an opaque model, before any work
            }
            printNotes(err, m); // after the checks, so that a refusal stays one line
            o.printf("model %s (%s), %s %s, %d points%s%n", run.model, m.card().architecture(), data.name(), run.split,
                    evaluated.size(), range == null ? "" : " (" + points + " of the first " + data.size() + ")");
            o.flush();
            CleanEvaluation.Result clean;
            try (Progress bar = new Progress("clean", evaluated.size(), "img", common.quiet)) {
                clean = CleanEvaluation.run(m, evaluated, batchSize, bar::stepTo);
            }
            printClean(o, clean, evaluated);
            if (cleanOnly) {
                RunRecord rec = cleanRecord(clean, m, data, t0);
                if (run.out != null) {
                    Json.write(run.out, rec);
                    o.println("run record: " + run.out);
                }
                writeReport(o, rec, null);
                o.flush();
                // the clean-only run's warnings (softmax output, model notes), once at the end on stderr
                for (RunRecord.Warning w : rec.warnings()) {
                    err.println("warning [" + w.check() + "]: " + w.message() + " (" + w.doc() + ")");
                }
                err.flush();
                return 0;
            }
            o.printf("%nrobust evaluation: %s eps %s%s, %s%n", nrm.id(),
                    String.join(", ", epsilons.stream().map(EvaluateCommand::fmt).toList()),
                    nrm.sparse() ? " (" + nrm.unit() + ")" : "", cfg.version().equals("custom")
                    ? "attacks " + String.join(",", cfg.attacks())
                    : cfg.version().equals(EvaluationConfig.SPARSE_VERSION)
                            ? "version sparse (Sparse-RS, the ensemble of the sparse threat models)"
                            : "version " + cfg.version());
            o.flush();
            EvaluationResult r;
            try {
                r = evaluation.run(m, data, range);
            } finally {
                listener.close();
            }
            printSummary(o, r, evaluated, nrm);
            if (saveAdversarial != null) {
                writeAdversarial(r, evaluated);
                o.println("adversarial inputs: " + saveAdversarial);
            }
            RunRecord rec = Records.of(r, m, run.model, data, Json.tree(config(cfg, count)), true);
            List<CertifiedVsRobust.Violation> violations = List.of();
            CertifyResult cr = null;
            if (certifyStep != null) {
                o.printf("%ncertification: %s, %s eps %s%n", certify, nrm.id(),
                        String.join(", ", epsilons.stream().map(EvaluateCommand::fmt).toList()));
                o.flush();
                cr = certifyStep.run(m, data);
                violations = CertifyStep.violations(r, cr);
                rec = CertifyStep.attach(rec, cr, violations);
                CertifyStep.printComparison(o, r, cr);
            }
            if (run.out != null) {
                Json.write(run.out, rec);
                o.println("run record: " + run.out);
                if (statePath != null) {
                    Files.deleteIfExists(statePath);
                }
            }
            if (range != null) {
                o.println("partial record (points " + points + "): join the parts with robustj merge");
            }
            Gallery gallery = Gallery.of(r, evaluated, BenchmarkRunner.GALLERY_SIZE);
            org.robustj.cli.cluster.PartSink.offer(null, rec, gallery);
            writeReport(o, rec, gallery);
            o.flush();
            // warnings once, at the end, on stderr (and in the record): seen even when stdout is captured
            for (RunRecord.Warning w : rec.warnings()) {
                err.println("warning [" + w.check() + "]: " + w.message() + " (" + w.doc() + ")");
            }
            err.flush();
            if (cr != null && cr.certifiesModel() && !violations.isEmpty()) {
                // certified <= robust is broken: never a silent number, a failed run naming the points
                err.println("error: " + violations.size() + " certificate(s) of " + certify + " refuted by attacks, "
                        + "first: " + CertifyStep.describe(violations.get(0), certify) + "; this is a bug in the "
                        + "certifier, and its certified accuracy is not a lower bound (the record keeps both results)");
                err.flush();
                return Cli.INTERNAL_ERROR;
            }
        }
        return 0;
    }

    /** The notes of what robustj chose while opening the model (ONNX Runtime, BPDA), one line each, at once. */
    static void printNotes(PrintWriter err, Classifier m) {
        for (Classifier.Note n : m.notes()) {
            if (n.check().equals("onnx-runtime") || n.check().equals("bpda")) {
                err.println("note: " + n.message());
            }
        }
        err.flush();
    }

    private String command() {
        return "robustj " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
    }

    private void writeReport(PrintWriter o, RunRecord rec, Gallery gallery) throws java.io.IOException {
        if (run.report != null) {
            RunReport.write(run.report, rec, gallery, null);
            o.println("report: " + run.report);
        }
    }

    /** Parses 0.3, 8/255 and similar; NaN and infinities (in any spelling) are rejected with the same message. */
    static double parseEps(String s) {
        double v;
        try {
            String t = s.trim();
            int slash = t.indexOf('/');
            v = slash > 0 ? Double.parseDouble(t.substring(0, slash)) / Double.parseDouble(t.substring(slash + 1))
                    : Double.parseDouble(t);
        } catch (NumberFormatException e) {
            v = Double.NaN;
        }
        if (!Double.isFinite(v)) {
            throw new InvalidInputException("--eps must be a number > 0 or a fraction like 8/255, got '" + s + "'");
        }
        return v;
    }

    /** The data set a bundled model was trained on ({@code zoo:NAME}), else mnist. */
    static String defaultDataset(String spec) {
        // a composite (ensemble:, noise:) takes the data set of its first reference
        String model = org.robustj.model.ModelSpecs.composite(spec)
                ? org.robustj.model.ModelSpecs.references(spec).get(0) : spec;
        if (model.startsWith("zoo:")) {
            String name = model.substring("zoo:".length());
            if (org.robustj.model.Models.zooNames().contains(name)) {
                return org.robustj.model.Models.zooCard(name).dataset();
            }
        }
        return "mnist";
    }

    static double defaultEps(String dataset, Norm norm) {
        boolean cifar = dataset.startsWith("cifar");
        boolean fashion = dataset.equals("fashion-mnist");
        switch (norm) {
            case LINF: return cifar ? 8 / 255.0 : fashion ? 0.1 : 0.3;
            case L2: return cifar ? 0.5 : fashion ? 1.5 : 2.0;
            case L0: return 10;
            case PATCH: return 25;
            case FRAME: return 1;
            default: return cifar ? 12 : 10;
        }
    }

    /** Parses {@code ATTACK.KEY=VALUE} overrides (values as JSON when they parse, else as text). */
    static Map<String, Map<String, Object>> parseOptions(List<String> attackOptions) {
        Map<String, Map<String, Object>> res = new LinkedHashMap<>();
        if (attackOptions == null) {
            return res;
        }
        for (String s : attackOptions) {
            int dot = s.indexOf('.');
            int eq = s.indexOf('=');
            if (dot < 1 || eq < dot + 2) {
                throw new InvalidInputException("--attack-option must look like ATTACK.KEY=VALUE, got '" + s + "'");
            }
            String a = s.substring(0, dot);
            String k = s.substring(dot + 1, eq);
            String v = s.substring(eq + 1);
            Object val;
            try {
                val = Json.mapper().readTree(v);
            } catch (java.io.IOException e) {
                val = v;
            }
            if (val instanceof com.fasterxml.jackson.databind.node.MissingNode) val = v;
            res.computeIfAbsent(a, x -> new LinkedHashMap<>()).put(k, val);
        }
        return res;
    }

    private void printClean(PrintWriter o, CleanEvaluation.Result r, Dataset data) {
        o.printf("clean accuracy: %.2f%% (%d/%d)%n", 100 * r.accuracy(), r.correctCount(), r.n());
        o.printf("calibration error (ECE, %d bins): %.4f%n", CleanEvaluation.ECE_BINS, r.ece());
        o.println("per-class accuracy:");
        for (int c = 0; c < r.perClassAccuracy().length; c++) {
            double acc = r.perClassAccuracy()[c];
            o.printf("  %-12s %7s  (%d points)%n", CleanEvaluation.className(data.classNames(), c),
                    Double.isNaN(acc) ? "n/a" : String.format(java.util.Locale.ROOT, "%.2f%%", 100 * acc),
                    r.perClassCount()[c]);
        }
        o.printf("clean inference: %.0f images/s%n", r.n() / Math.max(r.seconds(), 1e-9));
        o.flush();
    }

    private void printSummary(PrintWriter o, EvaluationResult r, Dataset data, Norm nrm) {
        o.println();
        // query-based attacks (Sparse-RS) report queries per broken point: mean and median, as their papers do
        boolean queries = r.perEps().stream().flatMap(pe -> pe.summaries.stream()).anyMatch(s -> s.meanQueries() != null);
        // the attack column fits the longest name (transfer-apgd-ce), at least the reference's 10
        int w = 10;
        for (EvaluationState.PerEps pe : r.perEps()) {
            for (RunRecord.AttackSummary s : pe.summaries) w = Math.max(w, s.name().length());
        }
        String a = "%" + w + "s";
        // randomized models (and low-entropy runs): the broken points' predictive entropy and an entropy
        // detector's AUROC against the clean points (docs/randomized.md)
        boolean entropy = r.perEps().stream().flatMap(pe -> pe.summaries.stream()).anyMatch(s -> s.entropy() != null);
        o.printf("%-10s " + a + " %16s %8s %10s %14s%s%s%n", "eps", "attack", "robust accuracy", "broken", "time",
                "model calls", queries ? String.format("  %22s", "queries mean / median") : "",
                entropy ? String.format("  %22s %7s", "entropy mean / median", "AUROC") : "");
        for (EvaluationState.PerEps pe : r.perEps()) {
            o.printf("%-10s " + a + " %15.2f%% %8s %10s %14s%n", fmt(pe.eps), "clean", 100 * r.clean().accuracy(), "",
                    "", "");
            for (RunRecord.AttackSummary s : pe.summaries) {
                o.printf("%-10s " + a + " %15.2f%% %8d %9.1fs %14d%s%s%n", fmt(pe.eps), s.name(),
                        100 * s.robustAccuracyAfter(), s.broken(), s.seconds(), s.modelCalls(), !queries ? ""
                                : s.meanQueries() == null ? String.format("  %22s", "-")
                                : String.format(java.util.Locale.ROOT, "  %22s", String.format(java.util.Locale.ROOT,
                                        "%.1f / %.1f", s.meanQueries(), s.medianQueries())),
                        !entropy ? "" : s.entropy() == null ? String.format("  %22s %7s", "-", "-")
                                : String.format(java.util.Locale.ROOT, "  %22s %7.3f", String.format(
                                        java.util.Locale.ROOT, "%.3f / %.3f", s.entropy().mean(),
                                        s.entropy().median()), s.entropy().auroc()));
            }
        }
        EvaluationState.PerEps head = r.perEps().get(0);
        if (r.config().version().equals(EvaluationConfig.BLACKBOX_VERSION) || r.config().queryBudget() != null) {
            o.println(queriesLine(head, r.config()));
        }
        float maxNorm = 0;
        for (Float f : head.norm) if (f != null) maxNorm = Math.max(maxNorm, f);
        if (nrm.sparse()) {
            o.printf("max %s perturbation: %.0f (%s), robust points: %d/%d%n", nrm.id(), maxNorm, nrm.unit(),
                    countTrue(head.robust), data.size());
        } else {
            o.printf("max %s perturbation: %.5f, robust points: %d/%d%n", nrm.id(), maxNorm,
                    countTrue(head.robust), data.size());
        }
        String partial = r.fullEnsemble() ? "" : " (partial ensemble, not complete: "
                + String.join(", ", r.skipped().stream().map(AutoEvaluation.Skipped::attack).toList())
                + " skipped; see the warnings on stderr)";
        for (int e = 0; e < r.perEps().size(); e++) {
            o.printf("robust accuracy (%s eps=%s): %.2f%%%s%n", nrm.id(), fmt(r.perEps().get(e).eps),
                    100 * r.robustAccuracy(e), partial);
        }
        o.flush();
    }

    /** Search queries per point at the headline eps: the budget, the most any point used, mean and median over broken points. */
    static String queriesLine(EvaluationState.PerEps head, EvaluationConfig cfg) {
        if (head.queries == null) {
            return "queries per point: not counted";
        }
        long max = 0;
        List<Long> broken = new ArrayList<>();
        for (int i = 0; i < head.queries.length; i++) {
            Long q = head.queries[i];
            if (q == null) return "queries per point: not counted by every attack";
            max = Math.max(max, q);
            if (!head.robust[i] && head.brokenBy[i] != null && !head.brokenBy[i].equals("clean")) broken.add(q);
        }
        int budget = cfg.queryBudget() != null ? cfg.queryBudget() : Versions.DEFAULT_QUERY_BUDGET;
        String stats = "";
        if (!broken.isEmpty()) {
            java.util.Collections.sort(broken);
            double mean = broken.stream().mapToLong(Long::longValue).average().orElse(0);
            int m = broken.size();
            double median = m % 2 == 1 ? broken.get(m / 2) : (broken.get(m / 2 - 1) + broken.get(m / 2)) / 2.0;
            stats = String.format(java.util.Locale.ROOT, ", over the %d broken points mean %.1f, median %.1f", m, mean,
                    median);
        }
        return String.format(java.util.Locale.ROOT, "queries per point (budget %d): at most %d used%s", budget, max,
                stats);
    }

    private void writeAdversarial(EvaluationResult r, Dataset data) throws java.io.IOException {
        int d = (int) data.sampleShape().size();
        float[] all = data.values(data.allIndices());
        EvaluationState.PerEps head = r.perEps().get(0);
        for (Map.Entry<Integer, float[]> e : head.adversarial.entrySet()) {
            System.arraycopy(e.getValue(), 0, all, e.getKey() * d, d);
        }
        Npy.writeFloats(saveAdversarial, all, data.batchShape(data.size()).getShape());
    }

    private RunRecord cleanRecord(CleanEvaluation.Result r, Classifier m, Dataset data, long t0) {
        List<Double> per = new ArrayList<>();
        for (double v : r.perClassAccuracy()) per.add(Double.isNaN(v) ? null : v);
        List<FileHash> files = new ArrayList<>(data.files());
        files.add(new FileHash(run.model, m.sha256()));
        return new RunRecord(RunRecord.SCHEMA, "clean", Json.tree(config(null, data.size())),
                new RunRecord.ModelInfo(run.model, m.card().name(), m.card().architecture(), m.sha256(), m.numClasses()),
                new RunRecord.DataInfo(data.name(), run.split, data.size(), "first " + data.size()),
                r.accuracy(), per, r.ece(), null, null, null, null, null, SanityChecks.clean(m, r), true,
                (System.nanoTime() - t0) / 1e9, Provenance.current(files));
    }

    private Map<String, Object> config(EvaluationConfig cfg, Integer count) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("model", run.model);
        c.put("dataset", run.dataset());
        c.put("split", run.split);
        c.put("data_dir", run.dataDir == null ? null : run.dataDir.toString());
        c.put("n", count);
        c.put("batch_size", batchSize);
        if (points != null) {
            c.put("points", points);
        }
        if (cfg != null) {
            c.put("norm", cfg.norm().id());
            c.put("perturbation_unit", cfg.norm().unit());
            c.put("eps", cfg.epsilons());
            c.put("version", cfg.version());
            c.put("attacks", cfg.attacks());
            c.put("attack_options", cfg.options());
            c.put("seed", cfg.seed());
            c.put("query_budget", cfg.queryBudget());
            c.put("surrogate", surrogate);
        }
        c.putAll(modelOptions.recorded());
        if (certify != null) {
            c.put("certify", certify);
            c.put("sigma", smoothing.sigma);
            c.put("n0", smoothing.n0);
            c.put("samples", smoothing.samples);
            c.put("alpha", smoothing.alpha);
        }
        c.put("command", command());
        return c;
    }

    private static int countTrue(boolean[] b) {
        int c = 0;
        for (boolean v : b) if (v) c++;
        return c;
    }

    static String fmt(double eps) {
        return org.robustj.threat.Epsilon.format(eps);
    }

    /** Progress bar per attack plus the reference-shaped log lines. */
    static final class CliListener implements EvaluationListener, AutoCloseable {
        private final PrintWriter out;
        private final boolean quiet;
        private Progress bar;

        CliListener(PrintWriter out, boolean quiet) {
            this.out = out;
            this.quiet = quiet;
        }

        @Override
        public void log(String line) {
            closeBar();
            out.println(line);
            out.flush();
        }

        @Override
        public void attackStarted(String attack, double eps, int points) {
            closeBar();
            bar = points > 0 ? new Progress(attack, points, "pt", quiet) : null;
        }

        @Override
        public void progress(int done, int robust) {
            if (bar != null) {
                bar.stepTo(done);
                bar.extra("robust " + robust);
            }
        }

        @Override
        public void attackFinished(String attack, double eps) {
            closeBar();
        }

        private void closeBar() {
            if (bar != null) {
                bar.close();
                bar = null;
            }
        }

        @Override
        public void close() {
            closeBar();
        }
    }

}
