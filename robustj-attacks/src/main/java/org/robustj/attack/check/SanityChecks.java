package org.robustj.attack.check;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.robustj.attack.ensemble.EvaluationConfig;
import org.robustj.attack.loss.Losses;
import org.robustj.data.Dataset;
import org.robustj.eval.CleanEvaluation;
import org.robustj.eval.RunRecord;
import org.robustj.model.Capabilities;
import org.robustj.model.Classifier;
import org.robustj.model.ModelCapability;
import org.robustj.tensor.Gradients;

/**
 * The evaluation sanity checks of the reference AutoAttack ({@code checks.py}), as code: each returns
 * warnings that name the check and link to its explanation in {@code docs/evaluation-flags.md}. Before the
 * attacks: randomized forward pass, probabilities instead of logits, zero input gradients. After: the
 * black-box Square attack breaking points that the gradient attacks missed (a sign of gradient masking).
 * The number-of-classes check happens when the attack plan is made. For a query-only model (no input
 * gradients) the zero-gradient check is skipped, with a warning that says so.
 */
public final class SanityChecks {
    /** Where the explanations live. */
    public static final String DOC = "docs/evaluation-flags.md";

    private SanityChecks() {}

    /** A warning for a check, linked to its section of the docs. */
    public static RunRecord.Warning warning(String check, String message) {
        return new RunRecord.Warning(check, message, DOC + "#" + check);
    }

    /** The warning for a model whose outputs are probabilities. */
    public static RunRecord.Warning softmaxOutput() {
        return warning("softmax-output", "the model's outputs look like probabilities (rows sum to 1); attacks "
                + "need logits: remove the final softmax (calibration is computed from these probabilities)");
    }

    /** What the model noted when it was opened (train mode, tuple output), as warnings. */
    public static List<RunRecord.Warning> modelNotes(Classifier model) {
        return model.notes().stream().map(n -> warning(n.check(), n.message())).toList();
    }

    /** The checks of a clean-only run: the model's notes and, if its outputs were probabilities, that. */
    public static List<RunRecord.Warning> clean(Classifier model, CleanEvaluation.Result clean) {
        List<RunRecord.Warning> out = new ArrayList<>(modelNotes(model));
        if (clean.probabilities()) {
            out.add(softmaxOutput());
        }
        return out;
    }

