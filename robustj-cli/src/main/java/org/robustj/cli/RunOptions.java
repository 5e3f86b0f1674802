package org.robustj.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options of a run over test points that {@code evaluate}, {@code certify} and {@code diagnose} share (a
 * picocli mixin): which model, which data and how many points, the root seed, and the outputs (run record, HTML
 * report). The resumable state of the commands that have one is {@link StateOptions}. Each command applies its
 * own defaults where the option is left out.
 */
public final class RunOptions {
    /** Bundled model used when no --model is given. */
    static final String DEFAULT_MODEL = "mnist-cnn-pgd-at";

    /** Points used when no --n is given (RobustBench's command-line default). */
    static final int DEFAULT_N = 100;

    @Option(names = "--model", paramLabel = "M", defaultValue = "zoo:" + DEFAULT_MODEL,
            description = "zoo:NAME, a TorchScript .pt file, an ONNX .onnx file, or a robustj .json card; or a "
                    + "composite: ensemble:A,B,... (mean of probabilities), noise:SIGMA:M:MODEL (Gaussian input noise, "
                    + "M draws), mc-dropout:P:K:MODEL (MC dropout, K masks) (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--dataset", paramLabel = "D",
            description = "mnist, fashion-mnist, cifar10, synthetic-binary, synthetic-multiclass "
                    + "(default: the data set of a bundled model's card, else mnist).")
    String dataset;

    @Option(names = "--split", defaultValue = "test", description = "train or test (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Folder with the data set's files.")
    Path dataDir;

    @Option(names = "--n", paramLabel = "N",
            description = "Use the first N points (default: " + DEFAULT_N + ", as RobustBench's command line; "
                    + "evaluate --attacks none: all; diagnose: " + DiagnoseCommand.DEFAULT_N + ").")
    Integer n;

    @Option(names = "--seed", defaultValue = "0", description = "Root seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the JSON run record here ("
            + Outputs.FILE_RULE + "). While the run lasts, OUT.lock and STATE.lock (holding its PID) claim the "
            + "outputs: a second run with the same --out or --state is refused; a lock left by a killed run is "
            + "taken over.")
    Path out;

    @Option(names = "--report", paramLabel = "FILE.html",
            description = "Write a self-contained HTML report (charts, tables, warnings, provenance; evaluate also "
                    + "shows an adversarial image gallery; " + Outputs.FILE_RULE + ").")
    Path report;

    /** The data set: as given, else the one of a bundled model's card, else mnist. */
    String dataset() {
        return dataset != null ? dataset : EvaluateCommand.defaultDataset(model);
    }
}
