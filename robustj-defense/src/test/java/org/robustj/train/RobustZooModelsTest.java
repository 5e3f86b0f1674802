package org.robustj.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.robustj.data.Dataset;
import org.robustj.data.Datasets;
import org.robustj.eval.CleanEvaluation;
import org.robustj.model.Classifier;
import org.robustj.model.ModelCard;
import org.robustj.model.Models;

/**
 * The bundled robust MNIST models: listed, loaded with their card's weight hash, trained by the committed recipe
 * ({@code recipes/NAME.json}), with the monitor's PGD-accuracy curve in the card and the clean accuracy the card
 * states; the PGD-AT model's card also carries its AutoAttack result (the README's main job evaluates it).
 */
class RobustZooModelsTest {
    @ParameterizedTest
    @ValueSource(strings = {"mnist-cnn-fgsm-rs", "mnist-cnn-gradalign", "mnist-cnn-pgd-at"})
    void cardMatchesRecipeAndModel(String name) throws Exception {
        assertTrue(Models.zooNames().contains(name));
        ModelCard card = Models.zooCard(name);
        String recipe = name.substring("mnist-cnn-".length());
        assertEquals(recipe, card.recipe().get("recipe").asText());
        java.nio.file.Path file = java.nio.file.Path.of(System.getProperty("robustj.root", "."), "recipes",
                name + ".json");
        if (java.nio.file.Files.exists(file)) {
            TrainConfig trained = org.robustj.io.Json.mapper().treeToValue(card.recipe(), TrainConfig.class);
            assertEquals(java.util.List.of(), TrainConfig.read(file).differences(trained),
                    "the committed recipe trained it");
        }
        JsonNode points = card.results().path("monitor").path("points");
        assertTrue(points.size() >= 20, "PGD accuracy every 100-200 steps: " + points.size());
        if (recipe.equals("pgd-at")) {
            JsonNode aa = card.results().path("autoattack");
            assertTrue(aa.path("dataset").asText().contains("first 1000"), "AutoAttack on 1000 points: " + aa);
            assertTrue(aa.path("robust_accuracy").asDouble() > 0.5, "AutoAttack result in the card: " + aa);
        }
        Dataset test = Datasets.load("mnist", "test");
        try (NDManager m = NDManager.newBaseManager(); Classifier model = Models.open(m, "zoo:" + name, null)) {
            assertEquals(card.weightsSha256(), model.sha256());
            double acc = CleanEvaluation.run(model, test.first(1000), 500, null).accuracy();
            assertEquals(card.cleanAccuracy(), acc, 0.03, "first 1000 test images vs the card's 10,000");
        }
    }
}
