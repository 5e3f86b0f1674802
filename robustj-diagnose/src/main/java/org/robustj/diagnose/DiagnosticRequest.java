package org.robustj.diagnose;

import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.robustj.attack.LabeledBatch;
import org.robustj.attack.ensemble.EvaluationConfig;
import org.robustj.data.Dataset;
import org.robustj.model.Classifier;

/**
 * What a diagnostic runs on: the model, the points (a data set slice), the root seed, the evaluate-style
 * attack configuration that makes the adversarial inputs (null when none is needed), the diagnostic's own
 * {@code --option} settings, a progress listener, and optionally a folder for raw arrays (features, kernels)
 * that a user can check outside robustj. Build one with {@link #of} and the {@code with} methods.
 *
 * @param selection how the points were chosen, for the record ({@code "first 1000"})
 * @param artifacts folder for raw arrays ({@code --save-features}), or null
 * @param context extra configuration the caller wants recorded (the command line), may be empty
 */
public record DiagnosticRequest(Classifier model, Dataset points, String selection, long seed,
        EvaluationConfig attack, DiagnosticOptions options, DiagnosticListener listener, Path artifacts,
        Map<String, Object> context) {

    public DiagnosticRequest {
        if (model == null || points == null) {
            throw new IllegalArgumentException("a diagnostic needs a model and points");
        }
        selection = selection == null ? "all " + points.size() : selection;
        options = options == null ? DiagnosticOptions.none() : options;
        listener = listener == null ? DiagnosticListener.NONE : listener;
        context = context == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(context));
    }

    /** A request on every point of {@code points}, seed 0, no attack, no options. */
    public static DiagnosticRequest of(Classifier model, Dataset points) {
        return new DiagnosticRequest(model, points, null, 0, null, null, null, null, null);
    }

    /** A request on the points of a batch (copied into a data set named {@code batch}). */
    public static DiagnosticRequest of(Classifier model, LabeledBatch batch, List<String> classNames) {
        long[] shape = batch.x().getShape().getShape();
        long[] sample = java.util.Arrays.copyOfRange(shape, 1, shape.length);
        Dataset d = Dataset.ofFloats("batch", "given", new Shape(sample), batch.x().toFloatArray(),
                batch.labels().clone(), classNames, List.of());
        return of(model, d);
    }

    public DiagnosticRequest withAttack(EvaluationConfig a) {
        return new DiagnosticRequest(model, points, selection, seed, a, options, listener, artifacts, context);
    }

    public DiagnosticRequest withSeed(long s) {
        return new DiagnosticRequest(model, points, selection, s, attack, options, listener, artifacts, context);
    }

    public DiagnosticRequest withOptions(DiagnosticOptions o) {
        return new DiagnosticRequest(model, points, selection, seed, attack, o, listener, artifacts, context);
    }

    /** This request with options from a map ({@code Map.of("layers", "conv1,fc1")}). */
    public DiagnosticRequest withOptions(Map<String, String> o) {
        return withOptions(DiagnosticOptions.of(o));
    }

    public DiagnosticRequest withListener(DiagnosticListener l) {
        return new DiagnosticRequest(model, points, selection, seed, attack, options, l, artifacts, context);
    }

    public DiagnosticRequest withArtifacts(Path dir) {
        return new DiagnosticRequest(model, points, selection, seed, attack, options, listener, dir, context);
    }

    public DiagnosticRequest withSelection(String s) {
        return new DiagnosticRequest(model, points, s, seed, attack, options, listener, artifacts, context);
    }

    public DiagnosticRequest withContext(Map<String, Object> c) {
        return new DiagnosticRequest(model, points, selection, seed, attack, options, listener, artifacts, c);
    }
}
