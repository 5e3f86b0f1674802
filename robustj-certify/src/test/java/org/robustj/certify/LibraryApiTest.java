package org.robustj.certify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.robustj.data.Dataset;
import org.robustj.data.Datasets;
import org.robustj.testkit.LinearClassifier;
import org.robustj.threat.Norm;

/** The README's few lines of Java, with a test certifier in place of {@code ibp}, on the bundled MNIST test set. */
class LibraryApiTest {
    @Test
    void theReadmeSnippetRunsAndCertifiesNoMoreThanTheCleanAccuracy() {
        TestCertifiers.register();
        float[][] w = new float[10][784];
        float[] b = new float[10];
        for (int c = 0; c < 10; c++) for (int j = 0; j < 784; j++) w[c][j] = (float) Math.sin(c * 31 + j * 0.7);
        try (NDManager m = NDManager.newBaseManager();
                LinearClassifier model = new LinearClassifier(m, w, b, new Shape(1, 28, 28), 1.0)) {
            // as in README.md, "From Java" under "Certification"
            CertifyConfig cfg = new CertifyConfig(Norm.LINF, List.of(0.001), 0.25, 100, 100_000, 0.001, 100, 0);
            Dataset data = Datasets.load("mnist", "test").first(100);
            CertifyResult r = new CertifiedEvaluation(TestCertifiers.LINEAR, cfg).run(model, data);
            assertEquals(100, r.size());
            assertTrue(r.certifiedAccuracy(0) <= r.clean().accuracy());
            for (int i = 0; i < 100; i++) {
                assertEquals(i, r.certificates().get(i).index());
                assertEquals(data.label(i), r.certificates().get(i).label());
            }
        }
    }
}
