package org.robustj.testkit;

import ai.djl.ndarray.NDArray;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.robustj.model.Classifier;
import org.robustj.model.ModelCapability;
import org.robustj.model.ForwardingClassifier;

/**
 * A classifier that forwards everything to another one, so that a test wrapper (masked gradients, noise,
 * softmax outputs) overrides only what it changes — usually {@link #logits} — and nothing else drifts. Identity,
 * shape and resources come from {@link ForwardingClassifier}; this adds the logits and layers, and keeps only the
 * logits and input-gradient capabilities.
 */
public abstract class DelegatingClassifier extends ForwardingClassifier {
    protected DelegatingClassifier(Classifier inner) {
        super(inner);
    }

    @Override
    public NDArray logits(NDArray x) {
        return inner.logits(x);
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
}
