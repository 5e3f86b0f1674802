package org.robustj.onnx;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.robustj.io.AtomicFiles;
import org.robustj.io.Json;
import org.robustj.model.Classifier;
import org.robustj.model.GraphClassifier;
import org.robustj.model.ModelCard;
import org.robustj.model.graph.LayerGraph;
import org.robustj.provenance.Hashes;

/**
 * The entry point of robustj-onnx: opens an {@code .onnx} file as a white-box {@link GraphClassifier} (its
 * operators mapped onto robustj's layer graph, so attacks get input gradients and certifiers read the graph),
 * and writes any {@link LayerGraph} back as ONNX, so a model hardened or certified here returns to PyTorch or
 * any ONNX runtime.
 */
public final class OnnxModels {
    private OnnxModels() {}

    /**
     * Opens an ONNX file.
     *
     * @param inputShape one sample's shape from the data set, or null; needed only when the file leaves it
     *     symbolic
     * @param ref the reference as the user wrote it
     */
    public static GraphClassifier open(NDManager parent, Path file, Shape inputShape, String ref) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw OnnxImporter.unreadable(ref, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), e);
        }
        String base = file.getFileName().toString().replaceFirst("\\.[^.]+$", "");
        return read(parent, bytes, inputShape, ref, base, sideCard(file.resolveSibling(base + ".json")));
    }

    /** Opens ONNX bytes (what {@link #open} does after reading the file); {@code name} names the card. */
    public static GraphClassifier read(NDManager parent, byte[] bytes, Shape inputShape, String ref, String name) {
        return read(parent, bytes, inputShape, ref, name, null);
    }

    private static GraphClassifier read(NDManager parent, byte[] bytes, Shape inputShape, String ref, String name,
            JsonNode side) {
        org.robustj.tensor.Engines.pytorch();
        var proto = OnnxImporter.parse(bytes, ref);
        String sha = Hashes.sha256(bytes);
        NDManager weights = parent.newSubManager();
        try {
            OnnxImporter.Imported im = OnnxImporter.read(proto, weights, inputShape, ref);
            List<Long> shape = new ArrayList<>();
            for (long d : im.graph().inputShape().getShape()) shape.add(d);
            Double acc = side != null && side.path("clean_test_accuracy").isNumber()
                    ? side.get("clean_test_accuracy").asDouble() : null;
            List<String> cardNotes = new ArrayList<>();
            cardNotes.add("ONNX opset " + im.opset() + (im.producer().isEmpty() ? "" : ", made by " + im.producer()));
            ModelCard card = new ModelCard(name, ModelCard.ONNX_FORMAT, "onnx", null, null, shape, im.numClasses(), null,
                    side != null ? side.get("training") : null, null, acc, acc != null ? "card beside the file" : null,
                    null, sha, null, null, cardNotes);
            List<Classifier.Note> notes = new ArrayList<>();
            for (String n : im.notes()) notes.add(new Classifier.Note("onnx-multiple-outputs", n));
            return new GraphClassifier(im.graph(), im.numClasses(), card, ref, sha, weights, notes);
        } catch (RuntimeException e) {
            weights.close();
            throw e;
        }
    }

    /** The ONNX bytes of a layer graph (opset {@value OnnxExporter#OPSET}, input {@code input}, output {@code logits}). */
    public static byte[] toBytes(LayerGraph graph, String modelName) {
        return OnnxExporter.export(graph, modelName).toByteArray();
    }

    /** Writes a layer graph as an ONNX file, atomically (a failed write leaves no partial file). */
    public static void write(LayerGraph graph, String modelName, Path out) throws IOException {
        AtomicFiles.write(out, toBytes(graph, modelName));
    }

    private static JsonNode sideCard(Path json) {
        if (!Files.isRegularFile(json)) return null;
        try {
            return Json.mapper().readTree(json.toFile());
        } catch (IOException e) {
            return null; // optional; a broken one is ignored
        }
    }

}
