package org.robustj.certify;

import java.util.List;

/**
 * What a certifier proved about one point.
 *
 * @param index the point's position in the test set
 * @param label its true label
 * @param prediction the certified classifier's prediction, −1 when smoothing abstains
 * @param radius smoothing: the certified L2 radius (0 when abstaining); bounds: the largest requested ε
 *     at which the point is verified (0 if none)
 * @param marginLowerBounds bounds: per requested ε, the lower bound of z_y − z_j for every class j ≠ y
 *     (the true class's own entry is 0); empty for smoothing
 * @param verified bounds: per requested ε, whether every margin's lower bound is positive; empty for
 *     smoothing
 * @param seconds time spent on this point
 */
public record PointCertificate(int index, int label, int prediction, double radius,
        List<double[]> marginLowerBounds, List<Boolean> verified, double seconds) {
    public PointCertificate {
        marginLowerBounds = List.copyOf(marginLowerBounds);
        verified = List.copyOf(verified);
    }

    /** Whether the point is correctly classified and certified at radius r. */
    public boolean certifiedAt(double r) {
        return prediction == label && prediction >= 0 && radius >= r;
    }
}
