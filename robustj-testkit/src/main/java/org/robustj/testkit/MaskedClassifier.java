package org.robustj.testkit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Map;
import org.robustj.model.Classifier;
import org.robustj.model.ModelCard;

/**
 * Gradient-masking wrappers around a classifier that keep its decisions: logits multiplied by a large
 * factor (softmax saturates, cross-entropy gradients vanish in float32) or inputs quantised to a few levels
 * (zero gradient almost everywhere, via a straight stop-gradient). Scale-invariant losses or
 * gradient-free attacks must still break such models.
 */
public final class MaskedClassifier implements Classifier {
    /** How gradients are masked. */
    public enum Kind { SCALED_LOGITS, QUANTIZED_INPUT }

    private final Classifier inner;
    private final Kind kind;
    private final double factor;

    private MaskedClassifier(Classifier inner, Kind kind, double factor) {
        this.inner = inner;
        this.kind = kind;
        this.factor = factor;
    }

    /** Logits × {@code factor} (1e4 masks cross-entropy gradients). */
    public static MaskedClassifier scaledLogits(Classifier inner, double factor) {
        return new MaskedClassifier(inner, Kind.SCALED_LOGITS, factor);
    }

    /** Inputs rounded to {@code levels} levels before the model; the input gradient is exactly zero. */
    public static MaskedClassifier quantized(Classifier inner, int levels) {
        return new MaskedClassifier(inner, Kind.QUANTIZED_INPUT, levels);
    }

    @Override
    public NDArray logits(NDArray x) {
        if (kind == Kind.SCALED_LOGITS) {
            return inner.logits(x).mul(factor);
        }
        double l = factor - 1;
        NDArray q = x.mul(l).round().div(l).stopGradient();
        // x - x keeps a path to x whose gradient is exactly zero
        return inner.logits(q.add(x.sub(x)));
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
        return kind == Kind.SCALED_LOGITS ? inner.source() + "×" + factor : inner.source() + "-quantized";
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