    /** Checks run on the first batch before any attack (and the model's notes). */
    public static List<RunRecord.Warning> before(Classifier model, Dataset data, EvaluationConfig cfg) {
        List<RunRecord.Warning> out = new ArrayList<>(modelNotes(model));
        int m = Math.min(data.size(), cfg.batchSize());
        int[] idx = new int[m];
        Arrays.setAll(idx, i -> i);
        try (NDManager scope = model.manager().newSubManager()) {
            NDArray x = data.batch(scope, idx);
            // the engine's generator (which a randomized model draws from) is seeded from the run's seed, so what
            // the checks report is reproducible
            ai.djl.engine.Engine.getInstance().setRandomSeed(
                    (int) org.robustj.provenance.Seeds.derive(cfg.seed(), "check/randomized-defense"));
            float[] z0 = model.logits(x).toFloatArray();
            int k = model.numClasses();
            // a model that declares random predictions (noise:, an ensemble with a random member) draws per point
            // key, so repeated passes agree: the declaration, not the passes, says it is randomized
            boolean declared = Capabilities.has(model, ModelCapability.RANDOMIZED);
            boolean eot = cfg.options().values().stream().anyMatch(o -> o.containsKey("eot_iter")
                    || o.containsKey("eot_steps"));
            if (declared && !cfg.version().equals("rand") && !eot) {
                out.add(warning("randomized-defense", model.source() + " declares random predictions: unless its "
                        + "attacks average gradients over draws (EOT: --version rand, or --attack-option "
                        + "apgd-ce.eot_iter=20), they follow one draw at a time and may overestimate robustness"));
            }
            // randomized defence: five forward passes must agree (reference: max distance of normalised logits 1e-4)
            if (!cfg.version().equals("rand") && !declared) {
                double worst = 0;
                for (int r = 0; r < 4; r++) {
                    float[] z = model.logits(x).toFloatArray();
                    worst = Math.max(worst, maxRowDistance(z0, z, k));
                }
                if (worst > 1e-4) {
                    out.add(warning("randomized-defense", String.format("the model's outputs differ between identical "
                            + "forward passes (max distance of normalised logits %.2g): it seems randomized; use "
                            + "--version rand (EOT) for a meaningful evaluation", worst)));
                }
            }
            // softmax outputs: rows in [0,1] summing to 1 (the same test as the clean evaluation's)
            if (CleanEvaluation.probabilities(z0, k, m)) {
                out.add(softmaxOutput());
            }
            // zero gradients of the loss the attacks use, on correctly classified points (the only ones attacked;
            // on a misclassified point whose label ranks third, DLR is constant 1 by construction)
            if (!Capabilities.has(model, ModelCapability.INPUT_GRADIENTS)) {
                out.add(warning("zero-gradient", "skipped: " + model.source() + " is query-only (no input "
                        + "gradients), so only gradient-free attacks can run on it"));
                return out;
            }
            int[] pred = org.robustj.attack.Inputs.argmaxChecked(model.logits(x), model.source());
            NDArray y = data.batchLabels(scope, idx);
            try (Gradients.ValueAndGradient g = Gradients.of(x, xx -> {
                NDArray z = model.logits(xx);
                return new NDList(k >= 3 ? Losses.dlr(z, y) : Losses.ce(z, y));
            })) {
                NDArray flat = g.gradient().reshape(m, -1).abs().max(new int[] {1});
                float[] maxAbs = flat.toFloatArray();
                int zero = 0;
                int correct = 0;
                for (int i = 0; i < m; i++) {
                    if (pred[i] == data.label(idx[i])) {
                        correct++;
                        if (maxAbs[i] == 0f) zero++;
                    }
                }
                if (zero > 0) {
                    out.add(warning("zero-gradient", String.format("%d of %d correctly classified points have an "
                            + "all-zero input gradient of the %s loss: gradient-based attacks are unreliable there "
                            + "(gradient masking); trust the black-box attack (Square), or, if the model quantises or rounds its "
                            + "input, run with --bpda (straight-through gradients through Round, Floor, Ceil and "
                            + "Sign; needs a layer graph: an ONNX file or a robustj model)", zero, correct,
                            k >= 3 ? "DLR" : "CE")));
                }
            }
        }
        return out;
    }

    /**
     * After the attacks: if Square lowered robust accuracy by more than 0.2 points below what the white-box
     * attacks reached, the gradients are likely masked (reference threshold alpha = 0.002).
     */
    public static List<RunRecord.Warning> after(List<RunRecord.AttackSummary> summaries, double cleanAccuracy) {
        List<RunRecord.Warning> out = new ArrayList<>();
        double before = cleanAccuracy;
        double squareGain = 0;
        boolean whiteBoxRan = false;
        for (RunRecord.AttackSummary s : summaries) {
            if (s.name().equals("square")) {
                squareGain = before - s.robustAccuracyAfter();
            } else if (!s.name().startsWith(org.robustj.attack.ensemble.TransferAttack.PREFIX)) {
                whiteBoxRan = true;
            }
            before = s.robustAccuracyAfter();
        }
        if (whiteBoxRan && squareGain > 0.002) {
            out.add(warning("square-beats-gradient", String.format("the black-box Square attack broke %.2f%% of the "
                    + "points after the gradient-based attacks failed on them: the gradients are likely masked or "
                    + "obfuscated, so gradient-based robustness figures are overestimated", 100 * squareGain)));
        }
        return out;
    }

    private static double maxRowDistance(float[] a, float[] b, int k) {
        double worst = 0;
        for (int i = 0; i < a.length / k; i++) {
            double na = 0;
            double nb = 0;
            for (int c = 0; c < k; c++) {
                na += a[i * k + c] * a[i * k + c];
                nb += b[i * k + c] * b[i * k + c];
            }
            na = Math.sqrt(Math.max(na, 1e-24));
            nb = Math.sqrt(Math.max(nb, 1e-24));
            double d = 0;
            for (int c = 0; c < k; c++) {
                double t = a[i * k + c] / na - b[i * k + c] / nb;
                d += t * t;
            }
            worst = Math.max(worst, Math.sqrt(d));
        }
        return worst;
    }
}
