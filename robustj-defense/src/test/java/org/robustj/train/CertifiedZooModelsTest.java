package org.robustj.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.robustj.attack.ensemble.AutoEvaluation;
import org.robustj.attack.ensemble.EvaluationConfig;
import org.robustj.attack.ensemble.EvaluationResult;
import org.robustj.certify.bounds.Bounds;
import org.robustj.data.Dataset;
import org.robustj.data.Datasets;
import org.robustj.io.Json;
import org.robustj.model.Classifier;
import org.robustj.model.ModelCard;
import org.robustj.model.Models;
import org.robustj.threat.Norm;

/**
 * The bundled certifiably robust models: trained by the committed recipe, their cards carry clean, AutoAttack and
 * verified accuracy side by side with verified ≤ AutoAttack-robust ≤ clean, and — soundness against attacks — on
 * the first 100 MNIST test points the {@code standard} AutoAttack ensemble at the model's ε breaks none of the
 * points IBP verifies there (0 counterexamples).
 */
class CertifiedZooModelsTest {
    static final int POINTS = 100;

    @ParameterizedTest
    @CsvSource({"mnist-cnn-ibp-0.1, 0.1", "mnist-cnn-ibp-0.3, 0.3"})
    void noVerifiedPointIsBrokenByTheStandardEnsemble(String name, double eps) throws Exception {
        assumeTrue(Models.zooNames().contains(name), "skipping: bundled model " + name + " absent");
        ModelCard card = Models.zooCard(name);
        assertEquals("ibp", card.recipe().get("recipe").asText());
        Path file = Path.of(System.getProperty("robustj.root", "."), "recipes", name + ".json");
        if (Files.exists(file)) {
            TrainConfig trained = Json.mapper().treeToValue(card.recipe(), TrainConfig.class);
            assertEquals(List.of(), TrainConfig.read(file).differences(trained), "the committed recipe trained it");
        }
        JsonNode certified = card.results().path("certified");
        JsonNode aa = card.results().path("autoattack");
        assertTrue(certified.path("verified_accuracy").isNumber(), "certified accuracy in the card: " + certified);
        assertTrue(aa.path("robust_accuracy").isNumber(), "AutoAttack result in the card: " + aa);
        assertEquals(eps, certified.path("eps").asDouble(), 0);
        assertEquals(eps, aa.path("eps").asDouble(), 0);
        assertTrue(certified.path("verified_accuracy").asDouble() <= aa.path("robust_accuracy").asDouble()
                && aa.path("robust_accuracy").asDouble() <= aa.path("clean_accuracy").asDouble(),
                "verified <= robust <= clean: " + certified + " " + aa);

        Dataset test = Datasets.load("mnist", "test").first(POINTS);
        try (NDManager m = NDManager.newBaseManager(); Classifier model = Models.open(m, "zoo:" + name, null)) {
            assertEquals(card.weightsSha256(), model.sha256());
            int[] idx = test.allIndices();
            NDArray x = test.batch(m, idx);
            int[] y = test.labels();
            NDArray c = Bounds.marginSpec(m, y, model.numClasses());
            float[] lower = Bounds.ibp(model.graph().orElseThrow(), x.sub((float) eps).maximum(0f),
                    x.add((float) eps).minimum(1f), c).lower().toFloatArray();
            int rows = model.numClasses() - 1;
            List<Integer> verified = new ArrayList<>();
            for (int p = 0; p < POINTS; p++) {
                boolean all = true;
                for (int j = 0; j < rows; j++) all &= lower[p * rows + j] > 0;
                if (all) verified.add(p);
            }
            assertTrue(verified.size() >= POINTS / 2, name + ": IBP verifies " + verified.size() + " of " + POINTS);
            Dataset points = test.subset(verified.stream().mapToInt(Integer::intValue).toArray());
            EvaluationResult r = new AutoEvaluation(EvaluationConfig.standard(Norm.LINF, eps)).run(model, points);
            assertTrue(r.fullEnsemble(), "every attack of the standard ensemble ran");
            assertEquals(1.0, r.robustAccuracy(), 0, name + ": the standard ensemble broke a verified point");
        }
    }
}
