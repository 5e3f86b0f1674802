package org.robustj.attack.ensemble;

import ai.djl.ndarray.NDArray;
import java.util.function.UnaryOperator;
import org.robustj.model.Classifier;
import org.robustj.testkit.DelegatingClassifier;

/** A classifier whose logits pass through a function (noise, a delay), for tests of the ensemble's checks. */
public final class Wrapped extends DelegatingClassifier {
    private final UnaryOperator<NDArray> after;

    public Wrapped(Classifier inner, UnaryOperator<NDArray> after) {
        super(inner);
        this.after = after;
    }

    /** Logits plus Gaussian noise drawn from the engine's generator (a randomized defence). */
    public static Wrapped noisy(Classifier inner, double sigma) {
        return new Wrapped(inner, z -> z.add(z.getManager().randomNormal(z.getShape()).mul(sigma)));
    }

    /** Every forward pass takes at least {@code millis} longer. */
    public static Wrapped slow(Classifier inner, long millis) {
        return new Wrapped(inner, z -> {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return z;
        });
    }

    @Override
    public NDArray logits(NDArray x) {
        return after.apply(inner.logits(x));
    }

}
