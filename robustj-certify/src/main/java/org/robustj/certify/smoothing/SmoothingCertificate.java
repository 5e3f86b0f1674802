package org.robustj.certify.smoothing;

import java.util.List;
import org.robustj.certify.PointCertificate;

/**
 * What {@code certify} found for one point, with the counts behind it (for run records and checks).
 *
 * @param index the point's position in the test set
 * @param label its true label
 * @param prediction the certified class, −1 when abstaining
 * @param radius σ·Φ⁻¹(p_A lower bound), exactly 0 when abstaining
 * @param candidate the top class of the selection samples (kept when abstaining)
 * @param candidateCount how many of the n estimation samples fell in the candidate class
 * @param samples n
 * @param pALower the one-sided (1 − α) Clopper–Pearson lower bound on p_A
 * @param seconds time spent on this point
 */
public record SmoothingCertificate(int index, int label, int prediction, double radius, int candidate,
        long candidateCount, long samples, double pALower, double seconds) {

    /** Whether smoothing declined to certify the point. */
    public boolean abstained() {
        return prediction < 0;
    }

    /** The method-independent form. */
    public PointCertificate toPointCertificate() {
        return new PointCertificate(index, label, prediction, radius, List.of(), List.of(), seconds);
    }
}
