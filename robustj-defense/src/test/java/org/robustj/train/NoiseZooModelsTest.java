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
 * The bundled noise-trained MNIST models (base classifiers of randomized smoothing): listed, trained by the
 * committed recipe at the σ in their name, loaded with their card's weight hash and the clean accuracy the card
 * states, and carrying their smoothing certified accuracy.
 */
class NoiseZooModelsTest {
    @ParameterizedTest
    @ValueSource(strings = {"mnist-cnn-noise-0.25", "mnist-cnn-noise-0.5"})
    void cardMatchesRecipeAndModel(String name) throws Exception {
        assertTrue(Models.zooNames().contains(name));
        ModelCard card = Models.zooCard(name);
        double sigma = Double.parseDouble(name.substring("mnist-cnn-noise-".length()));
        assertEquals("noise", card.recipe().get("recipe").asText());
        assertEquals(sigma, card.recipe().path("recipe_options").path("sigma").asDouble());
        assertTrue(!card.recipe().path("recipe_options").path("clip").asBoolean(), "unclipped noise, as certified");
        java.nio.file.Path file = java.nio.file.Path.of(System.getProperty("robustj.root", "."), "recipes",
                name + ".json");
        if (java.nio.file.Files.exists(file)) {
            TrainConfig trained = org.robustj.io.Json.mapper().treeToValue(card.recipe(), TrainConfig.class);
            assertEquals(java.util.List.of(), TrainConfig.read(file).differences(trained),
                    "the committed recipe trained it");
        }
        JsonNode smoothing = card.results().path("smoothing");
        assertEquals(sigma, smoothing.path("sigma").asDouble(), "smoothing result at the training sigma: " + smoothing);
        assertTrue(smoothing.path("certified_accuracy").size() >= 2, "certified accuracy at two radii: " + smoothing);
        Dataset test = Datasets.load("mnist", "test");
        try (NDManager m = NDManager.newBaseManager(); Classifier model = Models.open(m, "zoo:" + name, null)) {
            assertEquals(card.weightsSha256(), model.sha256());
            double acc = CleanEvaluation.run(model, test.first(1000), 500, null).accuracy();
            assertEquals(card.cleanAccuracy(), acc, 0.03, "first 1000 test images vs the card's 10,000");
        }
    }
}
