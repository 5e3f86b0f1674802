package org.robustj.diagnose.experiment;

/**
 * A small-scale reproduction of one finding from the papers behind robustj's diagnostics: it trains or opens
 * the models it needs, runs diagnostics, and returns the claim, what this run shows (each finding checked
 * against the numbers) and every number, which {@link ExperimentOutput} writes as a self-contained HTML
 * page and its JSON. {@code --quick} ({@link ExperimentContext#quick()}) must finish in about two minutes
 * on two cores; it is what the tests run. Each is registered by one line in {@link Experiments}.
 */
public interface Experiment {
    /** Registry and CLI name, kebab-case ({@code collapse-under-attack}). */
    String name();

    /** One line: what it shows (shown by {@code robustj experiment list}). */
    String description();

    /** The paper's claim, with its citation, as the page states it. */
    String claim();

    /** Runs it. */
    ExperimentResult run(ExperimentContext context);
}
