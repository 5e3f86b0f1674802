package org.robustj.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.robustj.data.Datasets;
import org.robustj.errors.InvalidInputException;
import org.robustj.errors.UnknownNameException;
import org.robustj.io.Json;
import org.robustj.model.Architectures;

/**
 * A training recipe as data: what to train (architecture and its options, data set, training subset), how
 * (recipe name and options, optimiser, learning-rate schedule, augmentation, epochs, batch size) and the root
 * seed. It is both the JSON file given to {@code robustj train --config} and the {@code recipe} stored in the
 * model card, with snake_case keys ({@code batch_size}, {@code weight_decay}, …).
 *
 * <p>Field meanings: {@code optimizer} is {@code sgd} (momentum, optional Nesterov, L2 weight decay added to
 * the gradient, as PyTorch's {@code SGD}) or {@code adam} (Kingma &amp; Ba 2015, arXiv 1412.6980, with
 * {@code beta1}, {@code beta2}, {@code epsilon}; weight decay added to the gradient, as PyTorch's {@code Adam}).
 * {@code schedule} is {@code constant}, {@code step} (multiply by {@code gamma} at each epoch in
 * {@code milestones}; milestones past the last epoch never apply, so a short trial of a long recipe works),
 * {@code cosine} (to 0 at the last step) or {@code one-cycle} (linear from 0 to {@code lr} over the first
 * {@code peak_fraction} of the steps, then linear to 0). {@code augmentation} is
 * {@code none} or {@code crop-flip}. {@code n_train} (null: all) picks the {@code first} training images or a
 * seeded {@code random} subset ({@code subset}). {@code eval_size} test images (0: none) give the per-epoch
 * test accuracy of the log. {@code monitor} (null: none) turns on robustness monitoring and the
 * catastrophic-overfitting guard ({@link Monitor}). {@code init_model} (null: none) is a robustj model
 * ({@code BASE.json} or {@code zoo:NAME}) of the same architecture whose weights start the run instead of a
 * random initialisation (fine-tuning; required by {@code adv-finetune}); its weights' SHA-256 goes into the card.
 * {@code probes} (empty: none) names measurements taken every k steps, each with its options, e.g.
 * {@code {"complexity": {"every": 100, "radii": [0.05, 0.5]}}} ({@link TrainingProbe}; the providers live in
 * modules built on this one, found by {@link ProbeRegistry}).
 *
 * <p>{@link #defaults()} train small-cnn on MNIST for 10 epochs with the optimiser settings common in the
 * adversarial-training literature (SGD, lr 0.1, momentum 0.9, weight decay 5e-4, batch 128; e.g. Rice et al.
 * 2020, arXiv 2002.11569) and PyTorch's defaults for Adam's betas and epsilon.
 */
