package org.robustj.attack.universal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.robustj.data.Dataset;
import org.robustj.eval.RunRecord;
import org.robustj.io.Json;
import org.robustj.model.Classifier;
import org.robustj.provenance.FileHash;
import org.robustj.provenance.Provenance;
import org.robustj.threat.ThreatModel;

/**
 * The JSON run record of {@code robustj attack-universal} ({@code kind: attack-universal}): the configuration with
 * the seed, model and data identity (the held-out test points and, separately, the fitting points), the threat
 * model, the method and its settings, the headline numbers (fooling rate and accuracy under v on the held-out
 * points, a random perturbation of the same size beside them), the fit's trace and stop reason, v itself, each
 * held-out point's clean and perturbed prediction, and provenance as for {@code evaluate}. Plain Java data only.
 *
 * @param fitData the fitting points: data set, split, how many and which ({@code selection}), never the test points
 * @param fitIndices the data-set indices of the fitting points (in {@code fitData}'s split)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UniversalRecord(
        int schemaVersion,
        String kind,
        JsonNode config,
        RunRecord.ModelInfo model,
        RunRecord.DataInfo dataset,
        RunRecord.DataInfo fitData,
        int[] fitIndices,
        String method,
        JsonNode methodConfig,
        String norm,
        double eps,
        double lower,
        double upper,
        double foolingRate,
        double cleanAccuracy,
        double accuracyUnderPerturbation,
        double randomFoolingRate,
        double randomAccuracy,
        double fitFoolingRate,
        double perturbationNorm,
        String stopReason,
        long modelCalls,
        List<UniversalFit.Checkpoint> trace,
        long[] perturbationShape,
        float[] perturbation,
        List<UniversalResult.Point> points,
        double seconds,
        Provenance provenance) {

    /** The value of {@link #kind()}. */
    public static final String KIND = "attack-universal";

    /** Current schema version. */
    public static final int SCHEMA = 1;

    /**
     * The record of a result.
     *
     * @param modelRef the model as the user named it
     * @param test the held-out points (its selection in {@code testSelection})
     * @param fit the fitting points, their split and selection in {@code fitSplit}, {@code fitSelection}
     */
    public static UniversalRecord of(UniversalResult r, ThreatModel threat, Classifier m, String modelRef,
            Dataset test, String testSelection, Dataset fit, String fitSplit, String fitSelection, int[] fitIndices,
            Object config) {
        List<FileHash> files = new ArrayList<>(test.files());
        for (FileHash f : fit.files()) if (!files.contains(f)) files.add(f);
        files.add(new FileHash(modelRef, m.sha256()));
        return new UniversalRecord(SCHEMA, KIND, Json.tree(config),
                new RunRecord.ModelInfo(modelRef, m.card().name(), m.card().architecture(), m.sha256(), m.numClasses()),
                new RunRecord.DataInfo(test.name(), test.split(), test.size(), testSelection),
                new RunRecord.DataInfo(fit.name(), fitSplit, fit.size(), fitSelection), fitIndices.clone(), r.method(),
                Json.tree(r.config()), threat.norm().id(), threat.eps(), threat.lower(), threat.upper(),
                r.test().foolingRate(), r.test().cleanAccuracy(), r.test().accuracy(), r.randomBaseline().foolingRate(),
                r.randomBaseline().accuracy(), r.fit().fitFoolingRate(), r.norm(), r.fit().stopReason(),
                r.fit().modelCalls(), r.fit().trace(), r.shape(), r.perturbation(), r.test().points(), r.seconds(),
                Provenance.current(files));
    }
}
