package org.robustj.diagnose.collapse;

/**
 * Neural collapse at one layer under one condition (clean or adversarial inputs).
 *
 * @param nc1 tr(Σ_W Σ_B^†) / C (Papyan et al.)
 * @param nc1Unnormalised tr(Σ_W Σ_B^†) (Su et al.'s eval.py)
 * @param equinorm NC2: coefficient of variation of ||μ_c − μ_G||
 * @param equiangularity NC2: mean |cos(μ̃_c, μ̃_c') + 1/(C−1)| over c ≠ c'
 * @param etfDistance NC2: distance of the normalised Gram matrix of the centred means to a simplex ETF's
 * @param nc4 fraction of points where the nearest class centre (of these features) differs from the network
 * @param nccAccuracy accuracy of the nearest-class-centre classifier with the condition's own centres
 * @param cleanCentreAccuracy accuracy of the nearest <em>clean</em> class centre (for adversarial features: the
 *     nearest-centre classifier's robust accuracy)
 * @param leap among points the network gets wrong, the fraction whose nearest clean centre is the network's
 *     wrong class (NaN when the network gets none wrong)
 * @param dim the feature dimension d
 */
public record LayerMeasures(double nc1, double nc1Unnormalised, double equinorm, double equiangularity,
        double etfDistance, double nc4, double nccAccuracy, double cleanCentreAccuracy, double leap, int dim) {

    /** The measures from the class means and the second pass's result. */
    static LayerMeasures of(ClassMeans.Means means, Spread.Result spread) {
        double[][] tilde = means.centred();
        return new LayerMeasures(spread.nc1() / means.classes(), spread.nc1(), Geometry.equinorm(tilde),
                Geometry.equiangularity(tilde), Geometry.etfDistance(tilde), spread.nc4(), spread.nccAccuracy(),
                spread.centresAccuracy(), spread.leap(), means.dim());
    }
}
