package org.robustj.model;

import ai.djl.ndarray.NDArray;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.robustj.errors.MissingCapabilityException;

/**
 * A white-box model forced to answer logits and nothing else ({@code --query-only}): for a fair black-box
 * evaluation of a model robustj could read, the same way a model behind ONNX Runtime or a remote service is
 * evaluated. It declares only {@link ModelCapability#LOGITS}, its logits carry no gradient, and it exposes
 * neither its layer graph nor its activations; the logits are exactly the wrapped model's, so a gradient-free
 * attack gives the same result on both for the same seed.
 */
public final class QueryOnlyModel extends ForwardingClassifier {
    private QueryOnlyModel(Classifier inner) {
        super(inner);
    }

    /** The model as a query-only one (itself when it is already query-only); closing it closes {@code model}. */
    public static Classifier of(Classifier model) {
        if (!Capabilities.has(model, ModelCapability.INPUT_GRADIENTS) && model.graph().isEmpty()) {
            return model;
        }
        return new QueryOnlyModel(model);
    }

    @Override
    public NDArray logits(NDArray x) {
        return inner.logits(x.stopGradient()).stopGradient();
    }

    @Override
    public NDArray logits(NDArray x, long[] draws) {
        return inner.logits(x.stopGradient(), draws).stopGradient();
    }

    /** Logits only, and {@link ModelCapability#RANDOMIZED} when the wrapped model is random. */
    @Override
    public Set<ModelCapability> capabilities() {
        Set<ModelCapability> c = EnumSet.of(ModelCapability.LOGITS);
        if (inner.capabilities().contains(ModelCapability.RANDOMIZED)) c.add(ModelCapability.RANDOMIZED);
        return c;
    }

    @Override
    public List<Note> notes() {
        return inner.notes();
    }

    /** Only the output: a query-only model has no readable layers. */
    @Override
    public List<String> layers() {
        return List.of("logits");
    }

    /** Refused: a query-only model answers logits only. */
    @Override
    public Map<String, NDArray> activations(NDArray x, List<String> names) {
        throw new MissingCapabilityException("activations of " + source() + " are not available: it is query-only "
                + "(it answers logits, nothing else); drop --query-only to read its layers");
    }
}
