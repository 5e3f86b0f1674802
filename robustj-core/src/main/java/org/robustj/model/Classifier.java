package org.robustj.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Map;

/**
 * A trained classifier as robustj sees it: inputs in [0, 1] shaped N×C×H×W (or N×D), logits N×K out,
 * evaluated in eval mode (BatchNorm running statistics, no dropout). Input normalisation lives inside
 * the model. Gradients with respect to the input flow through {@link #logits} whenever the input
 * requires them; weight gradients are off unless a trainer turns them on.
 *
 * <p>Layers are reachable by name for certification and diagnostics: {@link #layers()} lists them in
 * forward order and {@link #activations} returns their outputs; for a model with a {@link #graph()} they are
 * the graph's nodes. What a model offers (gradients, a graph, trainable weights) is declared by
 * {@link #capabilities()}.
 */
public interface Classifier extends AutoCloseable {

    /**
     * Something robustj changed or chose when it opened the model, which the user should know and the run
     * record should keep (a TorchScript module exported in train mode put in eval mode, the first of several
     * outputs used as logits).
     *
     * @param check the name of the check, as in {@code docs/evaluation-flags.md}
     * @param message one line for the user
     */
    record Note(String check, String message) {}

    /** What was noted when the model was opened (empty for most models). */
    default List<Note> notes() {
        return List.of();
    }

    /** Logits for a batch, eval mode; the result lives in {@code x}'s manager. */
    NDArray logits(NDArray x);

    /**
     * Logits for a batch whose random draws come from {@code draws}, one key per row of {@code x}: what a
     * {@link ModelCapability#RANDOMIZED} model (input noise) answers, each row's draws a function of its key alone,
     * so an attack that keys them by the point's index gets results that do not depend on batching. A
     * deterministic model ignores the keys (the default); a randomized one answers {@link #logits(NDArray)} with
     * keys made from each row's content ({@link RandomDraws#ofContent}).
     */
    default NDArray logits(NDArray x, long[] draws) {
        return logits(x);
    }

    /** Shape of one input sample, e.g. (1, 28, 28). */
    Shape inputShape();

    /** Number of classes K. */
    int numClasses();

    /** Layer names in forward order; the last one's output is the logits. */
    List<String> layers();

    /**
     * Outputs of the named layers for a batch, in eval mode, keyed by layer name; an unknown name is an
     * {@link IllegalArgumentException}.
     */
    Map<String, NDArray> activations(NDArray x, List<String> names);

    /**
     * The network as a typed layer graph, when robustj can read it (built-in architectures, ONNX imports);
     * empty for opaque models such as TorchScript. Certifiers and diagnostics that reason layer by layer
     * need it; the graph's logits equal {@link #logits}.
     */
    default java.util.Optional<org.robustj.model.graph.LayerGraph> graph() {
        return java.util.Optional.empty();
    }

    /**
     * What the model offers, declared: by default logits and input gradients, plus
     * {@link ModelCapability#LAYER_GRAPH} when {@link #graph()} is present. A query-only model returns
     * {@code {LOGITS}}; a trainable one adds {@link ModelCapability#PARAMETER_GRADIENTS}. Methods check their
     * needs with {@link Capabilities#require}, never by trying.
     */
    default java.util.Set<ModelCapability> capabilities() {
        java.util.Set<ModelCapability> c = Capabilities.whiteBox();
        if (graph().isPresent()) {
            c.add(ModelCapability.LAYER_GRAPH);
        }
        return c;
    }

    /**
     * The arrays the logits are differentiable in (weights, biases, BatchNorm scales and shifts), in a fixed
     * order, for a model that declares {@link ModelCapability#PARAMETER_GRADIENTS}; empty otherwise. They are
     * the model's own arrays, not copies: per-example parameter Jacobians and the empirical NTK
     * ({@code org.robustj.tensor.ParameterGradients}) differentiate in them.
     */
    default List<NDArray> weights() {
        return List.of();
    }

    /** The model card: architecture, data set, recipe, seed, accuracy, provenance. */
    ModelCard card();

    /** Where the model came from, as the user named it ({@code zoo:mnist-cnn}, a path). */
    String source();

    /** SHA-256 of the weights file. */
    String sha256();

    /** The manager that owns the weights. */
    NDManager manager();

    @Override
    void close();
}
