package org.robustj.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustj.errors.InvalidInputException;
import org.robustj.errors.UnknownNameException;
import org.robustj.io.Json;

/** Recipes round-trip through snake_case JSON; bad values and names fail with one clear message. */
class TrainConfigTest {
    @TempDir
    Path dir;

    @Test
    void roundTripsThroughJsonWithSnakeCaseKeys() throws IOException {
        TrainConfig c = TrainConfig.of(Map.of("batch_size", 64, "weightDecay", 0.001, "n_train", 500,
                "architecture_options", Map.of("conv1", 8), "milestones", List.of(2, 4), "epochs", 5));
        String json = Json.write(c);
        assertTrue(json.contains("\"batch_size\" : 64"), json);
        assertTrue(json.contains("\"weight_decay\" : 0.001"), json);
        assertTrue(json.contains("\"n_train\" : 500"), json);
        Path f = dir.resolve("r.json");
        Files.writeString(f, json);
        assertEquals(c, TrainConfig.read(f));
    }

    @Test
    void missingFieldsTakeTheDefaults() throws IOException {
        Path f = dir.resolve("r.json");
        Files.writeString(f, "{\"optimizer\": \"adam\", \"lr\": 0.001}");
        TrainConfig c = TrainConfig.read(f);
        assertEquals("adam", c.optimizer());
        assertEquals(0.001, c.lr());
        assertEquals(TrainConfig.defaults().batchSize(), c.batchSize());
        assertEquals("standard", c.recipe());
    }

    @Test
    void rejectsUnknownFieldsNamesAndValues() throws IOException {
        Path f = dir.resolve("r.json");
        Files.writeString(f, "{\"learning_rate\": 0.1}");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> TrainConfig.read(f));
        assertTrue(e.getMessage().contains("learning_rate"), e.getMessage());
        assertThrows(UnknownNameException.class, () -> TrainConfig.of(Map.of("architecture", "vgg")));
        assertThrows(UnknownNameException.class, () -> TrainConfig.of(Map.of("optimizer", "rmsprop")));
        assertThrows(UnknownNameException.class, () -> TrainConfig.of(Map.of("recipe", "nope")));
        assertThrows(UnknownNameException.class, () -> TrainConfig.of(Map.of("augmentation", "mixup")));
        InvalidInputException lr = assertThrows(InvalidInputException.class, () -> TrainConfig.of(Map.of("lr", -1)));
        assertTrue(lr.getMessage().contains("lr"), lr.getMessage());
        assertThrows(InvalidInputException.class, () -> TrainConfig.of(Map.of("epochs", 3, "milestones",
                List.of(2, 1))));
        assertEquals(List.of(100, 150), TrainConfig.of(Map.of("epochs", 1, "milestones", List.of(100, 150)))
                .milestones(), "a one-epoch trial of a 200-epoch recipe");
        assertThrows(InvalidInputException.class, () -> TrainConfig.of(Map.of("recipe_options", Map.of("eps", 1))));
    }

    @Test
    void recipeOptionErrorsNameTheRecipe() {
        // they said "for Options" (the record's class name) before, for every recipe alike
        for (Map.Entry<String, String> numeric : Map.of("ibp", "eps", "pgd-at", "eps", "asam", "rho").entrySet()) {
            String recipe = numeric.getKey();
            InvalidInputException unknown = assertThrows(InvalidInputException.class,
                    () -> RecipeRegistry.provider(recipe).create(Map.of("foo", 1)));
            assertTrue(unknown.getMessage().startsWith("unknown option 'foo' for recipe " + recipe + "; options: "),
                    unknown.getMessage());
            InvalidInputException bad = assertThrows(InvalidInputException.class,
                    () -> RecipeRegistry.provider(recipe).create(Map.of(numeric.getValue(), "abc")));
            assertTrue(bad.getMessage().startsWith("bad options for recipe " + recipe + ": "), bad.getMessage());
        }
    }

    @Test
    void differencesNameTheChangedFields() {
        TrainConfig a = TrainConfig.defaults();
        TrainConfig b = a.with(Map.of("lr", 0.01));
        assertEquals(List.of("lr: 0.1 -> 0.01"), a.differences(b));
        assertTrue(a.differences(a).isEmpty());
    }

    @Test
    void initModelArchitectureIsTheDefault() {
        // issue 10 item 11: --init-model zoo:mnist-cnn failed with "is small-cnn {conv1=32, ...} but the config
        // trains small-cnn {}"
        TrainConfig c = TrainConfig.of(Map.of("recipe", "adv-finetune", "init_model", "zoo:mnist-cnn"));
        org.robustj.model.ModelCard card = org.robustj.model.Models.zooCard("mnist-cnn");
        assertEquals(card.architecture(), c.architecture());
        assertEquals(Json.tree(card.architectureOptions()), Json.tree(c.architectureOptions()));
        assertTrue(!c.architectureOptions().isEmpty(), "the zoo model has non-default options");
        // an architecture given explicitly is kept (and the trainer reports a mismatch)
        TrainConfig explicit = TrainConfig.of(Map.of("recipe", "adv-finetune", "init_model", "zoo:mnist-cnn",
                "architecture_options", Map.of("conv1", 8)));
        assertEquals(Map.of("conv1", 8), explicit.architectureOptions());
        // a reference without a readable card keeps the default
        TrainConfig unknown = TrainConfig.of(Map.of("recipe", "adv-finetune", "init_model", "zoo:nope"));
        assertEquals(TrainConfig.defaults().architecture(), unknown.architecture());
    }
}
