package org.robustj.cli;

import ai.djl.ndarray.NDManager;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.robustj.data.Dataset;
import org.robustj.eval.CleanEvaluation;
import org.robustj.eval.RunRecord;
import org.robustj.io.Json;
import org.robustj.model.Classifier;
import org.robustj.provenance.FileHash;
import org.robustj.provenance.Provenance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code robustj evaluate}: clean accuracy, per-class accuracy and calibration of a model on a data set,
 * written as a JSON run record.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Evaluate a model: clean accuracy, per-class accuracy, calibration (ECE).")
public final class EvaluateCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = "--model", paramLabel = "M", defaultValue = "zoo:mnist-cnn",
            description = "zoo:NAME, a TorchScript .pt file, or a robustj .json card (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--dataset", paramLabel = "D", defaultValue = "mnist",
            description = "Data set: mnist, fashion-mnist, cifar10, synthetic-binary, synthetic-multiclass "
                    + "(default: ${DEFAULT-VALUE}).")
    String dataset;

    @Option(names = "--split", defaultValue = "test", description = "train or test (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Folder with the data set's files.")
    Path dataDir;

    @Option(names = "--n", paramLabel = "N", description = "Evaluate the first N points (default: all).")
    Integer n;

    @Option(names = "--batch-size", paramLabel = "B", defaultValue = "500",
            description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the JSON run record here.")
    Path out;

    @Override
    public Integer call() throws Exception {
        common.apply();
        PrintWriter o = spec.commandLine().getOut();
        if (batchSize < 1) {
            throw new org.robustj.errors.InvalidInputException("--batch-size must be >= 1, got " + batchSize);
        }
        Dataset data = Inputs.data(dataset, split, dataDir, n);
        long t0 = System.nanoTime();
        try (NDManager manager = NDManager.newBaseManager();
                Classifier m = Inputs.open(manager, model, data).model()) {
            o.printf("model %s (%s), %s %s, %d points%n", model, m.card().architecture(), data.name(), split,
                    data.size());
            o.flush();
            CleanEvaluation.Result r;
            try (Progress bar = new Progress("clean", data.size(), "img", common.quiet)) {
                r = CleanEvaluation.run(m, data, batchSize, bar::stepTo);
            }
            o.printf("clean accuracy: %.2f%% (%d/%d)%n", 100 * r.accuracy(), r.correctCount(), r.n());
            o.printf("calibration error (ECE, %d bins): %.4f%n", CleanEvaluation.ECE_BINS, r.ece());
            o.println("per-class accuracy:");
            for (int c = 0; c < r.perClassAccuracy().length; c++) {
                o.printf("  %-12s %6.2f%%  (%d points)%n", CleanEvaluation.className(data.classNames(), c),
                        100 * r.perClassAccuracy()[c], r.perClassCount()[c]);
            }
            o.printf("%.0f images/s%n", r.n() / Math.max(r.seconds(), 1e-9));
            o.flush();
            if (out != null) {
                List<Double> per = new ArrayList<>();
                for (double v : r.perClassAccuracy()) per.add(Double.isNaN(v) ? null : v);
                List<FileHash> files = new ArrayList<>(data.files());
                files.add(new FileHash(model, m.sha256()));
                RunRecord rec = new RunRecord(RunRecord.SCHEMA, "clean", Json.tree(config()),
                        new RunRecord.ModelInfo(model, m.card().name(), m.card().architecture(), m.sha256(),
                                m.numClasses()),
                        new RunRecord.DataInfo(data.name(), split, data.size(), "first " + data.size()),
                        r.accuracy(), per, r.ece(), null, null, null, null, null, List.of(), true,
                        (System.nanoTime() - t0) / 1e9, Provenance.current(files));
                Json.write(out, rec);
                o.println("run record: " + out);
            }
        }
        return 0;
    }

    private java.util.Map<String, Object> config() {
        java.util.Map<String, Object> c = new java.util.LinkedHashMap<>();
        c.put("model", model);
        c.put("dataset", dataset);
        c.put("split", split);
        c.put("data_dir", dataDir == null ? null : dataDir.toString());
        c.put("n", n);
        c.put("batch_size", batchSize);
        return c;
    }
}
