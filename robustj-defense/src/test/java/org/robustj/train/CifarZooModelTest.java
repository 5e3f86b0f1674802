package org.robustj.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.robustj.data.Dataset;
import org.robustj.data.Datasets;
import org.robustj.eval.CleanEvaluation;
import org.robustj.model.Classifier;
import org.robustj.model.ModelCard;
import org.robustj.model.Models;

/**
 * The bundled CIFAR-10 PGD-AT model: trained by the committed recipe, its weights match the card's hash, and its
 * clean accuracy on the first 1,000 test images is exactly the one of the AutoAttack run recorded in the card.
 */
class CifarZooModelTest {
    @Test
    void cardMatchesRecipeAndModel() throws Exception {
        String name = "cifar10-cnn-pgd-at";
        ModelCard card = Models.zooCard(name);
        Path recipe = Path.of(System.getProperty("robustj.root", "."), "recipes", name + ".json");
        if (Files.exists(recipe)) {
            TrainConfig trained = org.robustj.io.Json.mapper().treeToValue(card.recipe(), TrainConfig.class);
            assertEquals(java.util.List.of(), TrainConfig.read(recipe).differences(trained),
                    "the committed recipe trained it");
        }
        JsonNode aa = card.results().path("autoattack");
        assertEquals(8 / 255.0, aa.path("eps").asDouble(), 1e-9);
        assertTrue(aa.path("robust_accuracy").asDouble() > 0.1, "AutoAttack result in the card: " + aa);
        Path data = Path.of(System.getProperty("robustj.shared", "../shared")).resolve("data");
        assumeTrue(Files.isDirectory(data.resolve("cifar10")), "skipping: " + data + "/cifar10 absent");
        Dataset test = Datasets.load("cifar10", "test", data).first(1000);
        try (NDManager m = NDManager.newBaseManager(); Classifier model = Models.open(m, "zoo:" + name, null)) {
            assertEquals(card.weightsSha256(), model.sha256());
            double acc = CleanEvaluation.run(model, test, 500, null).accuracy();
            assertEquals(aa.path("clean_accuracy").asDouble(), acc, 1e-9, "clean accuracy of the recorded run");
        }
    }
}
