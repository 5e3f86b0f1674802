/**
 * Errors a user can cause: each carries a one-line message that the CLI prints after {@code error:}.
 *
 * <p>Start from {@link org.robustj.errors.RobustjException}. Caller mistakes inside the library are
 * {@link java.lang.IllegalArgumentException}; broken invariants are {@link java.lang.IllegalStateException}.
 */
package org.robustj.errors;
