/** Clean evaluation of a classifier on a data set: {@link org.robustj.eval.CleanEvaluation}. */
package org.robustj.eval;
