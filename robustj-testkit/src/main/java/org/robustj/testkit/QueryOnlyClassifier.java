package org.robustj.testkit;

import ai.djl.ndarray.NDArray;
import java.util.EnumSet;
import java.util.Set;
import org.robustj.model.Classifier;
import org.robustj.model.ModelCapability;

/**
 * A classifier that answers logits and nothing else, as a model behind ONNX Runtime or a remote service does:
 * it declares only {@link ModelCapability#LOGITS} and its logits carry no gradient, so gradient-based methods
 * must refuse it and gradient-free ones must still work.
 */
public final class QueryOnlyClassifier extends DelegatingClassifier {
    /** Wraps a model; its logits are kept, gradients cut. */
    public QueryOnlyClassifier(Classifier inner) {
        super(inner);
    }

    @Override
    public NDArray logits(NDArray x) {
        return inner.logits(x.stopGradient()).stopGradient();
    }

    @Override
    public Set<ModelCapability> capabilities() {
        return EnumSet.of(ModelCapability.LOGITS);
    }

    @Override
    public String source() {
        return inner.source() + "-query-only";
    }
}
