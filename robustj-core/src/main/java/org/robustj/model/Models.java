package org.robustj.model;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.robustj.data.Dataset;
import org.robustj.errors.InvalidInputException;
import org.robustj.errors.ModelLoadException;
import org.robustj.io.AtomicFiles;
import org.robustj.io.Json;
import org.robustj.provenance.Hashes;
import org.robustj.tensor.TorchScript;

/**
 * Opens and saves models. A model reference is {@code zoo:NAME} (bundled, or of the local zoo: {@link
 * ModelReferences}), a TorchScript file
 * ({@code .pt}, {@code .pth}, {@code .ts}), a robustj model ({@code NAME.json} card with
 * {@code NAME.params} weights beside it; either file may be named), or a file of a format another module
 * provides ({@link ModelFormatProvider}: {@code .onnx} with robustj-onnx on the class path), or a composite of
 * those ({@link ModelSpecs}: {@code ensemble:A,B}, {@code noise:SIGMA:M:MODEL}).
 */
public final class Models {
    /** Class-path folder of the bundled models. */
    public static final String ZOO = "/robustj/zoo/";

    private Models() {}

    /**
     * Opens a model. {@code inputShape} (one sample, may be null) is the shape of the data it will see; it
     * is needed for TorchScript files, whose input shape is not stored in the file.
     */
    public static Classifier open(NDManager manager, String ref, Shape inputShape) {
        org.robustj.tensor.Engines.pytorch(); // engine set-up (convolution kernels chosen) before the first pass
        Classifier model = openUnchecked(manager, ref, inputShape);
        checkGradientKernels(model, ref);
        return model;
    }

    /**
     * Before anything differentiates a newly opened model: where gradient passes run on oneDNN, its input gradient
     * must equal the native kernels' on the model's own layers ({@link org.robustj.tensor.Engines#checkModelGradients});
     * otherwise the process falls back to the native kernels, with a warning. A deterministic white-box model only:
     * a query-only model has no gradient, and a randomized one's layers are checked through its fixed-key logits.
     */
    public static void checkGradientKernels(Classifier model, String ref) {
        if (!model.capabilities().contains(ModelCapability.INPUT_GRADIENTS)) {
            return;
        }
        if (model.inputShape() == null) {
            return;
        }
        long[] keys = {1, 2, 3, 4};
        org.robustj.tensor.Engines.checkModelGradients(model.inputShape(), x -> model.logits(x, keys))
                .ifPresent(why -> System.err.println("warning: " + ref + ": with libtorch's oneDNN convolutions the "
                        + why + "; gradients use the native kernels from now on (slower, exact)"));
    }

    private static Classifier openUnchecked(NDManager manager, String ref, Shape inputShape) {
        if (ModelSpecs.composite(ref)) {
            return ModelSpecs.open(manager, ref, r -> openUnchecked(manager, r, inputShape));
        }
        if (ref.startsWith("zoo:")) {
            String resolved = ModelReferences.resolve(ref); // a local zoo model becomes its file
            if (!resolved.equals(ref)) {
                return openUnchecked(manager, resolved, inputShape);
            }
            return openZoo(manager, ref.substring(4), ref);
        }
        Path p = Path.of(ref);
        if (!Files.exists(p)) {
            throw new ModelLoadException("model file not found: " + ref);
        }
        String f = p.getFileName().toString();
        if (f.endsWith(".json")) {
            return openRobustj(manager, p, sibling(p, ".params"), ref);
        }
        if (f.endsWith(".params")) {
            return openRobustj(manager, sibling(p, ".json"), p, ref);
        }
        for (ModelFormatProvider format : formats()) {
            for (String ext : format.extensions()) {
                if (f.endsWith(ext)) {
                    return format.open(manager, p, inputShape, ref);
                }
            }
        }
        if (f.endsWith(".onnx")) {
            throw new ModelLoadException("cannot open ONNX model " + ref + ": robustj-onnx is not on the class path");
        }
        if (f.endsWith(".pt") || f.endsWith(".pth") || f.endsWith(".ts") || isZip(p)) {
            return openTorchScript(manager, p, inputShape, ref);
        }
        StringBuilder others = new StringBuilder();
        for (ModelFormatProvider format : formats()) {
            others.append(", a ").append(format.name()).append(' ').append(String.join("/", format.extensions()))
                    .append(" file");
        }
        throw new ModelLoadException("unknown model format: " + ref
                + " (expected zoo:NAME, a TorchScript .pt file" + others + ", or a robustj .json card)");
    }

