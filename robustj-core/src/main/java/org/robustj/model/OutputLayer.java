package org.robustj.model;

import ai.djl.ndarray.NDArray;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one layer of a model whose inner layers are not its own (a noise, MC-dropout or ensemble model: its
 * members see noisy, masked or other copies of the input), written once for those wrappers.
 */
final class OutputLayer {
    /** The layer list of such a model. */
    static final List<String> LAYERS = List.of("logits");

    private OutputLayer() {}

    /** {@code logits} when asked for (nothing for no names); any other name is refused, saying {@code why}. */
    static Map<String, NDArray> activations(Classifier model, NDArray x, List<String> names, String why) {
        for (String name : names) {
            if (!name.equals("logits")) {
                throw new IllegalArgumentException("model " + model.source() + " has no layer '" + name
                        + "'; layers: logits (" + why + ")");
            }
        }
        Map<String, NDArray> out = new LinkedHashMap<>();
        if (!names.isEmpty()) out.put("logits", model.logits(x));
        return out;
    }
}
