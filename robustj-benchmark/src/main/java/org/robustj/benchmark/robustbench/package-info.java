/**
 * RobustBench interoperability: {@link org.robustj.benchmark.robustbench.RobustBenchInfo} writes a robustj entry as
 * a RobustBench {@code model_info/<dataset>/<threat>/<ModelID>.json} and reads such files into leaderboard rows
 * marked as not evaluated here ({@link org.robustj.benchmark.Entry.Imported}). The fields are RobustBench's
 * ({@code robustbench/utils.py} {@code ModelInfo}; REFERENCES.md 3.5): accuracies as strings in percent with two
 * decimals, ε as people write it, the threat model given by the folder.
 */
package org.robustj.benchmark.robustbench;
