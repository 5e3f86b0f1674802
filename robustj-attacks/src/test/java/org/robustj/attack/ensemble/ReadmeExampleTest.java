package org.robustj.attack.ensemble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import org.robustj.data.Dataset;
import org.robustj.data.Datasets;
import org.robustj.model.Classifier;
import org.robustj.model.Models;
import org.robustj.threat.Norm;

/** The README's Java example, run as written (on 20 points instead of 1000, to stay fast). */
class ReadmeExampleTest {
    @Test
    void readmeExampleRuns() {
        try (NDManager manager = NDManager.newBaseManager();
                Classifier model = Models.open(manager, "zoo:mnist-cnn", null)) {
            Dataset data = Datasets.load("mnist", "test").first(20);
            EvaluationResult r = new AutoEvaluation(EvaluationConfig.standard(Norm.LINF, 0.3)).run(model, data);
            System.out.printf("clean %.2f%%, robust %.2f%%%n", 100 * r.clean().accuracy(), 100 * r.robustAccuracy());
            assertEquals(1.0, r.clean().accuracy(), 1e-9); // the bundled model gets the first 20 right
            assertTrue(r.robustAccuracy() <= r.clean().accuracy());
            // every attack of standard ran, or the ones left were not started because no point was robust any more
            int ran = r.perEps().get(0).summaries.size();
            assertTrue(ran == 4 || (ran >= 1 && r.robustAccuracy() == 0), ran + " attacks ran");
            assertEquals(java.util.List.of("apgd-ce", "apgd-t", "fab-t", "square").subList(0, ran),
                    r.perEps().get(0).summaries.stream().map(s -> s.name()).toList());
        }
    }
}
