package org.robustj.attack.ensemble;

import java.util.List;
import org.robustj.eval.CleanEvaluation;
import org.robustj.eval.RunRecord;

/**
 * Outcome of an ensemble evaluation as plain Java data: the clean pass, then per ε the robust flag of every
 * point (pointwise worst case over all attacks), who broke it, perturbation norms, adversarial labels and
 * inputs, per-attack summaries, the sanity-check warnings, and the attacks of the plan that could not run
 * on the model (a non-empty {@code skipped} means the figure comes from a partial ensemble). Arrays are by
 * position; {@code points} gives each position's index in the evaluated data set of {@code dataSize} points
 * (all of them, 0..dataSize-1, unless the result is a partial one).
 */
public record EvaluationResult(
        EvaluationConfig config,
        CleanEvaluation.Result clean,
        List<EvaluationState.PerEps> perEps,
        List<RunRecord.Warning> warnings,
        List<String> attackNames,
        List<AutoEvaluation.Skipped> skipped,
        double seconds,
        int[] points,
        int dataSize) {

    /** Whether this result covers every point of the evaluated data set (not a partial result). */
    public boolean whole() {
        return points.length == dataSize;
    }

    /** Whether every attack of the plan ran (none was skipped as unable to run on the model). */
    public boolean fullEnsemble() {
        return skipped.isEmpty();
    }

    /** Robust accuracy at the i-th ε of the configuration (clean errors count as not robust). */
    public double robustAccuracy(int epsIndex) {
        boolean[] r = perEps.get(epsIndex).robust;
        int n = 0;
        for (boolean b : r) if (b) n++;
        return n / (double) r.length;
    }

    /** Robust accuracy at the headline (first) ε. */
    public double robustAccuracy() {
        return robustAccuracy(0);
    }
}
