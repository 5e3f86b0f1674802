package org.robustj.benchmark;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.robustj.data.Dataset;
import org.robustj.data.Datasets;
import org.robustj.errors.InvalidInputException;
import org.robustj.errors.ModelLoadException;
import org.robustj.io.Json;
import org.robustj.model.Classifier;
import org.robustj.model.ModelCard;
import org.robustj.model.ModelReferences;
import org.robustj.model.Models;

/**
 * The user's own model zoo: a folder of models added with {@code robustj zoo add}, listed with the bundled
 * ones and addressed the same way, as {@code zoo:NAME}. Turning a {@code zoo:NAME} reference into
 * something {@link Models#open} can read is {@link ModelReferences}' job, which {@link #resolve} and {@link
 * Models#open} share, so the CLI and the library resolve the same names.
 *
 * <p>Layout: a robustj model is {@code NAME.json} (card) plus {@code NAME.params}; a TorchScript model is
 * {@code NAME.pt} plus a {@code NAME.json} card written here (format {@code torchscript}, architecture,
 * data set, input shape, classes, training recipe); an ONNX model is {@code NAME.onnx} plus such a card (format
 * {@code onnx}). The folder is {@code -Drobustj.zoo}, else
 * {@code $ROBUSTJ_ZOO}, else {@code <robustj root>/zoo-local}.
 */
public final class LocalZoo {
    /** Prefix of zoo references. */
    public static final String PREFIX = "zoo:";

    private static final Pattern NAME = ModelReferences.ZOO_NAME;

    private final Path dir;

    /** A local zoo in {@code dir} (created on the first {@link #add}). */
    public LocalZoo(Path dir) {
        this.dir = dir;
    }

    /** The default local zoo (see the class comment for where it lives). */
    public static LocalZoo defaultZoo() {
        return new LocalZoo(ModelReferences.localZooDir());
    }

    /** The folder. */
    public Path dir() {
        return dir;
    }

    /** What {@link #add} needs besides the model file; null fields are taken from the model's card. */
    public record Addition(String name, String dataset, String architecture, String recipe, String description) {}

    /** Names of the models in this zoo, sorted. */
    public List<String> names() {
        return ModelReferences.localNames(dir);
    }

    /** Whether this zoo has {@code name}. */
    public boolean contains(String name) {
        return name != null && NAME.matcher(name).matches() && names().contains(name);
    }

    /** The card of a model in this zoo. */
    public ModelCard card(String name) {
        Path card = dir.resolve(name + ".json");
        try {
            return Models.readCard(Files.readAllBytes(card), card.toString());
        } catch (IOException e) {
            throw new ModelLoadException("cannot read " + card + ": " + e.getMessage(), e);
        }
    }

    /** The file {@link Models#open} reads for {@code name}: {@code NAME.pt}, {@code NAME.onnx} or the card. */
    public Path modelFile(String name) {
        return ModelReferences.localModelFile(dir, name);
    }

    /**
     * Resolves a model reference: {@code zoo:NAME} of a model in this zoo becomes its file; bundled names and
     * files are returned unchanged; a {@code zoo:} name known nowhere throws {@link
     * org.robustj.errors.UnknownNameException} listing the bundled and local names ({@link
     * ModelReferences#resolve(String, Path)}, which {@link Models#open} uses too).
     */
    public String resolve(String ref) {
        return ModelReferences.resolve(ref, dir);
    }

    /** The card of {@code zoo:NAME} (bundled or local), or null when {@code ref} is not a zoo reference. */
    public ModelCard zooCard(String ref) {
        if (ref == null || !ref.startsWith(PREFIX)) {
            return null;
        }
        String name = ref.substring(PREFIX.length());
        if (Models.zooNames().contains(name)) {
            return Models.zooCard(name);
        }
        return contains(name) ? card(name) : null;
    }

