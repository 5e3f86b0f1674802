/**
 * Experiments: one class per small-scale reproduction of a paper's finding, implementing {@link
 * org.robustj.diagnose.experiment.Experiment}, registered by one line in {@link
 * org.robustj.diagnose.experiment.Experiments}. A run returns an {@link
 * org.robustj.diagnose.experiment.ExperimentResult} (claim, findings checked against the numbers, series,
 * numbers, provenance), which {@link org.robustj.diagnose.experiment.ExperimentOutput} writes as a page and its
 * JSON. {@code --quick} takes about two minutes and is what the tests run.
 */
package org.robustj.diagnose.experiment;
