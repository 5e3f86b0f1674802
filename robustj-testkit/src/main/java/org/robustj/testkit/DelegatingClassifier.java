package org.robustj.testkit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.robustj.model.Classifier;
import org.robustj.model.ModelCapability;
import org.robustj.model.ModelCard;

/**
 * A classifier that forwards everything to another one, so that a test wrapper (masked gradients, noise,
 * softmax outputs) overrides only what it changes — usually {@link #logits} — and nothing else drifts.
 */
public abstract class DelegatingClassifier implements Classifier {
    /** The wrapped classifier. */
    protected final Classifier inner;

    protected DelegatingClassifier(Classifier inner) {
        this.inner = inner;
    }

    @Override
    public NDArray logits(NDArray x) {
        return inner.logits(x);
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

    /**
     * The wrapped model's logits and input gradients, if it has them; never its graph or weights, which no
     * longer describe a wrapper that changes the logits.
     */
    @Override
    public Set<ModelCapability> capabilities() {
        Set<ModelCapability> c = EnumSet.noneOf(ModelCapability.class);
        for (ModelCapability m : inner.capabilities()) {
            if (m == ModelCapability.LOGITS || m == ModelCapability.INPUT_GRADIENTS) c.add(m);
        }
        return c;
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

    /** Closes the wrapped classifier. */
    @Override
    public void close() {
        inner.close();
    }
}
