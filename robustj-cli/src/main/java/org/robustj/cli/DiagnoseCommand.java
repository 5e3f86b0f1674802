package org.robustj.cli;

import ai.djl.ndarray.NDManager;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.robustj.attack.ensemble.EvaluationConfig;
import org.robustj.attack.ensemble.Versions;
import org.robustj.data.Dataset;
import org.robustj.diagnose.AbstractDiagnostic;
import org.robustj.diagnose.Diagnostic;
import org.robustj.diagnose.DiagnosticOptions;
import org.robustj.diagnose.DiagnosticRequest;
import org.robustj.diagnose.DiagnosticResult;
import org.robustj.diagnose.Diagnostics;
import org.robustj.diagnose.Series;
import org.robustj.diagnose.report.DiagnosticReport;
import org.robustj.errors.InvalidInputException;
import org.robustj.io.Json;
import org.robustj.model.Classifier;
import org.robustj.model.ModelCapability;
import org.robustj.threat.Norm;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code robustj diagnose NAME}: runs one registered diagnostic ({@link Diagnostics}) on a model and the first
 * test points, clean and, where it needs them, on adversarial inputs from the attacks of {@code evaluate}
 * (default: PGD, 10 steps, as the papers' reference code), and writes its JSON record and HTML report.
 */
@Command(name = "diagnose", sortOptions = false,
        description = {"Diagnose why a model is (not) robust: neural collapse and other measurements of the "
                + "representation, clean and under attack (robustj diagnose --list shows them).",
            "Example: robustj diagnose collapse --model zoo:mnist-cnn --n 1000 --out c.json --report c.html"})
public final class DiagnoseCommand implements Callable<Integer> {
    /** Points used when no --n is given. */
    static final int DEFAULT_N = 1000;

    /** PGD steps of the default attack (Su et al.'s and the papers' reference: 10 iterations). */
    static final int DEFAULT_PGD_STEPS = 10;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "The diagnostic (see --list).")
    String name;

    @Option(names = "--list", description = "List the diagnostics (name, what it measures, what it needs) and exit.")
    boolean list;

    @Mixin
    RunOptions run;

    @Mixin
    AttackOptions attack;

    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--option", paramLabel = "KEY=VALUE",
            description = "A setting of the diagnostic (repeatable), e.g. layers=conv1,fc1; --list shows each "
                    + "diagnostic's keys.")
    List<String> options;

    @Option(names = "--save-features", paramLabel = "DIR",
            description = "Write the raw arrays the diagnostic measured (per-layer features as .npy, labels) into "
                    + "DIR (" + Outputs.FOLDER_RULE + "), to check the numbers outside robustj.")
    Path saveFeatures;

    @Option(names = "--batch-size", paramLabel = "B", defaultValue = "500",
            description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        if (attack.helpAttack != null) {
            AttackHelp.print(o, attack.helpAttack);
            return 0;
        }
        if (list) {
            printList(o);
            return 0;
        }
        if (name == null) {
            throw new InvalidInputException("give a diagnostic: robustj diagnose NAME (one of "
                    + String.join(", ", Diagnostics.names()) + "; --list describes them)");
        }
        // every option is checked before the engine, the data or the model is touched
        Diagnostic d = Diagnostics.create(name);
        DiagnosticOptions opts = DiagnosticOptions.parse(options);
        opts.checkKnown("diagnose " + name, d.options().keySet());
        if (batchSize < 1) {
            throw new InvalidInputException("--batch-size must be >= 1, got " + batchSize);
        }
        EvaluationConfig cfg = attackConfig(d);
        new Outputs().file("--out", run.out).file("--report", run.report).folder("--save-features", saveFeatures);
        modelOptions.check(run.model);
        int count = run.n != null ? run.n : DEFAULT_N;
        common.apply();
        Dataset data = Inputs.data(run.dataset(), run.split, run.dataDir, count);
        try (NDManager manager = NDManager.newBaseManager();
                Classifier m = modelOptions.open(manager, run.model, data);
                CliDiagnosticListener listener = new CliDiagnosticListener(o, common.quiet)) {
            Map<String, Object> extra = new java.util.LinkedHashMap<>(Map.of("dataset", run.dataset(), "split",
                    run.split, "command", command()));
            modelOptions.recordIfSet(extra);
            DiagnosticRequest req = new DiagnosticRequest(m, data, "first " + data.size(), run.seed, cfg, opts, listener,
                    saveFeatures, extra);
            if (d instanceof AbstractDiagnostic a) {
                a.check(req); // capabilities, layer names, option values: before any attack
            }
            o.printf("model %s (%s), %s %s, %d points; diagnose %s%s%n", run.model, m.card().architecture(),
                    data.name(), run.split, data.size(), name, cfg == null ? "" : ", adversarial inputs from "
                    + (cfg.version().equals("custom") ? String.join(",", cfg.attacks()) : "version " + cfg.version())
                    + " " + cfg.norm().id() + " eps " + String.join(",", cfg.epsilons().stream()
                            .map(EvaluateCommand::fmt).toList()));
            o.flush();
            DiagnosticResult r = d.run(req);
            listener.close();
            print(o, r);
            if (run.out != null) {
                Json.write(run.out, r);
                o.println("record: " + run.out);
            }
            if (run.report != null) {
                DiagnosticReport.write(run.report, r);
                o.println("report: " + run.report);
            }
            if (saveFeatures != null) {
                o.println("features: " + saveFeatures);
            }
            o.flush();
        }
        return 0;
    }

    /** The attack of the adversarial inputs: as evaluate's options say, else PGD with the reference's settings. */
    private EvaluationConfig attackConfig(Diagnostic d) {
        boolean given = attack.attacks != null || attack.version != null || attack.attackOptions != null
                || attack.eps != null;
        if (!d.usesAttacks()) {
            if (given) {
                throw new InvalidInputException("diagnose " + d.name() + " does not attack; drop --attacks, --version, "
                        + "--attack-option and --eps");
            }
            return null;
        }
        if (!d.requiresAttack() && (!given || attack.none())) {
            return null; // adversarial inputs on request only
        }
        if (attack.none()) {
            throw new InvalidInputException("diagnose " + d.name() + " compares clean with adversarial inputs, so it "
                    + "needs an attack; drop --attacks none");
        }
        Norm nrm = attack.parsedNorm();
        List<Double> eps = attack.epsilons(run.dataset(), nrm);
        Map<String, Map<String, Object>> overrides = attack.overrides();
        List<String> attacks = attack.attacks;
        if (attacks == null && attack.version == null) {
            attacks = List.of("pgd");
            Map<String, Object> pgd = new LinkedHashMap<>();
            pgd.put("steps", DEFAULT_PGD_STEPS);
            Map<String, Object> user = overrides.getOrDefault("pgd", Map.of());
            if (!user.containsKey("step_size") && !user.containsKey("rel_step_size")) {
                // Su et al.: step 0.1 at eps 0.3 on MNIST, 2/255 at 8/255 on CIFAR-10
                pgd.put("rel_step_size", run.dataset().startsWith("cifar") ? 0.25 : 1.0 / 3);
            }
            pgd.putAll(user);
            overrides = new LinkedHashMap<>(overrides);
            overrides.put("pgd", pgd);
        }
        EvaluationConfig cfg = new EvaluationConfig(attack.version, attacks, overrides, nrm, eps, run.seed, batchSize);
        Versions.validate(cfg);
        return cfg;
    }

    private static void printList(PrintWriter o) {
        for (Diagnostic d : Diagnostics.all()) {
            o.printf("%-12s %s%n", d.name(), d.description());
            List<String> needs = d.needs().stream().filter(c -> c != ModelCapability.LOGITS)
                    .map(ModelCapability::description).sorted().toList();
            o.printf("%-12s needs %s%s%n", "", needs.isEmpty() ? "logits only" : String.join(", ", needs),
                    d.requiresAttack() ? "; attacks with --attacks/--norm/--eps (default pgd, 10 steps)"
                            : d.usesAttacks() ? "; adversarial inputs too when --attacks/--norm/--eps are given" : "");
            for (Map.Entry<String, String> e : new java.util.TreeMap<>(d.options()).entrySet()) {
                o.printf("%-12s --option %s=…  %s%n", "", e.getKey(), e.getValue());
            }
        }
        o.flush();
    }

    private static void print(PrintWriter o, DiagnosticResult r) {
        for (Series s : r.series()) {
            o.printf("%n%s (%s)%n", s.title(), s.name());
            StringBuilder h = new StringBuilder(String.format(Locale.ROOT, "  %-16s", s.axis()));
            for (String c : s.values().keySet()) h.append(String.format(Locale.ROOT, " %14s", c));
            o.println(h);
            for (int i = 0; i < s.at().size(); i++) {
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-16s", s.at().get(i)));
                for (List<Double> v : s.values().values()) {
                    Double x = v.get(i);
                    line.append(String.format(Locale.ROOT, " %14s", x == null ? "n/a" : fmt(x)));
                }
                o.println(line);
            }
        }
        o.println();
        for (Map.Entry<String, Double> e : r.summary().entrySet()) {
            o.printf("%-40s %s%n", e.getKey(), e.getValue() == null ? "n/a" : fmt(e.getValue()));
        }
        for (String n : r.notes()) {
            o.println("note: " + n);
        }
        o.printf("diagnose %s: %.1f s%n", r.diagnostic(), r.seconds());
        o.flush();
    }

    static String fmt(double v) {
        double a = Math.abs(v);
        return a != 0 && (a < 1e-3 || a >= 1e5) ? String.format(Locale.ROOT, "%.4e", v)
                : String.format(Locale.ROOT, "%.4f", v);
    }

    private String command() {
        return "robustj " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
    }
}
