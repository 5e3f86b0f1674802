package org.robustj.model;

/**
 * What a model offers, declared rather than probed: attacks, certifiers, trainers and diagnostics state what
 * they need and {@link Capabilities#require} checks it in one place. A query-only model (ONNX Runtime, a
 * remote service) offers {@link #LOGITS} alone.
 */
public enum ModelCapability {
    /** Logits for any batch of inputs (every classifier). */
    LOGITS("logits"),
    /** Gradients of the logits with respect to the input (white-box attacks, gradient sanity checks). */
    INPUT_GRADIENTS("input gradients"),
    /** Gradients with respect to the weights, which a trainer can update (training, certified training). */
    PARAMETER_GRADIENTS("trainable weights"),
    /** A readable typed layer graph, {@link Classifier#graph()} (IBP, CROWN, per-layer diagnostics, export). */
    LAYER_GRAPH("a readable layer graph"),
    /**
     * Random predictions (input noise, an ensemble with a random member): {@link Classifier#logits(
     * ai.djl.ndarray.NDArray, long[])} draws its randomness from one key per row, so attacks key every draw by the
     * point's index (shard-invariant), average gradients over draws (EOT) and judge success over several draws
     * ({@link RandomDraws}).
     */
    RANDOMIZED("random predictions");

    private final String description;

    ModelCapability(String description) {
        this.description = description;
    }

    /** How a message names it: "crown needs <em>a readable layer graph</em>". */
    public String description() {
        return description;
    }
}
