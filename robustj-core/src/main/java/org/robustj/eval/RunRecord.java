package org.robustj.eval;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.robustj.provenance.Provenance;

/**
 * The JSON record of one evaluation run, written by {@code robustj evaluate --out}: configuration with
 * seeds, model and data identity, clean metrics, robust accuracy (overall, after each attack, per point),
 * warnings and provenance. Plain Java data only, so reports and leaderboards can read it without tensors.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunRecord(
        int schemaVersion,
        String kind,
        JsonNode config,
        ModelInfo model,
        DataInfo dataset,
        double cleanAccuracy,
        List<Double> perClassAccuracy,
        double ece,
        Double robustAccuracy,
        List<Double> epsilons,
        List<Double> robustAccuracyByEps,
        List<AttackSummary> attacks,
        List<PointRecord> points,
        List<Warning> warnings,
        boolean complete,
        double seconds,
        Provenance provenance) {

    /** Current schema version of run records. */
    public static final int SCHEMA = 1;

    /** Which model was evaluated. */
    public record ModelInfo(String source, String name, String architecture, String sha256, int numClasses) {}

    /** Which data: name, split, how points were chosen, and the files' hashes (in provenance). */
    public record DataInfo(String name, String split, int n, String selection) {}

    /** One attack of the ensemble: robust accuracy after it (cumulative), time, model calls, settings. */
    public record AttackSummary(String name, double eps, double robustAccuracyAfter, int broken, double seconds,
            long modelCalls, JsonNode config, Long seed) {}

    /** One point: its data-set index, label, outcome and the attack that broke it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PointRecord(int index, int label, boolean cleanCorrect, boolean robust, String brokenBy,
            Float perturbationNorm, Float minimalNorm, Integer adversarialLabel) {}

    /** A sanity-check warning with a link to its explanation. */
    public record Warning(String check, String message, String doc) {}
}
