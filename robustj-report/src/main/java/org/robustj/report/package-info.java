/**
 * Reports and the leaderboard site, made from plain records only ({@code RunRecord}, benchmark
 * {@code Entry}, {@code Gallery}).
 *
 * <p>Start from {@link org.robustj.report.RunReport} (one self-contained HTML file per run) and
 * {@link org.robustj.report.LeaderboardSite} (index page plus one report per entry). Plots are XChart charts
 * ({@link org.robustj.report.Charts}) embedded as SVG data URIs; images are PNG data URIs
 * ({@link org.robustj.report.Images}); number formats live in {@link org.robustj.report.Fmt}. To add a section
 * to reports, add a method to {@code RunReport} and mark every number it prints with {@code data-field}.
 */
package org.robustj.report;
