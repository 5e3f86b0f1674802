package org.robustj.attack.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import java.util.List;
import org.robustj.errors.InvalidInputException;
import org.robustj.errors.UnknownNameException;
import org.robustj.tensor.Scalars;

/**
 * The losses attacks maximise, each per sample (Croce &amp; Hein 2020, arXiv 2003.01690):
 * <ul>
 *   <li>{@code ce}: cross-entropy −log softmax(z)_y;
 *   <li>{@code dlr}: −(z_y − max_{i≠y} z_i) / (z_π1 − z_π3 + 1e-12), invariant to shifting and scaling the
 *       logits; needs at least 3 classes;
 *   <li>targeted DLR: −(z_y − z_t) / (z_π1 − (z_π3 + z_π4)/2 + 1e-12); needs at least 4 classes;
 *   <li>{@code margin}: max_{j≠y} z_j − z_y (positive exactly when misclassified; Carlini–Wagner's margin,
 *       used by Square).
 * </ul>
 * π sorts the logits of a sample in decreasing order.
 */
public final class Losses {
    private Losses() {}

    /** Names accepted by {@link #byName}. */
    public static final List<String> NAMES = List.of("ce", "dlr", "margin");

    /** Cross-entropy per sample. */
    public static NDArray ce(NDArray z, NDArray y) {
        return pick(z.logSoftmax(1), y).neg();
    }

    /** The logit of each sample's class y. */
    public static NDArray pick(NDArray z, NDArray y) {
        return z.mul(y.oneHot((int) z.getShape().get(1)).toType(z.getDataType(), false)).sum(new int[] {1});
    }

    /** Largest logit among classes other than y. */
    public static NDArray maxOther(NDArray z, NDArray y) {
        NDArray oh = y.oneHot((int) z.getShape().get(1)).toType(z.getDataType(), false);
        // push the true class far down, then take the max
        return z.sub(Scalars.mul(oh, 1e12f)).max(new int[] {1});
    }

    /** Untargeted DLR per sample; at least 3 classes. */
    public static NDArray dlr(NDArray z, NDArray y) {
        requireClasses(z, 3, "dlr");
        NDArray sorted = z.sort(1);
        long k = z.getShape().get(1);
        NDArray p1 = sorted.get(new NDIndex(":, " + (k - 1)));
        NDArray p3 = sorted.get(new NDIndex(":, " + (k - 3)));
        return pick(z, y).sub(maxOther(z, y)).neg().div(p1.sub(p3).add(1e-12f));
    }

    /** Targeted DLR per sample (labels y, targets t); at least 4 classes. */
    public static NDArray dlrTargeted(NDArray z, NDArray y, NDArray t) {
        requireClasses(z, 4, "targeted dlr");
        NDArray sorted = z.sort(1);
        long k = z.getShape().get(1);
        NDArray p1 = sorted.get(new NDIndex(":, " + (k - 1)));
        NDArray p3 = sorted.get(new NDIndex(":, " + (k - 3)));
        NDArray p4 = sorted.get(new NDIndex(":, " + (k - 4)));
        // Scalars, not mul(0.5f): autograd keeps the 0.5 for the backward pass, and DJL's number overload puts it in
        // a Java buffer the GC may free before then (org.robustj.tensor.Scalars)
        NDArray den = p1.sub(Scalars.mul(p3.add(p4), 0.5)).add(1e-12f);
        return pick(z, y).sub(pick(z, t)).neg().div(den);
    }

    /** A targeted-DLR loss bound to fixed targets. */
    public static Loss dlrTargeted(NDArray targets) {
        return (z, y) -> dlrTargeted(z, y, targets);
    }

    /** Margin max_{j≠y} z_j − z_y per sample. */
    public static NDArray margin(NDArray z, NDArray y) {
        return maxOther(z, y).sub(pick(z, y));
    }

    /** Targeted margin z_t − max_{j≠t} z_j: positive exactly when the target wins. */
    public static NDArray marginTargeted(NDArray z, NDArray t) {
        return pick(z, t).sub(maxOther(z, t));
    }

    /** An untargeted loss by name. */
    public static Loss byName(String name) {
        switch (name) {
            case "ce": return Losses::ce;
            case "dlr": return Losses::dlr;
            case "margin": return Losses::margin;
            default: throw new UnknownNameException("loss", name, NAMES);
        }
    }

    private static void requireClasses(NDArray z, int k, String what) {
        if (z.getShape().get(1) < k) {
            throw new InvalidInputException(what + " loss needs at least " + k + " classes; this model has "
                    + z.getShape().get(1));
        }
    }
}
