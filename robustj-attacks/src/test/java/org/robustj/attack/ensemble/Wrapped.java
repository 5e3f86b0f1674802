package org.robustj.attack.ensemble;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.robustj.model.Classifier;
import org.robustj.model.ModelCard;

/** A classifier whose logits pass through a function (noise, a delay), for tests of the ensemble's checks. */
public final class Wrapped implements Classifier {
    private final Classifier inner;
    private final UnaryOperator<NDArray> after;

    public Wrapped(Classifier inner, UnaryOperator<NDArray> after) {
        this.inner = inner;
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

    @Override
    public Shape inputShape() {
        return inner.inputShape();
    }

    @Override
    public int numClasses() {
        return inner.numClasses();
    }

    @Override
    public List<String> layers() {
        return inner.layers();
    }

    @Override
    public Map<String, NDArray> activations(NDArray x, List<String> names) {
        return inner.activations(x, names);
    }

    @Override
    public ModelCard card() {
        return inner.card();
    }

    @Override
    public String source() {
        return inner.source();
    }

    @Override
    public String sha256() {
        return inner.sha256();
    }

    @Override
    public NDManager manager() {
        return inner.manager();
    }

    @Override
    public void close() {
        inner.close();
    }
}
