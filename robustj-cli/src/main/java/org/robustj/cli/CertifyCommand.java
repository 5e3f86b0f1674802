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
import org.robustj.certify.CertifyRecords;
import org.robustj.certify.CertifyResult;
import org.robustj.data.Dataset;
import org.robustj.eval.RunRecord;
import org.robustj.io.Json;
import org.robustj.model.Classifier;
import org.robustj.report.RunReport;
import org.robustj.threat.Norm;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code robustj certify}: certified accuracy of a model on the first test points, by randomized smoothing
 * (a certificate for the smoothed classifier) or bound propagation (IBP, CROWN, CROWN-IBP: a certificate for
 * the network itself), written as a JSON run record with one certificate per point. A certified figure is a
 * lower bound on robust accuracy that no attack can break.
 */
@Command(name = "certify", sortOptions = false,
        description = {"Certify a model: certified accuracy at each radius, by randomized smoothing (Cohen et al. "
                + "2019) or bound propagation (IBP, CROWN, CROWN-IBP; the model's layer graph is needed: a built-in "
                + "or ONNX model).",
            "Example: robustj certify --model net.onnx --method crown --eps 0.1 --n 100 --out run.json"})
public final class CertifyCommand implements Callable<Integer> {
    /** Radii (L2) at which smoothing's certified accuracy is reported by default (Cohen et al.'s tables). */
    static final List<Double> SMOOTHING_RADII = List.of(0.0, 0.25, 0.5, 0.75, 1.0);

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = "--method", paramLabel = "METHOD", required = true,
            description = "smoothing, ibp, crown, crown-ibp or alpha-crown.")
    String method;

    @Mixin
    RunOptions run;

    @Mixin
    StateOptions state;

    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--norm", description = "linf, l2 or l1 (default: l2 for smoothing, else linf).")
    String norm;

    @Option(names = "--eps", paramLabel = "E[,E2...]", split = ",",
            description = "Radii at which certified accuracy is reported (bound methods verify at each). Default: "
                    + "0,0.25,0.5,0.75,1 for smoothing; else the data set's usual eps (as evaluate: 0.3 for mnist "
                    + "linf).")
    List<String> eps;

    @Mixin
    CertifyOptions smoothing;

    @Option(names = "--batch-size", paramLabel = "B",
            description = "Noise samples per forward pass for smoothing (default: " + CertifyStep.SMOOTHING_BATCH
                    + "), points per batch for bound methods (default: " + CertifyStep.BOUNDS_BATCH + ").")
    Integer batchSize;

    @Option(names = "--points", paramLabel = "FROM:TO",
            description = "Certify only points FROM (inclusive) to TO (exclusive) of the first N: a partial record, "
                    + "whose certificates are exactly those of the whole run when FROM and TO are multiples of the "
                    + "batch size (bound methods) or always (smoothing); join partial records with robustj merge.")
    String points;

    @Mixin
    ClusterOptions cluster;

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        // every option is checked before the engine, the data or the model is touched
        boolean smoothingLike = !org.robustj.certify.Certifiers.create(method).certifiesModel();
        Norm nrm = norm != null ? Norm.parse(norm) : smoothingLike ? Norm.L2 : Norm.LINF;
        List<Double> radii = radii(nrm, smoothingLike);
        Path statePath = state.path(run.out);
        CertifyStep step = CertifyStep.plan("--method", method, smoothing, nrm, radii, batchSize, run.seed, statePath,
                o, common.quiet);
        new Outputs().file("--out", run.out).file("--state", statePath).file("--report", run.report);
        modelOptions.check(run.model);
        int count = run.n != null ? run.n : RunOptions.DEFAULT_N;
        int[] range = points == null ? null : PointRange.parse("--points", points, count);
        if (cluster.active()) {
            cluster.refuse(points != null ? "--points" : null);
            // bound methods see exactly the whole run's batches when partitions start on multiples of the batch
            int align = step.alignment();
            return cluster.run(spec, "certify", count, align, run.out, statePath, run.report, common.quiet);
        }
        common.apply();
        try (OutputClaim claim = OutputClaim.of(run.out, statePath, command(), err)) {
            Dataset data = Inputs.data(run.dataset(), run.split, run.dataDir, null);
            org.robustj.data.Datasets.checkN(data, count);
            data = data.first(count);
            try (NDManager manager = NDManager.newBaseManager();
                    Classifier m = modelOptions.open(manager, run.model, data)) {
                step.check(m); // a method that needs the layer graph refuses an opaque model before any work
                EvaluateCommand.printNotes(err, m);
                o.printf("model %s (%s), %s %s, %d points%s; certify with %s, %s eps %s%n", run.model,
                        m.card().architecture(), data.name(), run.split, range == null ? data.size() : range.length,
                        range == null ? "" : " (" + points + " of the first " + data.size() + ")", method, nrm.id(),
                        String.join(", ", radii.stream().map(EvaluateCommand::fmt).toList()));
                o.flush();
                CertifyResult r = step.run(m, data, range);
                CertifyStep.printTable(o, r);
                RunRecord rec = CertifyRecords.of(r, m, run.model, data, Json.tree(config(count, step)), true);
                org.robustj.cli.cluster.PartSink.offer(null, rec, null);
                if (run.out != null) {
                    Json.write(run.out, rec);
                    o.println("run record: " + run.out);
                }
                if (statePath != null) {
                    Files.deleteIfExists(statePath);
                }
                if (range != null) {
                    o.println("partial record (points " + points + "): join the parts with robustj merge");
                }
                if (run.report != null) {
                    RunReport.write(run.report, rec, null, null);
                    o.println("report: " + run.report);
                }
                o.flush();
                for (RunRecord.Warning w : rec.warnings()) {
                    err.println("warning [" + w.check() + "]: " + w.message() + " (" + w.doc() + ")");
                }
                err.flush();
            }
        }
        return 0;
    }

    private List<Double> radii(Norm nrm, boolean smoothingLike) {
        if (eps == null || eps.isEmpty()) {
            return smoothingLike ? SMOOTHING_RADII : List.of(EvaluateCommand.defaultEps(run.dataset(), nrm));
        }
        List<Double> out = new ArrayList<>();
        for (String e : eps) out.add(EvaluateCommand.parseEps(e));
        return out;
    }

    private String command() {
        return "robustj " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
    }

    private Map<String, Object> config(int count, CertifyStep step) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("model", run.model);
        c.put("dataset", run.dataset());
        c.put("split", run.split);
        c.put("data_dir", run.dataDir == null ? null : run.dataDir.toString());
        c.put("n", count);
        c.put("method", method);
        c.put("norm", step.config().norm().id());
        c.put("eps", step.config().eps());
        c.put("sigma", step.config().sigma());
        c.put("n0", step.config().n0());
        c.put("samples", step.config().samples());
        c.put("alpha", step.config().alpha());
        c.put("batch_size", step.config().batchSize());
        c.put("seed", step.config().seed());
        modelOptions.recordIfSet(c);
        if (points != null) {
            c.put("points", points);
        }
        c.put("command", command());
        return c;
    }
}
