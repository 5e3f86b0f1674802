/**
 * HTML for diagnostics and experiments, drawn from their plain records only: {@link
 * org.robustj.diagnose.report.DiagnosticReport} (any {@code DiagnosticResult}), {@link
 * org.robustj.diagnose.report.ExperimentPage} (any {@code ExperimentResult}), and {@link
 * org.robustj.diagnose.report.SeriesCharts}, which draws a {@code Series} with XChart in robustj-report's style.
 * A new diagnostic needs nothing here: its series are drawn generically.
 */
package org.robustj.diagnose.report;
