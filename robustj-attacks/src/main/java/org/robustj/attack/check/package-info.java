/**
 * Evaluation sanity checks: {@link org.robustj.attack.check.SanityChecks}; each warning links to its
 * explanation in {@code docs/evaluation-flags.md}.
 */
package org.robustj.attack.check;
