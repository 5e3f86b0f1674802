package org.robustj.testkit;

import ai.djl.ndarray.NDArray;
import org.robustj.model.Classifier;

/**
 * Gradient-masking wrappers around a classifier that keep its decisions: logits multiplied by a large
 * factor (softmax saturates, cross-entropy gradients vanish in float32), inputs quantised to a few levels
 * (zero gradient almost everywhere, via a straight stop-gradient), or logits squashed as c·tanh(z/c), which
 * saturates the confident logits near the data (their gradient 1 − tanh² rounds to exactly zero in float32,
 * as on FGSM-trained models whose loss surface is flat around the data and steep away from it) and is
 * scale-sensitive, so even the scale-invariant DLR losses see a distorted landscape. Scale-invariant losses
 * or gradient-free attacks must still break such models.
 */
public final class MaskedClassifier extends DelegatingClassifier {
    /** How gradients are masked. */
    public enum Kind { SCALED_LOGITS, QUANTIZED_INPUT, SATURATED_LOGITS }

    private final Kind kind;
    private final double factor;

    private MaskedClassifier(Classifier inner, Kind kind, double factor) {
        super(inner);
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

    /**
     * Logits c·tanh(z/c) with c = {@code cap}: the same ranking of classes (tanh is increasing; logits above
     * about 9c all round to c, so keep c above a ninth of the largest logit but one), gradients of saturated
     * logits exactly zero. The reference twin for AutoAttack is perf/reference/golden_apgd_t.py --tanh-cap.
     */
    public static MaskedClassifier saturatedLogits(Classifier inner, double cap) {
        return new MaskedClassifier(inner, Kind.SATURATED_LOGITS, cap);
    }

    @Override
    public NDArray logits(NDArray x) {
        if (kind == Kind.SCALED_LOGITS) {
            return inner.logits(x).mul(factor);
        }
        if (kind == Kind.SATURATED_LOGITS) {
            return inner.logits(x).div(factor).tanh().mul(factor);
        }
        double l = factor - 1;
        NDArray q = x.mul(l).round().div(l).stopGradient();
        // x - x keeps a path to x whose gradient is exactly zero
        return inner.logits(q.add(x.sub(x)));
    }

    @Override
    public String source() {
        switch (kind) {
            case SCALED_LOGITS: return inner.source() + "×" + factor;
            case SATURATED_LOGITS: return inner.source() + "-tanh" + factor;
            default: return inner.source() + "-quantized";
        }
    }

}
