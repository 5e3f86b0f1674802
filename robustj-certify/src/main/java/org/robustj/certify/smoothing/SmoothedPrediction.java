package org.robustj.certify.smoothing;

/**
 * What {@code predict} found for one point.
 *
 * @param index the point's position in the test set
 * @param prediction the smoothed classifier's class, −1 when abstaining (p-value > α)
 * @param topClass the most frequent class among the n samples
 * @param topCount its count
 * @param secondCount the runner-up's count
 * @param pValue two-sided binomial p-value of topCount out of topCount + secondCount at 1/2
 */
public record SmoothedPrediction(int index, int prediction, int topClass, long topCount, long secondCount,
        double pValue) {}
