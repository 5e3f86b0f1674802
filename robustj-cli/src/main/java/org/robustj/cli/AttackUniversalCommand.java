package org.robustj.cli;

import ai.djl.ndarray.NDManager;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.robustj.attack.universal.GdUapAttack;
import org.robustj.attack.universal.GdUapConfig;
import org.robustj.attack.universal.UapAttack;
import org.robustj.attack.universal.UapConfig;
import org.robustj.attack.universal.UniversalAttack;
import org.robustj.attack.universal.UniversalAttacks;
import org.robustj.attack.universal.UniversalEvaluation;
import org.robustj.attack.universal.UniversalRecord;
import org.robustj.attack.universal.UniversalResult;
import org.robustj.data.Dataset;
import org.robustj.data.Datasets;
import org.robustj.errors.DataFormatException;
import org.robustj.errors.InvalidInputException;
import org.robustj.errors.UnknownNameException;
import org.robustj.io.Json;
import org.robustj.io.Npy;
import org.robustj.model.Classifier;
import org.robustj.provenance.Seeds;
import org.robustj.report.UniversalReport;
import org.robustj.threat.Norm;
import org.robustj.threat.ThreatModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code robustj attack-universal}: fits one universal adversarial perturbation ({@link UniversalAttacks}: uap,
 * gd-uap) on training points (or data-free) and judges it on the first N held-out test points: fooling rate,
 * accuracy under v, a random perturbation of the same size; writes the JSON record, v as .npy and the HTML report.
 * The algorithm lives in {@code org.robustj.attack.universal}; this command only reads options and prints.
 */
@Command(name = "attack-universal", sortOptions = false,
        description = {"Fit one universal adversarial perturbation v (uap: Moosavi-Dezfooli et al. 2017, DeepFool "
                + "steps over training points; gd-uap: Mopuri et al. 2018, data-free, maximises activation norms) and "
                + "report its fooling rate (predictions changed) and the accuracy under v on held-out test points.",
            "Example: robustj attack-universal --model zoo:mnist-cnn --method uap --norm linf --eps 0.2 "
                + "--save-perturbation v.npy --report r.html"})
public final class AttackUniversalCommand implements Callable<Integer> {
    /** Held-out points when no --n is given (GD-UAP's 1000 validation images). */
    static final int DEFAULT_N = 1000;

    /** Fitting points when no --n-train is given. */
    static final int DEFAULT_N_TRAIN = 1000;

