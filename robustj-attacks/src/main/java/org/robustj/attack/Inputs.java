package org.robustj.attack;

import ai.djl.ndarray.NDArray;
import java.util.Set;
import org.robustj.errors.InvalidInputException;
import org.robustj.model.Capabilities;
import org.robustj.model.Classifier;
import org.robustj.model.ModelCapability;
import org.robustj.threat.Norm;
import org.robustj.threat.ThreatModel;
import org.robustj.errors.MissingCapabilityException;
import java.util.ArrayList;
import java.util.List;

/**
 * Input checks shared by every attack, with one-line messages that name the bad value; an attack that uses
 * gradients refuses a model without input gradients (a query-only model) through {@link Capabilities#require}.
 */
public final class Inputs {
    private Inputs() {}

    static void check(String attack, Classifier model, LabeledBatch batch, ThreatModel threat, AttackContext ctx,
            Set<Capability> caps, Set<Norm> norms) {
        if (!norms.contains(threat.norm())) {
            throw unsupported(attack, threat.norm());
        }
        if (!caps.contains(Capability.GRADIENT_FREE)) {
            Capabilities.require(model, ModelCapability.INPUT_GRADIENTS, "attack " + attack,
                    "use a gradient-free attack (--attacks square)");
        }
        threat.norm().checkFits(threat.eps(), model.inputShape());
        NDArray x = batch.x();
        long[] want = model.inputShape().getShape();
        long[] got = x.getShape().getShape();
        boolean fits = got.length == want.length + 1;
        for (int i = 0; fits && i < want.length; i++) fits = got[i + 1] == want[i];
        if (!fits) {
            throw new InvalidInputException("inputs of shape " + x.getShape() + " do not fit model " + model.source()
                    + " (expects N×" + model.inputShape() + ")");
        }
        float min;
        float max;
        try (NDArray lo = x.min(); NDArray hi = x.max()) {
            min = lo.getFloat();
            max = hi.getFloat();
        }
        if (!(min >= threat.lower() - 1e-6) || !(max <= threat.upper() + 1e-6)) {
            throw new InvalidInputException("inputs must lie in [" + threat.lower() + ", " + threat.upper()
                    + "], found values in [" + min + ", " + max + "] (normalisation belongs inside the model)");
        }
        int k = model.numClasses();
        for (int y : batch.labels()) {
            if (y < 0 || y >= k) {
                throw new InvalidInputException("label " + y + " outside 0.." + (k - 1));
            }
        }
        if (ctx.targeted()) {
            if (!caps.contains(Capability.TARGETED)) {
                throw AbstractAttack.notTargeted("this attack");
            }
            if (ctx.targets().length != batch.size()) {
                throw new InvalidInputException("need one target per input");
            }
            for (int t : ctx.targets()) {
                if (t < 0 || t >= k) {
                    throw new InvalidInputException("target " + t + " outside 0.." + (k - 1));
                }
            }
        }
    }

    /**
     * The error for an attack asked for a threat model it does not declare ({@link Attack#norms()}): names the
     * registered attacks that do support it.
     */
    public static MissingCapabilityException unsupported(String attack, Norm norm) {
        List<String> can = new ArrayList<>();
        for (AttackProvider p : AttackRegistry.providers()) {
            if (p.create(java.util.Map.of()).norms().contains(norm)) can.add(p.name());
        }
        return new MissingCapabilityException("attack " + attack + " does not support the " + norm.id()
                + " threat model; " + (can.isEmpty() ? "no registered attack does" : "attacks that do: "
                + String.join(", ", can)));
    }

    /** Row-wise argmax of N×K logits; a non-finite logit is an {@link InvalidInputException}. */
    public static int[] argmaxChecked(NDArray logits, String source) {
        int n = (int) logits.getShape().get(0);
        int k = (int) logits.getShape().get(1);
        float[] z = logits.toFloatArray();
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int c = 0; c < k; c++) {
                float v = z[i * k + c];
                if (!Float.isFinite(v)) {
                    throw new InvalidInputException("model " + source + " returned a non-finite logit (" + v + ")");
                }
                if (v > z[i * k + best]) best = c;
            }
            out[i] = best;
        }
        return out;
    }
}
