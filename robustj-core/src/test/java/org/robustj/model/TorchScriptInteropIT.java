package org.robustj.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.robustj.data.Dataset;
import org.robustj.data.Datasets;
import org.robustj.eval.CleanEvaluation;
import org.robustj.io.Json;
import org.robustj.tensor.Gradients;

/** TorchScript models made by PyTorch report exactly their cards' clean accuracy and give input gradients. */
class TorchScriptInteropIT {
    static Path shared(String f) {
        return Path.of(System.getProperty("robustj.shared", "../shared")).resolve("models").resolve(f);
    }

    @ParameterizedTest
    @ValueSource(strings = {"cnn_bn_std", "mlp_std"})
    void cleanAccuracyMatchesCardAndGradientsFlow(String name) throws Exception {
        Path pt = shared(name + ".pt");
        assumeTrue(Files.exists(pt), "skipping: " + pt + " absent (../shared/models not beside the checkout)");
        JsonNode card = Json.mapper().readTree(shared(name + ".json").toFile());
        Dataset test = Datasets.load("mnist", "test");
        try (NDManager m = NDManager.newBaseManager(); Classifier c = Models.open(m, pt.toString(), test.sampleShape())) {
            Models.checkFits(c, test);
            CleanEvaluation.Result r = CleanEvaluation.run(c, test, 1000, null);
            assertEquals(card.get("clean_test_accuracy").asDouble(), r.accuracy(), 1e-9);
            try (NDManager s = m.newSubManager()) {
                NDArray x = test.batch(s, new int[] {0, 1, 2});
                NDArray y = test.batchLabels(s, new int[] {0, 1, 2});
                Gradients.ValueAndGradient g = Gradients.of(x, xx -> {
                    NDArray z = c.logits(xx);
                    return new NDList(z.logSoftmax(1).mul(-1).get(new ai.djl.ndarray.index.NDIndex(":, 0")));
                });
                assertTrue(g.gradient().abs().sum().getFloat() > 0, "input gradient is zero");
                assertEquals(x.getShape(), g.gradient().getShape());
                y.close();
            }
        }
    }
}
