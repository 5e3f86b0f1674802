package org.robustj.diagnose.sharpness;

/**
 * A loss as a function of a flat weight vector, over fixed batches: what {@link Sharpness} perturbs. The model
 * implementation is {@link ModelObjective}; a closed-form objective (a quadratic) makes the ground-truth tests.
 */
public interface WeightObjective {
    /** The loss, classification error and (when asked) the loss gradient at one point of weight space. */
    record Value(double loss, double error, double[] gradient) {}

    /** Number of batches (the m-sharpness expectation runs over them). */
    int batches();

    /** The unperturbed weights w, flattened (a copy). */
    double[] weights();

    /** The loss of batch {@code b} at weights {@code w}, with its gradient if {@code gradient}. */
    Value evaluate(int b, double[] w, boolean gradient);
}