    /** The model formats other modules provide ({@link ModelFormatProvider}s on the class path). */
    public static List<ModelFormatProvider> formats() {
        List<ModelFormatProvider> all = new ArrayList<>();
        java.util.ServiceLoader.load(ModelFormatProvider.class, Models.class.getClassLoader()).forEach(all::add);
        return all;
    }

    /** Names of the bundled models. */
    public static List<String> zooNames() {
        List<String> names = new ArrayList<>();
        try (InputStream in = Models.class.getResourceAsStream(ZOO + "index.txt")) {
            if (in == null) {
                return names;
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                line = line.trim();
                if (!line.isEmpty() && !line.startsWith("#")) {
                    names.add(line);
                }
            }
        } catch (IOException e) {
            throw new ModelLoadException("cannot read the bundled model index: " + e.getMessage(), e);
        }
        return names;
    }

    /** The card of a bundled model. */
    public static ModelCard zooCard(String name) {
        byte[] json = resource(ZOO + name + ".json", "zoo:" + name);
        return readCard(json, "zoo:" + name);
    }

    private static Classifier openZoo(NDManager manager, String name, String ref) {
        if (!zooNames().contains(name)) {
            throw new org.robustj.errors.UnknownNameException("zoo model", name, zooNames());
        }
        ModelCard card = zooCard(name);
        byte[] weights = resource(ZOO + name + ".params", ref);
        return openWeights(manager, card, weights, ref);
    }

