/**
 * Benchmarks: RobustBench-like tracks, the user's local model zoo, leaderboard entries and the runner.
 *
 * <p>Start from {@link org.robustj.benchmark.BenchmarkRunner}: it runs a model on a
 * {@link org.robustj.benchmark.Track} (from {@link org.robustj.benchmark.Tracks}) and returns an
 * {@link org.robustj.benchmark.Entry} with its run record and a {@link org.robustj.benchmark.Gallery} of
 * adversarial examples. {@link org.robustj.benchmark.Leaderboard} reads a folder of entries and ranks them per
 * track. {@link org.robustj.benchmark.LocalZoo} stores users' models and resolves {@code zoo:NAME}.
 *
 * <p>To add a track, add one line to {@code Tracks}' static block. Everything here is plain Java data: no
 * tensor leaves the runner.
 *
 * <p>Common-corruption tracks are run by {@link org.robustj.benchmark.corruption.CorruptionBenchmark} (package
 * {@code .corruption}: the corruptions, their suites and the cache), and their entries carry
 * {@link org.robustj.benchmark.CorruptionScores}. RobustBench {@code model_info} export and import live in
 * {@code .robustbench}; imported rows are entries with an {@link org.robustj.benchmark.Entry.Imported} section and
 * no run record.
 */
package org.robustj.benchmark;
