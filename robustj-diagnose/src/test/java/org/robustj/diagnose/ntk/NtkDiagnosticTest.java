package org.robustj.diagnose.ntk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.robustj.attack.ensemble.EvaluationConfig;
import org.robustj.data.Dataset;
import org.robustj.diagnose.DiagnosticRequest;
import org.robustj.diagnose.DiagnosticResult;
import org.robustj.diagnose.Diagnostics;
import org.robustj.diagnose.report.DiagnosticReport;
import org.robustj.model.GraphClassifier;
import org.robustj.threat.Norm;

class NtkDiagnosticTest {
    @Test
    void theDiagnosticReportsKernelAttacksTransferAndFeaturesWithImages() {
        try (NDManager base = NDManager.newBaseManager()) {
            GraphClassifier net = NtkTestNets.imageMlp(base.newSubManager(), 12, 3);
            SplittableRandom r = new SplittableRandom(1);
            int n = 24;
            float[] v = new float[n * 16];
            for (int i = 0; i < v.length; i++) v[i] = (float) r.nextDouble();
            int[] y = new int[n];
            for (int i = 0; i < n; i++) y[i] = i % 3;
            Dataset data = Dataset.ofFloats("toy", "test", new Shape(1, 4, 4), v, y, List.of("a", "b", "c"), List.of());
            EvaluationConfig pgd = new EvaluationConfig(null, List.of("pgd"), Map.of("pgd", Map.of("steps", 3)),
                    Norm.LINF, List.of(0.05, 0.2), 0, 50);
            DiagnosticResult res = Diagnostics.create("ntk").run(DiagnosticRequest.of(net, data).withAttack(pgd)
                    .withOptions(Map.of("test", "6", "features", "4", "images", "2")));
            assertEquals(18, res.number("kernel_points"));
            assertEquals(6, res.number("test_points"));
            assertEquals(1.0, res.number("kernel.train_accuracy"), "the predictor interpolates its points");
            double clean = res.number("kernel.clean_accuracy");
            assertTrue(res.number("kernel.kernel_pgd.0.2") <= clean, "PGD on the kernel cannot help it");
            assertEquals(List.of("0.05", "0.2"), res.series("accuracy").at());
            assertEquals(4, res.series("features").at().size());
            assertEquals(3, res.details().get("images").size(), "the test image and two features");
            String html = DiagnosticReport.html(res);
            assertTrue(html.contains("data:image/png;base64,"), "the report draws the features");
        }
    }
}