    /** Held-out examples shown in the report. */
    static final int EXAMPLES = 8;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Mixin
    RunOptions run;

    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--method", paramLabel = "M", defaultValue = "uap",
            description = "uap (DeepFool-based, needs input gradients; linf, l2, l1) or gd-uap (data-free, needs a "
                    + "readable layer graph; linf) (default: ${DEFAULT-VALUE}).")
    String method;

    @Option(names = "--norm", defaultValue = "linf", description = "linf, l2 or l1 (default: ${DEFAULT-VALUE}).")
    String norm;

    @Option(names = "--eps", paramLabel = "E", description = "Radius of v (default linf: 0.2 mnist, 0.1 "
            + "fashion-mnist, 10/255 cifar10; l2/l1: evaluate's defaults).")
    String eps;

    @Option(names = "--n-train", paramLabel = "N", description = "Fitting points (uap: the points it passes over; "
            + "gd-uap: the validation points that pick its best iterate), drawn at random with the seed (default: "
            + DEFAULT_N_TRAIN + ").")
    Integer nTrain;

    @Option(names = "--fit-split", paramLabel = "S", description = "Where the fitting points come from: train, or "
            + "test (then from the test points after the first N, never the held-out ones). Default: train, or test "
            + "with a note when the training set is not on this machine.")
    String fitSplit;

    @Option(names = "--delta", paramLabel = "D", description = "uap: stop when the fooling rate on the fitting "
            + "points reaches 1 - D (default 0.2, the reference's).")
    Double delta;

    @Option(names = "--max-passes", paramLabel = "P", description = "uap: most passes over the fitting points "
            + "(default 10).")
    Integer maxPasses;

    @Option(names = "--layers", paramLabel = "a,b,...", split = ",", description = "gd-uap: layers whose activation "
            + "norms are maximised (default: every convolution's output after its ReLU).")
    List<String> layers;

    @Option(names = "--prior", paramLabel = "P", description = "gd-uap: none (data-free, the default), range "
            + "(Gaussian-noise images) or data (batches of the fitting points).")
    String prior;

    @Option(names = "--max-iterations", paramLabel = "I", description = "gd-uap: most optimiser steps (default "
            + "40000, the reference's).")
    Integer maxIterations;

    @Option(names = "--save-perturbation", paramLabel = "FILE.npy",
            description = "Write v (one input's shape, float32) as NumPy .npy (" + Outputs.FILE_RULE + ").")
    Path savePerturbation;

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        // every option is checked before the engine, the data or the model is touched
        UniversalAttack attack = configure();
        Norm nrm = Norm.parse(norm);
        UniversalAttacks.checkNorm(attack, nrm);
        String dataset = run.dataset();
        double e = eps == null ? defaultEps(dataset, nrm) : EvaluateCommand.parseEps(eps);
        ThreatModel threat = new ThreatModel(nrm, e, 0, 1);
        int n = run.n != null ? run.n : DEFAULT_N;
        int nFit = nTrain != null ? nTrain : DEFAULT_N_TRAIN;
        if (n < 1) throw new InvalidInputException("--n must be >= 1, got " + n);
        if (nFit < 1) throw new InvalidInputException("--n-train must be >= 1, got " + nFit);
        if (fitSplit != null && !fitSplit.equals("train") && !fitSplit.equals("test")) {
            throw new UnknownNameException("fit split", fitSplit, List.of("train", "test"));
        }
        modelOptions.check(run.model);
        new Outputs().file("--out", run.out).file("--report", run.report).file("--save-perturbation", savePerturbation);
        Inputs.checkModelRef(run.model);
        common.apply();

        Dataset all = Inputs.data(dataset, run.split, run.dataDir, null);
        Datasets.checkN(all, n);
        Dataset test = all.first(n);
        String split = fitSplit != null ? fitSplit : "train";
        Dataset fitPool;
        int offset = 0;
        if (split.equals(run.split)) {
            fitPool = all;
            offset = n;
        } else {
            try {
                fitPool = Datasets.load(dataset, split, run.dataDir);
            } catch (DataFormatException ex) {
                if (fitSplit != null || !split.equals("train")) throw ex;
                err.println("note: the " + dataset + " training set is not on this machine (" + ex.getMessage()
                        + "); fitting on " + run.split + " points after the first " + n + " instead, never the held-out ones");
                err.flush();
                split = run.split;
                fitPool = all;
                offset = n;
            }
        }
        int available = fitPool.size() - offset;
        if (nFit > available) {
            throw new InvalidInputException("--n-train " + nFit + " is more than the " + available + " " + dataset + " "
                    + split + " points available for fitting" + (offset > 0 ? " (after the " + n + " held-out ones)" : ""));
        }
        int[] fitIndices = draw(available, offset, nFit, run.seed);
        Dataset fit = fitPool.subset(fitIndices);
        String fitSelection = "random " + nFit + " of " + split + (offset > 0 ? " points " + offset + ".." + (fitPool.size() - 1)
                : "") + " (seed " + run.seed + ")";

        try (NDManager manager = NDManager.newBaseManager();
                Classifier m = modelOptions.open(manager, run.model, test)) {
            attack.check(m, threat); // capabilities, layers: before any work
            EvaluateCommand.printNotes(err, m);
            o.printf("model %s (%s), %s %s, %d held-out points; fitting on %d %s %s points (%s)%n", run.model,
                    m.card().architecture(), test.name(), run.split, n, nFit, dataset, split, fitSelection);
            o.printf("method %s, %s eps %s%s%n", attack.name(), nrm.id(), EvaluateCommand.fmt(e),
                    attack instanceof GdUapAttack g ? ", layers " + String.join(",", g.layers(m)) + ", prior "
                            + g.config().prior() : "");
            o.flush();
            UniversalResult r = new UniversalEvaluation(attack, threat, run.seed, line -> {
                if (!common.quiet) {
                    o.println(line);
                    o.flush();
                }
            }).run(m, fit, test);
            print(o, r, nrm);
            UniversalRecord rec = UniversalRecord.of(r, threat, m, run.model, test, "first " + n, fit, split,
                    fitSelection, fitIndices, config(e, n, nFit, split));
            if (run.out != null) {
                Json.write(run.out, rec);
                o.println("record: " + run.out);
            }
            if (savePerturbation != null) {
                Npy.writeFloats(savePerturbation, r.perturbation(), r.shape());
                o.println("perturbation: " + savePerturbation);
            }
            if (run.report != null) {
                int k = Math.min(EXAMPLES, n);
                int[] first = new int[k];
                Arrays.setAll(first, i -> i);
                UniversalReport.write(run.report, rec, test.values(first));
                o.println("report: " + run.report);
            }
            o.flush();
        }
        return 0;
    }

    /** The method with this command's settings; a setting of the other method is an error. */
    private UniversalAttack configure() {
        UniversalAttack a = UniversalAttacks.create(method);
        if (a instanceof UapAttack) {
            refuse("uap", "--layers", layers, "--prior", prior, "--max-iterations", maxIterations);
            UapConfig c = UapConfig.defaults();
            if (delta != null) c = c.withDelta(delta);
            if (maxPasses != null) c = c.withMaxPasses(maxPasses);
            return new UapAttack(c);
        }
        refuse("gd-uap", "--delta", delta, "--max-passes", maxPasses, null, null);
        GdUapConfig c = GdUapConfig.defaults().withLayers(layers);
        if (prior != null) c = c.withPrior(prior);
        if (maxIterations != null) c = c.withMaxIterations(maxIterations);
        return new GdUapAttack(c);
    }

    private static void refuse(String m, String o1, Object v1, String o2, Object v2, String o3, Object v3) {
        String given = v1 != null ? o1 : v2 != null ? o2 : v3 != null ? o3 : null;
        if (given != null) {
            throw new InvalidInputException(given + " is a setting of " + (m.equals("uap") ? "gd-uap" : "uap")
                    + ", not of --method " + m);
        }
    }

    /** n distinct indices offset..offset+available-1, a seeded random draw (the first n of a shuffle). */
    static int[] draw(int available, int offset, int n, long seed) {
        int[] idx = new int[available];
        Arrays.setAll(idx, i -> offset + i);
        SplittableRandom rng = Seeds.rng(seed, "attack-universal/fit-points");
        for (int i = 0; i < n; i++) {
            int j = i + rng.nextInt(available - i);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        return Arrays.copyOf(idx, n);
    }

    /** L∞: the small-scale reproduction's ξ (0.2 MNIST, 10/255 CIFAR-10) or evaluate's; other norms: evaluate's. */
    static double defaultEps(String dataset, Norm nrm) {
        if (nrm == Norm.LINF) {
            return dataset.startsWith("cifar") ? 10 / 255.0 : dataset.equals("fashion-mnist") ? 0.1 : 0.2;
        }
        return EvaluateCommand.defaultEps(dataset, nrm);
    }

    private void print(PrintWriter o, UniversalResult r, Norm nrm) {
        UniversalResult.Judgement t = r.test();
        o.printf(Locale.ROOT, "%nfooling rate (%d held-out points): %.2f%%%n", t.n(), 100 * t.foolingRate());
        o.printf(Locale.ROOT, "accuracy: clean %.2f%%, under v %.2f%%%n", 100 * t.cleanAccuracy(), 100 * t.accuracy());
        o.printf(Locale.ROOT, "random perturbation of the same size: fooling rate %.2f%%, accuracy %.2f%%%n",
                100 * r.randomBaseline().foolingRate(), 100 * r.randomBaseline().accuracy());
        o.printf(Locale.ROOT, "fitting points: fooling rate %.2f%%; ||v||_%s = %.5f; stopped: %s; %d model calls, %.1f s%n",
                100 * r.fit().fitFoolingRate(), nrm.id().substring(1), r.norm(), r.fit().stopReason(),
                r.fit().modelCalls(), r.seconds());
        o.flush();
    }

    private Map<String, Object> config(double e, int n, int nFit, String split) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("model", run.model);
        c.put("dataset", run.dataset());
        c.put("split", run.split);
        c.put("data_dir", run.dataDir == null ? null : run.dataDir.toString());
        c.put("n", n);
        c.put("method", method);
        c.put("norm", Norm.parse(norm).id());
        c.put("eps", e);
        c.put("n_train", nFit);
        c.put("fit_split", split);
        c.put("seed", run.seed);
        c.putAll(modelOptions.recorded());
        c.put("command", "robustj " + String.join(" ", spec.commandLine().getParseResult().originalArgs()));
        return c;
    }
}
