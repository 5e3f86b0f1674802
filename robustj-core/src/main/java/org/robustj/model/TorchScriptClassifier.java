package org.robustj.model;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.robustj.tensor.TorchScript;

/**
 * A TorchScript model exported from PyTorch, used as a {@link Classifier}: eval mode, logits out, input
 * gradients available. Its internals are opaque to DJL, so only the {@code logits} layer is reachable and it
 * has no {@link #graph()}: methods that need one say so through {@link Capabilities#require}.
 */
public final class TorchScriptClassifier implements Classifier {
    private final Model model;
    private final Shape inputShape;
    private final int numClasses;
    private final ModelCard card;
    private final String source;
    private final String sha256;
    private final List<Note> notes;

    TorchScriptClassifier(Model model, Shape inputShape, int numClasses, ModelCard card, String source,
            String sha256, List<Note> notes) {
        this.notes = List.copyOf(notes);
        this.model = model;
        this.inputShape = inputShape;
        this.numClasses = numClasses;
        this.card = card;
        this.source = source;
        this.sha256 = sha256;
    }

    /** Loads a file; shape and class count are found by {@link Models}. */
    static Model loadModel(Path file) {
        return TorchScript.load(file);
    }

    static NDArray forward(Model model, NDArray x) {
        return TorchScript.forward(model, x);
    }

    static ai.djl.ndarray.NDList forwardAll(Model model, NDArray x) {
        return TorchScript.forwardAll(model, x);
    }

    @Override
    public NDArray logits(NDArray x) {
        return TorchScript.forward(model, x);
    }

    @Override
    public List<Note> notes() {
        return notes;
    }

    @Override
    public Shape inputShape() {
        return inputShape;
    }

    @Override
    public int numClasses() {
        return numClasses;
    }

    @Override
    public List<String> layers() {
        return List.of("logits");
    }

    @Override
    public Map<String, NDArray> activations(NDArray x, List<String> names) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (String n : names) {
            if (!n.equals("logits")) {
                throw new IllegalArgumentException(
                        "TorchScript model " + source + " exposes only its 'logits' layer, not '" + n + "'");
            }
            out.put(n, logits(x));
        }
        return out;
    }

    /** Logits and input gradients; no layer graph (TorchScript is opaque) and no trainable weights. */
    @Override
    public java.util.Set<ModelCapability> capabilities() {
        return Capabilities.whiteBox();
    }

    @Override
    public ModelCard card() {
        return card;
    }

    @Override
    public String source() {
        return source;
    }

    @Override
    public String sha256() {
        return sha256;
    }

    @Override
    public NDManager manager() {
        return model.getNDManager();
    }

    @Override
    public void close() {
        model.close();
    }
}
