package org.robustj.diagnose.experiment;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.robustj.diagnose.Series;
import org.robustj.io.Json;
import org.robustj.provenance.FileHash;
import org.robustj.provenance.Provenance;

/**
 * The JSON record of one experiment run: the claim, what this run shows ({@link Finding}s, each checked
 * against the numbers, so a page never states a pattern its numbers contradict), the headline numbers by name,
 * every measured {@link Series}, experiment-specific details, notes, configuration, time and provenance.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExperimentResult(
        int schemaVersion,
        String kind,
        String experiment,
        String description,
        String claim,
        boolean quick,
        JsonNode config,
        List<Finding> findings,
        Map<String, Double> numbers,
        List<Series> series,
        JsonNode details,
        List<String> notes,
        double seconds,
        Provenance provenance) {

    /** Current schema version of experiment records. */
    public static final int SCHEMA = 1;

    /** The {@code kind} of every experiment record. */
    public static final String KIND = "experiment";

    public ExperimentResult {
        Map<String, Double> s = new LinkedHashMap<>();
        numbers.forEach((k, v) -> s.put(k, v == null || !Double.isFinite(v) ? null : v));
        numbers = java.util.Collections.unmodifiableMap(s);
        findings = List.copyOf(findings);
        series = List.copyOf(series);
        notes = List.copyOf(notes);
    }

    /**
     * One statement of what the run shows and whether its numbers bear it out.
     *
     * @param statement the pattern, in words ("adversarial NC1 of the standard CNN is above its clean NC1")
     * @param holds whether the numbers show it
     * @param evidence the numbers behind it, in words
     */
    public record Finding(String statement, boolean holds, String evidence) {}

    /** Whether every finding holds. */
    public boolean allHold() {
        return findings.stream().allMatch(Finding::holds);
    }

    /** A headline number by name, NaN when undefined. */
    public double number(String name) {
        if (!numbers.containsKey(name)) {
            throw new IllegalArgumentException("no number " + name + "; have " + numbers.keySet());
        }
        Double d = numbers.get(name);
        return d == null ? Double.NaN : d;
    }

    /** Reads a record written by {@link ExperimentOutput}. */
    public static ExperimentResult read(java.nio.file.Path file) throws java.io.IOException {
        return Json.mapper().readValue(file.toFile(), ExperimentResult.class);
    }

    /** A builder for experiment {@code e} under {@code ctx}; the clock starts now. */
    public static Builder builder(Experiment e, ExperimentContext ctx) {
        return new Builder(e, ctx);
    }

    /** Collects an experiment's numbers while it runs. */
    public static final class Builder {
        private final Experiment experiment;
        private final ExperimentContext ctx;
        private final long t0 = System.nanoTime();
        private final Map<String, Object> config = new LinkedHashMap<>();
        private final List<Finding> findings = new ArrayList<>();
        private final Map<String, Double> numbers = new LinkedHashMap<>();
        private final List<Series> series = new ArrayList<>();
        private final Map<String, Object> details = new LinkedHashMap<>();
        private final List<String> notes = new ArrayList<>();
        private final List<FileHash> files = new ArrayList<>();

        Builder(Experiment experiment, ExperimentContext ctx) {
            this.experiment = experiment;
            this.ctx = ctx;
            config.put("quick", ctx.quick());
            config.put("seed", ctx.seed());
        }

        public Builder config(String key, Object value) {
            config.put(key, value);
            return this;
        }

        /** A finding: {@code statement} holds when {@code holds}, as {@code evidence} shows. */
        public Builder finding(String statement, boolean holds, String evidence) {
            findings.add(new Finding(statement, holds, evidence));
            return this;
        }

        public Builder number(String name, double value) {
            numbers.put(name, value);
            return this;
        }

        public Builder series(Series s) {
            series.add(s);
            return this;
        }

        public Builder detail(String key, Object value) {
            details.put(key, value);
            return this;
        }

        public Builder note(String line) {
            notes.add(line);
            return this;
        }

        /** A model or data file used, for the provenance. */
        public Builder file(FileHash f) {
            files.add(f);
            return this;
        }

        public ExperimentResult build() {
            Map<String, Object> c = new LinkedHashMap<>(config);
            c.putAll(ctx.context());
            return new ExperimentResult(SCHEMA, KIND, experiment.name(), experiment.description(), experiment.claim(),
                    ctx.quick(), Json.tree(c), findings, numbers, series, details.isEmpty() ? null : Json.tree(details),
                    notes, (System.nanoTime() - t0) / 1e9, Provenance.current(files));
        }
    }
}