    private static byte[] resource(String path, String ref) {
        try (InputStream in = Models.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new ModelLoadException("bundled model file missing: " + path + " (" + ref + ")");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new ModelLoadException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    private static Classifier openRobustj(NDManager manager, Path card, Path weights, String ref) {
        if (!Files.isRegularFile(card)) {
            throw new ModelLoadException("model card not found: " + card);
        }
        if (!Files.isRegularFile(weights)) {
            throw new ModelLoadException("model weights not found: " + weights);
        }
        try {
            return openWeights(manager, readCard(Files.readAllBytes(card), card.toString()),
                    Files.readAllBytes(weights), ref);
        } catch (IOException e) {
            throw new ModelLoadException("cannot read " + ref + ": " + e.getMessage(), e);
        }
    }

    private static Classifier openWeights(NDManager manager, ModelCard card, byte[] weights, String ref) {
        String sha = Hashes.sha256(weights);
        if (card.weightsSha256() != null && !card.weightsSha256().equals(sha)) {
            throw new ModelLoadException("model weights of " + ref + " are corrupt: SHA-256 " + sha
                    + " differs from the card's " + card.weightsSha256());
        }
        if (card.architecture() == null || card.inputShape() == null || card.numClasses() < 1) {
            throw new ModelLoadException("model card of " + ref + " lacks architecture, input_shape or num_classes");
        }
        BlockClassifier c = BlockClassifier.load(manager, card.withWeightsSha256(sha),
                new DataInputStream(new BufferedInputStream(new ByteArrayInputStream(weights))), ref);
        return c;
    }

    /**
     * The card of a robustj model reference ({@code zoo:NAME}, {@code BASE.json} or {@code BASE.params}) without
     * loading its weights; empty for TorchScript files and for references that do not resolve (opening the
     * model reports those).
     */
    public static java.util.Optional<ModelCard> cardOf(String ref) {
        if (ref == null) {
            return java.util.Optional.empty();
        }
        if (ref.startsWith("zoo:")) {
            String name = ref.substring(4);
            if (zooNames().contains(name)) {
                return java.util.Optional.of(zooCard(name));
            }
            try {
                return cardOf(ModelReferences.resolve(ref)); // a local zoo model: its file
            } catch (org.robustj.errors.UnknownNameException e) {
                return java.util.Optional.empty();
            }
        }
        Path p = Path.of(ref);
        String f = p.getFileName() == null ? "" : p.getFileName().toString();
        Path card = f.endsWith(".json") ? p : f.endsWith(".params") ? sibling(p, ".json") : null;
        if (card == null || !Files.isRegularFile(card)) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(readCard(Files.readAllBytes(card), card.toString()));
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }

    /** Parses a model card. */
    public static ModelCard readCard(byte[] json, String name) {
        try {
            ModelCard c = Json.mapper().readValue(json, ModelCard.class);
            if (c == null) {
                throw new ModelLoadException("model card " + name + " is empty");
            }
            return c;
        } catch (IOException e) {
            throw new ModelLoadException("model card " + name + " is not valid JSON: " + firstLine(e.getMessage()), e);
        }
    }

    private static Classifier openTorchScript(NDManager manager, Path p, Shape inputShape, String ref) {
        Shape shape = inputShape;
        JsonNode side = sideCard(sibling(p, ".json"));
        if (shape == null && side != null && side.path("input").path("shape").isArray()) {
            JsonNode s = side.path("input").path("shape");
            long[] dims = new long[s.size() - 1];
            for (int i = 1; i < s.size(); i++) dims[i - 1] = s.get(i).asLong();
            shape = new Shape(dims);
        }
        if (shape == null) {
            throw new ModelLoadException("TorchScript model " + ref + " needs a data set to know its input shape");
        }
        String sha;
        try {
            sha = Hashes.sha256(p);
        } catch (IOException e) {
            throw new ModelLoadException("cannot read " + ref + ": " + e.getMessage(), e);
        }
        Model model = TorchScriptClassifier.loadModel(p);
        int classes;
        long[] dims = new long[shape.dimension() + 1];
        dims[0] = 2;
        System.arraycopy(shape.getShape(), 0, dims, 1, shape.dimension());
        List<Classifier.Note> notes = new ArrayList<>();
        int[] training = TorchScript.trainingFlags(p);
        if (training != null && training[0] > 0) {
            notes.add(new Classifier.Note("torchscript-train-mode", "TorchScript model " + ref + " was exported in "
                    + "train mode (" + training[0] + " of " + training[1] + " modules have training=True); robustj "
                    + "evaluates and attacks it in eval mode (BatchNorm running statistics, no dropout). Export it "
                    + "after model.eval(); if train-mode randomness is part of the defence, use --version rand"));
        }
        try (NDManager probe = manager.newSubManager()) {
            ai.djl.ndarray.NDList all = TorchScriptClassifier.forwardAll(model, probe.zeros(new Shape(dims)));
            NDArray out = all.get(0);
            if (out.getShape().dimension() != 2 || out.getShape().get(0) != 2) {
                throw new ModelLoadException("TorchScript model " + ref + " returns shape " + out.getShape()
                        + " for a batch of 2; expected N×K logits");
            }
            classes = (int) out.getShape().get(1);
            if (all.size() > 1) {
                List<String> shapes = new ArrayList<>();
                for (NDArray a : all) shapes.add(a.getShape().toString());
                notes.add(new Classifier.Note("torchscript-tuple-output", "TorchScript model " + ref + " returns "
                        + all.size() + " outputs (shapes " + String.join(", ", shapes) + " for a batch of 2); robustj "
                        + "uses the first as the logits. Export a module that returns the logits alone if that is "
                        + "not them"));
            }
        } catch (ModelLoadException e) {
            model.close();
            throw e;
        } catch (RuntimeException e) {
            String accepted = acceptedShapes(model, manager, shape);
            model.close();
            throw new ModelLoadException("TorchScript model " + ref + " does not accept inputs of shape " + shape
                    + " (" + reason(e.getMessage()) + ")" + accepted, e);
        }
        List<Long> in = new ArrayList<>();
        for (long d : shape.getShape()) in.add(d);
        Double acc = side != null && side.has("clean_test_accuracy") ? side.get("clean_test_accuracy").asDouble()
                : null;
        ModelCard card = new ModelCard(p.getFileName().toString().replaceFirst("\\.[^.]+$", ""),
                ModelCard.TORCHSCRIPT_FORMAT, "torchscript", null, null, in, classes, null,
                side != null ? side.get("training") : null, null, acc, acc != null ? "card beside the file" : null,
                null, sha, null, null, null);
        return new TorchScriptClassifier(model, shape, classes, card, ref, sha, notes);
    }

    /**
     * The hint after a failed forward pass: which known data sets' sample shapes the module does accept
     * (tried on a batch of 2 zeros), so that the user knows which {@code --dataset} to pass.
     */
    private static String acceptedShapes(Model model, NDManager manager, Shape failed) {
        java.util.Map<Shape, List<String>> byShape = new java.util.LinkedHashMap<>();
        org.robustj.data.Datasets.sampleShapes().forEach((name, s) -> byShape.computeIfAbsent(s,
                x -> new ArrayList<>()).add(name));
        List<String> ok = new ArrayList<>();
        List<String> sets = new ArrayList<>();
        for (java.util.Map.Entry<Shape, List<String>> e : byShape.entrySet()) {
            if (e.getKey().equals(failed)) {
                continue;
            }
            long[] dims = new long[e.getKey().dimension() + 1];
            dims[0] = 2;
            System.arraycopy(e.getKey().getShape(), 0, dims, 1, e.getKey().dimension());
            try (NDManager probe = manager.newSubManager()) {
                NDArray out = TorchScriptClassifier.forward(model, probe.zeros(new Shape(dims)));
                if (out.getShape().dimension() == 2 && out.getShape().get(0) == 2) {
                    ok.add(e.getKey() + " (" + String.join(", ", e.getValue()) + ")");
                    sets.addAll(e.getValue());
                }
            } catch (RuntimeException ignored) {
                // not this shape either
            }
        }
        if (ok.isEmpty()) {
            return "; it accepts none of the known data sets' shapes " + byShape.keySet() + ": check the export";
        }
        return "; it accepts " + String.join(" and ", ok) + ": pass --dataset " + String.join(" or ", sets);
    }

    /** The useful line of a TorchScript interpreter error (its last "...Error: ..." line), else the first. */
    static String reason(String m) {
        if (m == null) return "forward pass failed";
        String best = null;
        for (String line : m.split("\n")) {
            String t = line.strip();
            if (t.matches("^[A-Za-z.]*Error: .*")) best = t;
        }
        return best != null ? best : firstLine(m).strip();
    }

    private static JsonNode sideCard(Path json) {
        if (!Files.isRegularFile(json)) {
            return null;
        }
        try {
            return Json.mapper().readTree(json.toFile());
        } catch (IOException e) {
            return null; // a side card is optional; a broken one is ignored
        }
    }

    /** Saves a robustj model as {@code base.params} and {@code base.json}; returns the card written. */
    public static ModelCard save(BlockClassifier model, Path base) throws IOException {
        String b = base.toString().replaceFirst("\\.(json|params)$", "");
        Path params = Path.of(b + ".params");
        Path json = Path.of(b + ".json");
        AtomicFiles.write(params, out -> {
            DataOutputStream d = new DataOutputStream(out);
            model.save(d);
            d.flush();
        });
        ModelCard card = model.card().withWeightsSha256(Hashes.sha256(params));
        model.setCard(card);
        Json.write(json, card);
        return card;
    }

    /** Checks that a model fits a data set (sample shape and number of classes). */
    public static void checkFits(Classifier model, Dataset data) {
        if (!model.inputShape().equals(data.sampleShape())) {
            List<String> fitting = new ArrayList<>();
            org.robustj.data.Datasets.sampleShapes().forEach((name, s) -> {
                if (s.equals(model.inputShape())) fitting.add(name);
            });
            throw new InvalidInputException("model " + model.source() + " expects inputs of shape "
                    + model.inputShape() + " but " + data.name() + " has samples of shape " + data.sampleShape()
                    + (fitting.isEmpty() ? "" : "; pass --dataset " + String.join(" or ", fitting)));
        }
        if (model.numClasses() != data.numClasses()) {
            throw new InvalidInputException("model " + model.source() + " has " + model.numClasses()
                    + " outputs but " + data.name() + " has " + data.numClasses() + " classes");
        }
    }

    private static Path sibling(Path p, String ext) {
        String f = p.getFileName().toString().replaceFirst("\\.[^.]+$", "");
        return p.resolveSibling(f + ext);
    }

    private static boolean isZip(Path p) {
        try (InputStream in = Files.newInputStream(p)) {
            return in.read() == 'P' && in.read() == 'K';
        } catch (IOException e) {
            return false;
        }
    }

    private static String firstLine(String m) {
        if (m == null) return "";
        int nl = m.indexOf('\n');
        return nl >= 0 ? m.substring(0, nl) : m;
    }
}
