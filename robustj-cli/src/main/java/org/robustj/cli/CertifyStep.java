package org.robustj.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import org.robustj.attack.ensemble.EvaluationResult;
import org.robustj.attack.ensemble.EvaluationState;
import org.robustj.certify.CertifiedEvaluation;
import org.robustj.certify.CertifiedVsRobust;
import org.robustj.certify.CertifyRecords;
import org.robustj.certify.Certifier;
import org.robustj.certify.Certifiers;
import org.robustj.certify.CertifyConfig;
import org.robustj.certify.CertifyListener;
import org.robustj.certify.CertifyResult;
import org.robustj.data.Dataset;
import org.robustj.errors.InvalidInputException;
import org.robustj.eval.RunRecord;
import org.robustj.model.Classifier;
import org.robustj.threat.Epsilon;
import org.robustj.threat.Norm;

/**
 * The certification part of a command ({@code certify}, {@code evaluate --certify}): builds and validates
 * the configuration before any work, checks the model's capability, runs with a progress bar and prints the
 * certified-accuracy table.
 */
final class CertifyStep {
    /** Cohen et al.'s certify.py batch: noise samples per forward pass. */
    static final int SMOOTHING_BATCH = 1000;

    /** Points per batch of a bound method. */
    static final int BOUNDS_BATCH = 100;

    private final Certifier certifier;
    private final CertifyConfig config;
    private final CertifiedEvaluation runner;
    private final CliListener listener;

    private CertifyStep(Certifier certifier, CertifyConfig config, Path state, CliListener listener) {
        this.certifier = certifier;
        this.config = config;
        this.listener = listener;
        this.runner = new CertifiedEvaluation(certifier, config, listener, state);
    }

    /**
     * Validates everything that needs neither model nor data: the method's name, the norm it certifies,
     * every smoothing setting and ε.
     *
     * @param option the option that named the method, for messages ({@code --method} or {@code --certify})
     * @param batchSize null: the method's default
     */
    static CertifyStep plan(String option, String method, CertifyOptions s, Norm norm, List<Double> eps,
            Integer batchSize, long seed, Path state, PrintWriter out, boolean quiet) {
        Certifier c = Certifiers.create(method);
        if (!c.certifiesModel() && norm != Norm.L2) {
            throw new InvalidInputException(option + " " + method + " certifies L2 radii; use --norm l2 (got --norm "
                    + norm.id() + ")");
        }
        int batch = batchSize != null ? batchSize : c.certifiesModel() ? BOUNDS_BATCH : SMOOTHING_BATCH;
        CertifyConfig cfg = new CertifyConfig(norm, eps, s.sigma, s.n0, s.samples, s.alpha, batch, seed);
        return new CertifyStep(c, cfg, state, new CliListener(out, quiet));
    }

    Certifier certifier() {
        return certifier;
    }

    CertifyConfig config() {
        return config;
    }

    /** The multiple of point indices partial runs must start on to give the whole run's bits. */
    int alignment() {
        return runner.alignment();
    }

    /** Refuses a model the method cannot work on, before any work. */
    void check(Classifier model) {
        runner.check(model);
    }

    /** Certifies every point of {@code data}, with a progress bar (closed at the end, whatever happens). */
    CertifyResult run(Classifier model, Dataset data) {
        return run(model, data, null);
    }

    /** Certifies the points {@code points} of {@code data} (null: all), with a progress bar. */
    CertifyResult run(Classifier model, Dataset data, int[] points) {
        try {
            return runner.run(model, data, points);
        } finally {
            listener.closeBar();
        }
    }

    /** A certified point broken by an attack, in words. */
    static String describe(CertifiedVsRobust.Violation v, String method) {
        return CertifyRecords.describe(v, method);
    }

    /** The attack run's record with the certification attached (see {@link CertifyRecords#attach}). */
    static RunRecord attach(RunRecord rec, CertifyResult cr, List<CertifiedVsRobust.Violation> violations) {
        return CertifyRecords.attach(rec, cr, violations);
    }

