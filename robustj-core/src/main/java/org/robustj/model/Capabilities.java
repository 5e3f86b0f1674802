package org.robustj.model;

import java.util.EnumSet;
import java.util.Set;
import org.robustj.errors.MissingCapabilityException;
import org.robustj.model.graph.LayerGraph;

/**
 * The one place where a method's need meets a model's {@link Classifier#capabilities()}: a missing capability
 * is a {@link MissingCapabilityException} whose one line says who needs what, why this model lacks it and
 * what to do instead, e.g. "crown needs a readable layer graph, but net.pt is TorchScript, which is opaque;
 * export it from PyTorch with torch.onnx.export(model, x, 'net.onnx') and pass --model net.onnx, or use
 * --method smoothing".
 */
public final class Capabilities {
    private Capabilities() {}

    /** What every classifier offers unless it says otherwise: logits and input gradients through them. */
    public static Set<ModelCapability> whiteBox() {
        return EnumSet.of(ModelCapability.LOGITS, ModelCapability.INPUT_GRADIENTS);
    }

    /** Whether the model declares {@code needed}. */
    public static boolean has(Classifier model, ModelCapability needed) {
        return model.capabilities().contains(needed);
    }

    /**
     * Checks that the model offers {@code needed}.
     *
     * @param who the method asking, as the user named it ({@code crown}, {@code attack apgd-ce})
     * @param alternative what works without it ({@code use --method smoothing}), or null
     * @throws MissingCapabilityException naming who, the model, the reason and the alternatives
     */
    public static void require(Classifier model, ModelCapability needed, String who, String alternative) {
        if (has(model, needed)) {
            return;
        }
        throw new MissingCapabilityException(who + " needs " + needed.description() + ", but " + model.source()
                + " " + reason(model, needed) + "; " + remedy(model, needed)
                + (alternative == null || alternative.isBlank() ? "" : ", or " + alternative));
    }

    /** The model's layer graph, or the error of {@link #require} for {@link ModelCapability#LAYER_GRAPH}. */
    public static LayerGraph graph(Classifier model, String who, String alternative) {
        require(model, ModelCapability.LAYER_GRAPH, who, alternative);
        return model.graph().orElseThrow(() -> new IllegalStateException(model.source()
                + " declares a layer graph but returns none"));
    }

    private static String reason(Classifier model, ModelCapability needed) {
        boolean torchScript = model.card() != null && ModelCard.TORCHSCRIPT_FORMAT.equals(model.card().format());
        if (queryOnly(model) && needed == ModelCapability.LAYER_GRAPH) {
            return "is query-only (it answers logits, nothing else), so it has none";
        }
        if (queryOnly(model) && needed != ModelCapability.LOGITS) {
            return "is query-only (it answers logits, nothing else)";
        }
        if (torchScript && needed == ModelCapability.LAYER_GRAPH) {
            return "is TorchScript, which is opaque";
        }
        if (torchScript && needed == ModelCapability.PARAMETER_GRADIENTS) {
            return "is TorchScript, whose weights robustj does not train";
        }
        return "does not offer " + needed.description();
    }

    /** A model without input gradients answers logits only (a forced query-only model, ONNX Runtime). */
    private static boolean queryOnly(Classifier model) {
        return !has(model, ModelCapability.INPUT_GRADIENTS);
    }

    private static String remedy(Classifier model, ModelCapability needed) {
        if (queryOnly(model) && needed == ModelCapability.LAYER_GRAPH) {
            // exporting again would not help: the model is behind a logits-only interface
            return "open it as a white-box model with a layer graph (an ONNX file robustj's layer graph maps, or a "
                    + "robustj model; without --query-only or --backend onnxruntime)";
        }
        return switch (needed) {
            case LAYER_GRAPH -> "export it from PyTorch with torch.onnx.export(model, x, 'net.onnx') and pass "
                    + "--model net.onnx";
            case INPUT_GRADIENTS -> "open it as a white-box model (a TorchScript .pt, an ONNX file or a robustj "
                    + "model)";
            case PARAMETER_GRADIENTS -> "train a robustj architecture (robustj train --arch NAME) or start from a "
                    + "robustj model (--init-model)";
            case LOGITS -> "check that the model opens and returns N×K logits";
            case RANDOMIZED -> "wrap it as a randomized model (noise:SIGMA:M:MODEL)";
        };
    }
}
