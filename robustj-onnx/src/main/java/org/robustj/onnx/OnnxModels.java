package org.robustj.onnx;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.robustj.errors.ModelLoadException;
import org.robustj.errors.UnknownNameException;
import org.robustj.io.AtomicFiles;
import org.robustj.io.Json;
import org.robustj.model.Classifier;
import org.robustj.model.GraphClassifier;
import org.robustj.model.ModelCard;
import org.robustj.model.graph.LayerGraph;
import org.robustj.provenance.Hashes;

/**
 * The entry point of robustj-onnx: opens an {@code .onnx} file as a white-box {@link GraphClassifier} (its
 * operators mapped onto robustj's layer graph, so attacks get input gradients and certifiers read the graph)
 * or, when the graph cannot hold an operator or {@link Backend#ONNXRUNTIME} is asked for, as a query-only
 * {@link OnnxRuntimeClassifier},
 * and writes any {@link LayerGraph} back as ONNX, so a model hardened or certified here returns to PyTorch or
 * any ONNX runtime.
 */
public final class OnnxModels {
    private OnnxModels() {}

    /** How robustj runs an ONNX model ({@code --backend}). */
    public enum Backend {
        /** The layer graph when robustj maps every operator (white-box), else ONNX Runtime (query-only). */
        AUTO("auto"),
        /** robustj's layer graph only: an unmapped operator is an error. */
        GRAPH("graph"),
        /** ONNX Runtime, query-only (logits only), for any ONNX model. */
        ONNXRUNTIME("onnxruntime");

        private final String id;

        Backend(String id) {
            this.id = id;
        }

        /** The name the CLI takes. */
        public String id() {
            return id;
        }

        /** The backend named {@code name}; an unknown one is an {@link UnknownNameException}. */
        public static Backend parse(String name) {
            List<String> ids = new ArrayList<>();
            for (Backend b : values()) {
                if (b.id.equals(name)) return b;
                ids.add(b.id);
            }
            throw new UnknownNameException("backend", String.valueOf(name), ids);
        }
    }

    /**
     * Opens an ONNX file with {@link Backend#AUTO}: white-box through the layer graph, or, when the graph cannot
     * hold one of its operators, query-only through ONNX Runtime, with a note saying so.
     *
     * @param inputShape one sample's shape from the data set, or null; needed only when the file leaves it
     *     symbolic
     * @param ref the reference as the user wrote it
     */
    public static Classifier open(NDManager parent, Path file, Shape inputShape, String ref) {
        return open(parent, file, inputShape, ref, Backend.AUTO);
    }

    /** Opens an ONNX file with the given backend; ONNX Runtime gets robustj's thread count. */
    public static Classifier open(NDManager parent, Path file, Shape inputShape, String ref, Backend backend) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw OnnxImporter.unreadable(ref, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), e);
        }
        String base = file.getFileName().toString().replaceFirst("\\.[^.]+$", "");
        if (backend == Backend.ONNXRUNTIME) {
            return runtime(parent, bytes, inputShape, ref, base, List.of(new Classifier.Note("onnx-runtime",
                    "--backend onnxruntime: " + ref + " runs through ONNX Runtime as a query-only model (logits only)")));
        }
        try {
            return read(parent, bytes, inputShape, ref, base, sideCard(file.resolveSibling(base + ".json")));
        } catch (UnsupportedOperatorException e) {
            if (backend == Backend.GRAPH) throw e;
            String why = e.getMessage().replaceFirst("^ONNX model .*?: ", "").replaceFirst("; robustj imports .*$", "");
            try {
                return runtime(parent, bytes, inputShape, ref, base, List.of(new Classifier.Note("onnx-runtime",
                        ref + " runs through ONNX Runtime as a query-only model (logits only; gradient attacks, "
                                + "certifiers and --bpda need robustj's layer graph), since the graph cannot hold it: "
                                + why)));
            } catch (ModelLoadException ort) {
                throw new ModelLoadException(e.getMessage() + "; ONNX Runtime cannot run it either ("
                        + ort.getMessage().replaceFirst("^cannot read ONNX model .*?: ", "") + ")", ort);
            }
        }
    }

    /**
     * Opens ONNX bytes in ONNX Runtime, query-only, with robustj's thread count ({@code --threads}).
     *
     * @param notes what to note with the model (why it runs in ONNX Runtime)
     */
    public static OnnxRuntimeClassifier runtime(NDManager parent, byte[] bytes, Shape inputShape, String ref,
            String name, List<Classifier.Note> notes) {
        org.robustj.tensor.Engines.pytorch();
        OnnxImporter.parse(bytes, ref); // a corrupt file gets the same one-line error as with the layer graph
        return OnnxRuntimeClassifier.open(parent, bytes, inputShape, ref, name, org.robustj.tensor.Engines.threads(),
                notes);
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
