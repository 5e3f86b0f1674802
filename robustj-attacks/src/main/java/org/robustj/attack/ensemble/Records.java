package org.robustj.attack.ensemble;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.robustj.data.Dataset;
import org.robustj.eval.RunRecord;
import org.robustj.model.Classifier;
import org.robustj.provenance.FileHash;
import org.robustj.provenance.Provenance;

/** Turns an {@link EvaluationResult} into the JSON {@link RunRecord} that the CLI writes. */
public final class Records {
    private Records() {}

    /**
     * The run record of an evaluation; {@code complete} is false for a record written mid-run, and the record
     * is never called complete when attacks of the plan were skipped (the skipped ones are among the warnings).
     */
    public static RunRecord of(EvaluationResult r, Classifier model, String modelRef, Dataset data,
            JsonNode config, boolean complete) {
        EvaluationState.PerEps head = r.perEps().get(0);
        List<RunRecord.PointRecord> points = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            points.add(new RunRecord.PointRecord(i, data.label(i), r.clean().correct()[i], head.robust[i],
                    head.brokenBy[i], head.norm[i], head.minimalNorm[i], head.advLabel[i])
                    .withQueries(head.queries == null ? null : head.queries[i]));
        }
        List<Double> eps = new ArrayList<>();
        List<Double> acc = new ArrayList<>();
        for (int e = 0; e < r.perEps().size(); e++) {
            eps.add(r.perEps().get(e).eps);
            acc.add(r.robustAccuracy(e));
        }
        List<RunRecord.AttackSummary> attacks = new ArrayList<>();
        for (EvaluationState.PerEps pe : r.perEps()) {
            attacks.addAll(pe.summaries);
        }
        List<Double> per = new ArrayList<>();
        for (double v : r.clean().perClassAccuracy()) per.add(Double.isNaN(v) ? null : v);
        List<FileHash> files = new ArrayList<>(data.files());
        files.add(new FileHash(modelRef, model.sha256()));
        return new RunRecord(RunRecord.SCHEMA, "robust", config,
                new RunRecord.ModelInfo(modelRef, model.card().name(), model.card().architecture(), model.sha256(),
                        model.numClasses()),
                new RunRecord.DataInfo(data.name(), data.split(), data.size(), "first " + data.size()),
                r.clean().accuracy(), per, r.clean().ece(), r.robustAccuracy(), eps, acc, attacks, points,
                r.warnings(), complete && r.fullEnsemble(), r.seconds(), Provenance.current(files));
    }
}