public record TrainConfig(
        String recipe,
        Map<String, Object> recipeOptions,
        String architecture,
        Map<String, Object> architectureOptions,
        String dataset,
        Integer nTrain,
        String subset,
        int epochs,
        int batchSize,
        String optimizer,
        double lr,
        double momentum,
        double weightDecay,
        boolean nesterov,
        double beta1,
        double beta2,
        double epsilon,
        String schedule,
        List<Integer> milestones,
        double gamma,
        double peakFraction,
        String augmentation,
        long seed,
        int evalSize,
        Monitor monitor,
        String initModel,
        Map<String, Map<String, Object>> probes) {

    /** Optimiser names. */
    public static final List<String> OPTIMIZERS = List.of("sgd", "adam");

    /** Subset rules for {@code n_train}. */
    public static final List<String> SUBSETS = List.of("first", "random");

    public TrainConfig {
        recipeOptions = recipeOptions == null ? Map.of() : new LinkedHashMap<>(recipeOptions);
        architectureOptions = architectureOptions == null ? Map.of() : new LinkedHashMap<>(architectureOptions);
        milestones = milestones == null ? List.of() : List.copyOf(milestones);
        probes = probes == null ? Map.of() : copyProbes(probes);
        for (Map.Entry<String, Map<String, Object>> e : probes.entrySet()) {
            ProbeRegistry.provider(e.getKey()).validate(e.getValue());
        }
        RecipeRegistry.provider(recipe).create(recipeOptions); // validates the recipe's options
        if (initModel != null && initModel.isBlank()) {
            initModel = null;
        }
        if (initModel == null && RecipeRegistry.provider(recipe).requiresInitModel()) {
            throw new InvalidInputException("recipe " + recipe + " fine-tunes a trained model: give init_model "
                    + "(a robustj model .json or zoo:NAME; CLI --init-model)");
        }
        if (architecture == null || !Architectures.names().contains(architecture)) {
            throw new UnknownNameException("architecture", String.valueOf(architecture), Architectures.names());
        }
        if (dataset == null || !Datasets.names().contains(dataset)) {
            throw new UnknownNameException("data set", String.valueOf(dataset), Datasets.names());
        }
        if (!SUBSETS.contains(subset)) {
            throw new UnknownNameException("subset rule", String.valueOf(subset), SUBSETS);
        }
        if (!OPTIMIZERS.contains(optimizer)) {
            throw new UnknownNameException("optimizer", String.valueOf(optimizer), OPTIMIZERS);
        }
        LrSchedule.checkName(schedule);
        Augmentation.checkName(augmentation);
        check(nTrain == null || nTrain >= 1, "n_train must be >= 1 (or null for all), got " + nTrain);
        check(epochs >= 1, "epochs must be >= 1, got " + epochs);
        check(batchSize >= 1, "batch_size must be >= 1, got " + batchSize);
        check(lr > 0 && Double.isFinite(lr), "lr must be > 0, got " + lr);
        check(momentum >= 0 && momentum < 1, "momentum must be in [0, 1), got " + momentum);
        check(weightDecay >= 0 && Double.isFinite(weightDecay), "weight_decay must be >= 0, got " + weightDecay);
        check(!nesterov || momentum > 0, "nesterov needs momentum > 0");
        check(beta1 >= 0 && beta1 < 1, "beta1 must be in [0, 1), got " + beta1);
        check(beta2 >= 0 && beta2 < 1, "beta2 must be in [0, 1), got " + beta2);
        check(epsilon > 0, "epsilon must be > 0, got " + epsilon);
        check(gamma > 0 && gamma <= 1, "gamma must be in (0, 1], got " + gamma);
        check(peakFraction > 0 && peakFraction < 1, "peak_fraction must be in (0, 1), got " + peakFraction);
        check(evalSize >= 0, "eval_size must be >= 0, got " + evalSize);
        int prev = 0;
        for (Integer m : milestones) {
            check(m != null && m > prev, "milestones must be increasing epochs >= 1, got " + milestones);
            prev = m;
        }
    }

    private static Map<String, Map<String, Object>> copyProbes(Map<String, Map<String, Object>> probes) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, Object>> e : probes.entrySet()) {
            out.put(e.getKey(), e.getValue() == null ? Map.of() : new LinkedHashMap<>(e.getValue()));
        }
        return java.util.Collections.unmodifiableMap(out);
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new InvalidInputException(message);
        }
    }

    /** The reference defaults (see the class comment): small-cnn on MNIST, SGD 0.1, 10 epochs, constant. */
    public static TrainConfig defaults() {
        return new TrainConfig("standard", Map.of(), "small-cnn", Map.of(), "mnist", null, "first", 10, 128, "sgd",
                0.1, 0.9, 5e-4, false, 0.9, 0.999, 1e-8, "constant", List.of(), 0.1, 0.4, "none", 0, 1000, null, null, null);
    }

    /** {@link #defaults()} overridden by the given fields (snake_case or camelCase keys). */
    public static TrainConfig of(Map<String, Object> overrides) {
        return defaults().with(overrides);
    }

    /**
     * This config with fields overridden (snake_case or camelCase keys; an unknown key is an error). The
     * validation error of a bad value or name is thrown as is, so its message reaches the user unchanged.
     */
    public TrainConfig with(Map<String, Object> overrides) {
        ObjectNode tree = (ObjectNode) toJson();
        java.util.Set<String> given = new java.util.HashSet<>();
        for (Map.Entry<String, Object> e : overrides.entrySet()) {
            String key = e.getKey().replaceAll("([a-z0-9])([A-Z])", "$1_$2").replace('-', '_')
                    .toLowerCase(java.util.Locale.ROOT);
            given.add(key);
            if (!tree.has(key)) {
                List<String> known = new ArrayList<>();
                tree.fieldNames().forEachRemaining(known::add);
                throw new InvalidInputException("unknown recipe field '" + e.getKey() + "'; fields: "
                        + String.join(", ", known));
            }
            tree.set(key, Json.mapper().valueToTree(e.getValue()));
        }
        adoptInitModelArchitecture(tree, given);
        try {
            return Json.mapper().treeToValue(tree, TrainConfig.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
                if (t instanceof org.robustj.errors.RobustjException r) {
                    throw r; // a validation message from the compact constructor
                }
            }
            throw new InvalidInputException("bad recipe: " + firstLine(e.getOriginalMessage()));
        }
    }

    /**
     * Fine-tuning starts from {@code init_model}'s weights, so its architecture is the default: when an
     * {@code init_model} is set and neither {@code architecture} nor {@code architecture_options} was given here
     * and the config still holds the default architecture, both are taken from the initial model's card (a
     * reference without a readable card is left to {@link Trainer} to report).
     */
    private static void adoptInitModelArchitecture(ObjectNode tree, java.util.Set<String> given) {
        JsonNode init = tree.get("init_model");
        if (init == null || !init.isTextual() || init.asText().isBlank() || given.contains("architecture")
                || given.contains("architecture_options")) {
            return;
        }
        boolean defaultArchitecture = tree.path("architecture").asText().equals(defaults().architecture())
                && tree.path("architecture_options").isEmpty();
        if (!defaultArchitecture) {
            return;
        }
        org.robustj.model.Models.cardOf(init.asText()).filter(c -> c.architecture() != null).ifPresent(c -> {
            tree.put("architecture", c.architecture());
            tree.set("architecture_options", Json.mapper().valueToTree(
                    c.architectureOptions() == null ? Map.of() : c.architectureOptions()));
        });
    }

    /** Reads a JSON recipe file; missing fields take {@link #defaults()}, unknown fields are an error. */
    public static TrainConfig read(Path file) {
        JsonNode tree;
        try {
            tree = Json.mapper().readTree(Files.readAllBytes(file));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new InvalidInputException("recipe file not found: " + file);
        } catch (IOException e) {
            throw new InvalidInputException("recipe file " + file + " is not valid JSON: " + firstLine(e.getMessage()));
        }
        if (tree == null || !tree.isObject()) {
            throw new InvalidInputException("recipe file " + file + " must hold a JSON object");
        }
        return of(toMap((ObjectNode) tree));
    }

    /** The recipe as a JSON tree (what the model card stores). */
    public JsonNode toJson() {
        return Json.tree(this);
    }

    /** Field-by-field differences from another config, e.g. {@code lr: 0.1 -> 0.01}; empty when equal. */
    public List<String> differences(TrainConfig other) {
        ObjectNode a = (ObjectNode) toJson();
        ObjectNode b = (ObjectNode) other.toJson();
        List<String> out = new ArrayList<>();
        for (Iterator<String> it = a.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!a.get(f).equals(b.get(f))) {
                out.add(f + ": " + a.get(f) + " -> " + b.get(f));
            }
        }
        return out;
    }

    private static Map<String, Object> toMap(ObjectNode tree) {
        Map<String, Object> m = new LinkedHashMap<>();
        tree.fields().forEachRemaining(e -> m.put(e.getKey(), Json.mapper().convertValue(e.getValue(), Object.class)));
        return m;
    }

    private static String firstLine(String m) {
        if (m == null) return "";
        int nl = m.indexOf('\n');
        return nl >= 0 ? m.substring(0, nl) : m;
    }
}
