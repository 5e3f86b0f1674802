package org.robustj.diagnose;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.robustj.attack.ensemble.EvaluationConfig;
import org.robustj.eval.RunRecord;
import org.robustj.io.Json;
import org.robustj.model.Classifier;
import org.robustj.provenance.FileHash;
import org.robustj.provenance.Provenance;

/**
 * The JSON record of one diagnostic run ({@code robustj diagnose NAME --out r.json}), plain Java data that the
 * report draws without tensors: the configuration (options, attack, seed, the command), model and data
 * identity, the headline numbers by name in {@code summary} ({@code nc1.adversarial.last_layer}), every
 * measured quantity as a {@link Series} (per layer, per radius, clean and adversarial), diagnostic-specific
 * {@code details}, notes, time and provenance as in the other run records.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DiagnosticResult(
        int schemaVersion,
        String kind,
        String diagnostic,
        String description,
        JsonNode config,
        RunRecord.ModelInfo model,
        RunRecord.DataInfo dataset,
        Map<String, Double> summary,
        List<Series> series,
        JsonNode details,
        List<String> notes,
        double seconds,
        Provenance provenance) {

    /** Current schema version of diagnostic records. */
    public static final int SCHEMA = 1;

    /** The {@code kind} of every diagnostic record. */
    public static final String KIND = "diagnose";

    public DiagnosticResult {
        Map<String, Double> s = new LinkedHashMap<>();
        summary.forEach((k, v) -> s.put(k, v == null || !Double.isFinite(v) ? null : v));
        summary = java.util.Collections.unmodifiableMap(s);
        series = List.copyOf(series);
        notes = List.copyOf(notes);
    }

    /** The series called {@code name}. */
    public Series series(String name) {
        for (Series s : series) {
            if (s.name().equals(name)) return s;
        }
        throw new IllegalArgumentException("no series " + name + "; have "
                + series.stream().map(Series::name).toList());
    }

    /** A headline number by name, NaN when undefined. */
    public double number(String name) {
        if (!summary.containsKey(name)) {
            throw new IllegalArgumentException("no number " + name + "; have " + summary.keySet());
        }
        Double d = summary.get(name);
        return d == null ? Double.NaN : d;
    }

    /** Reads a record written by {@code --out}. */
    public static DiagnosticResult read(java.nio.file.Path file) throws java.io.IOException {
        return Json.mapper().readValue(file.toFile(), DiagnosticResult.class);
    }

    /** A builder for the diagnostic {@code d} run on {@code request}; the clock starts now. */
    public static Builder builder(Diagnostic d, DiagnosticRequest request) {
        return new Builder(d, request);
    }

    /** The configuration a request stands for, as recorded (also used by experiments). */
    public static Map<String, Object> config(DiagnosticRequest r, boolean withAttack) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("model", r.model().source());
        c.put("n", r.points().size());
        c.put("selection", r.selection());
        c.put("seed", r.seed());
        c.put("options", r.options().asMap());
        if (withAttack && r.attack() != null) {
            c.put("attack", attackConfig(r.attack()));
        }
        c.putAll(r.context());
        return c;
    }

    /** An attack configuration as recorded. */
    public static Map<String, Object> attackConfig(EvaluationConfig a) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("norm", a.norm().id());
        c.put("eps", a.epsilons());
        c.put("version", a.version());
        c.put("attacks", a.attacks());
        c.put("attack_options", a.options());
        c.put("seed", a.seed());
        c.put("batch_size", a.batchSize());
        return c;
    }

    /** Collects a result's numbers while a diagnostic runs. */
    public static final class Builder {
        private final Diagnostic diagnostic;
        private final DiagnosticRequest request;
        private final long t0 = System.nanoTime();
        private final Map<String, Double> summary = new LinkedHashMap<>();
        private final List<Series> series = new ArrayList<>();
        private final List<String> notes = new ArrayList<>();
        private final Map<String, Object> details = new LinkedHashMap<>();

        Builder(Diagnostic diagnostic, DiagnosticRequest request) {
            this.diagnostic = diagnostic;
            this.request = request;
        }

        public Builder number(String name, double value) {
            summary.put(name, value);
            return this;
        }

        public Builder series(Series s) {
            series.add(s);
            return this;
        }

        public Builder note(String line) {
            notes.add(line);
            return this;
        }

        /** A diagnostic-specific detail (any JSON-ready value: records, lists, maps). */
        public Builder detail(String key, Object value) {
            details.put(key, value);
            return this;
        }

        public DiagnosticResult build() {
            Classifier m = request.model();
            List<FileHash> files = new ArrayList<>(request.points().files());
            files.add(new FileHash(m.source(), m.sha256()));
            return new DiagnosticResult(SCHEMA, KIND, diagnostic.name(), diagnostic.description(),
                    Json.tree(config(request, diagnostic.usesAttacks())),
                    new RunRecord.ModelInfo(m.source(), m.card() == null ? null : m.card().name(),
                            m.card() == null ? null : m.card().architecture(), m.sha256(), m.numClasses()),
                    new RunRecord.DataInfo(request.points().name(), request.points().split(), request.points().size(),
                            request.selection()),
                    summary, series, details.isEmpty() ? null : Json.tree(details), notes,
                    (System.nanoTime() - t0) / 1e9, Provenance.current(files));
        }
    }
}