    /** The points certified but broken by an attack, at every ε of the run. */
    static List<CertifiedVsRobust.Violation> violations(EvaluationResult r, CertifyResult cr) {
        List<boolean[]> robust = new ArrayList<>();
        List<String[]> by = new ArrayList<>();
        for (EvaluationState.PerEps pe : r.perEps()) {
            robust.add(pe.robust);
            by.add(pe.brokenBy);
        }
        return CertifiedVsRobust.violations(cr, robust, by);
    }

    /** The comparison table of {@code evaluate --certify}: clean, robust and certified accuracy at each ε. */
    static void printComparison(PrintWriter o, EvaluationResult r, CertifyResult cr) {
        o.println();
        String head = "certified (" + cr.method() + ")";
        o.printf("%-10s %10s %10s %" + Math.max(10, head.length()) + "s%n", r.config().norm().id() + " eps", "clean",
                "robust", head);
        for (int e = 0; e < r.perEps().size(); e++) {
            o.printf(Locale.ROOT, "%-10s %9.2f%% %9.2f%% %" + (Math.max(10, head.length()) - 1) + ".2f%%%n",
                    Epsilon.format(r.perEps().get(e).eps), 100 * r.clean().accuracy(), 100 * r.robustAccuracy(e),
                    100 * cr.certifiedAccuracy(e));
        }
        if (!cr.certifiesModel()) {
            o.printf(Locale.ROOT, "%s certifies the smoothed classifier (accuracy %.2f%%, abstained on %.2f%%), the "
                    + "attacks ran on the base model%n", cr.method(), 100 * cr.predictionAccuracy(),
                    100 * cr.abstainRate());
        }
        o.flush();
    }

    /** The table: certified accuracy at each radius, and what smoothing adds (abstain rate, its accuracy). */
    static void printTable(PrintWriter o, CertifyResult r) {
        o.println();
        o.printf("%-10s %20s%n", r.config().norm().id() + " eps", "certified accuracy");
        for (int e = 0; e < r.config().eps().size(); e++) {
            o.printf(Locale.ROOT, "%-10s %19.2f%%%n", Epsilon.format(r.config().eps().get(e)), 100 * r.certifiedAccuracy(e));
        }
        o.printf(Locale.ROOT, "clean accuracy: %.2f%%%n", 100 * r.clean().accuracy());
        for (Map.Entry<String, List<Double>> f : r.figures().entrySet()) {
            List<String> at = new ArrayList<>();
            for (int e = 0; e < f.getValue().size(); e++) {
                at.add(String.format(Locale.ROOT, "%.4g at %s", f.getValue().get(e),
                        Epsilon.format(r.config().eps().get(e))));
            }
            o.println(f.getKey().replace('_', ' ') + " (mean over the points): " + String.join(", ", at));
        }
        if (!r.certifiesModel()) {
            o.printf(Locale.ROOT, "%s accuracy (the smoothed classifier): %.2f%%, abstained on %.2f%%%n", r.method(),
                    100 * r.predictionAccuracy(), 100 * r.abstainRate());
        }
        o.printf(Locale.ROOT, "certification time: %.1f s (%.3f s per point)%n", r.seconds(),
                r.seconds() / Math.max(1, r.size()));
        o.flush();
    }

    /** A progress bar over the points, with the count certified at the first ε. */
    static final class CliListener implements CertifyListener {
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
        public void started(String method, int points, int done) {
            closeBar();
            bar = new Progress(method, points, "pt", quiet);
            bar.stepTo(done);
        }

        @Override
        public void progress(int done, int certified) {
            if (bar != null) {
                bar.stepTo(done);
                bar.extra("certified " + certified);
            }
        }

        void closeBar() {
            if (bar != null) {
                bar.close();
                bar = null;
            }
        }
    }
}