    /**
     * Adds a model (TorchScript {@code .pt}, ONNX {@code .onnx}, or a robustj {@code .json}/{@code .params} pair) under
     * {@code a.name()}, after checking it opens and fits its data set. Returns the card written.
     *
     * @param replace whether an existing local model of that name may be replaced
     */
    public ModelCard add(Path model, Addition a, boolean replace) throws IOException {
        String name = a.name();
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidInputException("zoo name must be 1-64 letters, digits, '.', '_' or '-' (starting with a"
                    + " letter or digit), got '" + name + "'");
        }
        if (Models.zooNames().contains(name)) {
            throw new InvalidInputException("'" + name + "' is a bundled zoo model; choose another --name");
        }
        if (contains(name) && !replace) {
            throw new InvalidInputException("the local zoo already has '" + name + "' (" + dir
                    + "); use --force to replace it");
        }
        if (!Files.isRegularFile(model)) {
            throw new ModelLoadException("model file not found: " + model);
        }
        String f = model.getFileName().toString();
        boolean robustj = f.endsWith(".json") || f.endsWith(".params");
        Files.createDirectories(dir);
        return robustj ? addRobustj(model, a) : addTorchScript(model, a, f.endsWith(".onnx") ? ".onnx" : ".pt");
    }

    private ModelCard addRobustj(Path model, Addition a) throws IOException {
        if (a.architecture() != null || a.recipe() != null) {
            throw new InvalidInputException("--architecture and --recipe are for TorchScript models; a robustj model's"
                    + " card already records them");
        }
        String base = model.toString().replaceFirst("\\.(json|params)$", "");
        Path card = Path.of(base + ".json");
        Path params = Path.of(base + ".params");
        ModelCard c;
        try (NDManager m = NDManager.newBaseManager(); Classifier cl = Models.open(m, card.toString(), null)) {
            c = cl.card();
            if (a.dataset() != null && c.dataset() != null && !a.dataset().equals(c.dataset())) {
                throw new InvalidInputException("model " + model + " was made for " + c.dataset() + ", not "
                        + a.dataset());
            }
            checkFits(cl, a.dataset() != null ? a.dataset() : c.dataset());
        }
        ModelCard out = c.withName(a.name());
        if (a.description() != null) {
            List<String> notes = new ArrayList<>(out.notes() == null ? List.of() : out.notes());
            notes.add(a.description());
            out = new ModelCard(out.name(), out.format(), out.architecture(), out.architectureOptions(),
                    a.dataset() != null ? a.dataset() : out.dataset(), out.inputShape(), out.numClasses(),
                    out.classNames(), out.recipe(), out.seed(), out.cleanAccuracy(), out.cleanAccuracyOn(),
                    out.parameters(), out.weightsSha256(), out.provenance(), out.results(), notes);
        }
        Files.copy(params, dir.resolve(a.name() + ".params"), StandardCopyOption.REPLACE_EXISTING);
        Files.deleteIfExists(dir.resolve(a.name() + ".pt"));
        Files.deleteIfExists(dir.resolve(a.name() + ".onnx"));
        Json.write(dir.resolve(a.name() + ".json"), out);
        return out;
    }

    /** Adds a TorchScript ({@code ext} {@code .pt}) or ONNX ({@code .onnx}) file with a card written here. */
    private ModelCard addTorchScript(Path model, Addition a, String ext) throws IOException {
        boolean onnx = ext.equals(".onnx");
        JsonNode side = sideCard(model);
        String dataset = a.dataset();
        if (dataset == null) {
            throw new InvalidInputException("--dataset is needed for " + (onnx ? "an ONNX model (its card records the "
                    + "data set)" : "a TorchScript model (its input shape is not stored in the file)") + "; one of "
                    + String.join(", ", Datasets.names()));
        }
        Dataset data = Datasets.load(dataset, "test");
        ModelCard opened;
        try (NDManager m = NDManager.newBaseManager();
                Classifier cl = Models.open(m, model.toString(), data.sampleShape())) {
            Models.checkFits(cl, data);
            opened = cl.card();
        }
        String architecture = a.architecture() != null ? a.architecture()
                : side != null && side.path("architecture").isTextual() ? side.get("architecture").asText()
                : onnx ? "onnx" : "torchscript";
        ObjectNode recipe = Json.mapper().createObjectNode();
        if (side != null && side.path("training").isObject()) {
            recipe.setAll((ObjectNode) side.get("training"));
        }
        if (a.recipe() != null) {
            recipe.put("recipe", a.recipe());
        } else if (recipe.has("method")) {
            recipe.put("recipe", recipe.get("method").asText());
        }
        List<String> notes = new ArrayList<>();
        notes.add("added from " + model.toAbsolutePath().normalize());
        if (a.description() != null) {
            notes.add(a.description());
        }
        List<Long> shape = new ArrayList<>();
        for (long d : data.sampleShape().getShape()) shape.add(d);
        ModelCard card = new ModelCard(a.name(), onnx ? ModelCard.ONNX_FORMAT : ModelCard.TORCHSCRIPT_FORMAT,
                architecture, null, dataset, shape,
                opened.numClasses(), data.classNames(), recipe.isEmpty() ? null : recipe, null,
                opened.cleanAccuracy(), opened.cleanAccuracyOn(),
                side != null && side.path("parameters").isNumber() ? side.get("parameters").asLong() : null,
                opened.weightsSha256(), null, null, notes);
        Files.copy(model, dir.resolve(a.name() + ext), StandardCopyOption.REPLACE_EXISTING);
        Files.deleteIfExists(dir.resolve(a.name() + ".params"));
        Files.deleteIfExists(dir.resolve(a.name() + (onnx ? ".pt" : ".onnx")));
        Json.write(dir.resolve(a.name() + ".json"), card);
        return card;
    }

    private static void checkFits(Classifier cl, String dataset) {
        if (dataset == null || !Datasets.names().contains(dataset)) {
            return;
        }
        try {
            Models.checkFits(cl, Datasets.load(dataset, "test"));
        } catch (org.robustj.errors.DataFormatException e) {
            // the data set's files are not here; the model itself opened fine
        }
    }

    private static JsonNode sideCard(Path model) {
        String f = model.getFileName().toString().replaceFirst("\\.[^.]+$", "");
        Path json = model.resolveSibling(f + ".json");
        if (!Files.isRegularFile(json)) {
            return null;
        }
        try {
            return Json.mapper().readTree(json.toFile());
        } catch (IOException e) {
            return null;
        }
    }

    /** The training recipe of a card as a short word: its {@code recipe} or {@code method}, else {@code standard}. */
    public static String recipeOf(ModelCard card) {
        if (card == null || card.recipe() == null) {
            return "unknown";
        }
        JsonNode r = card.recipe();
        for (String k : List.of("recipe", "method", "name")) {
            if (r.path(k).isTextual()) {
                return r.get(k).asText();
            }
        }
        return r.isTextual() ? r.asText() : "unknown";
    }
}
