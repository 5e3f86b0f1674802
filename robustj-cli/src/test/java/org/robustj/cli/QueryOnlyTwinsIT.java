package org.robustj.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.robustj.attack.ensemble.AutoEvaluation;
import org.robustj.attack.ensemble.EvaluationConfig;
import org.robustj.attack.ensemble.EvaluationResult;
import org.robustj.attack.ensemble.EvaluationState;
import org.robustj.data.Dataset;
import org.robustj.data.Datasets;
import org.robustj.model.Classifier;
import org.robustj.model.Models;
import org.robustj.model.QueryOnlyModel;
import org.robustj.onnx.OnnxModels;
import org.robustj.onnx.OnnxRuntimeClassifier;
import org.robustj.threat.Norm;

/**
 * The MNIST twins of ../shared/models (one PyTorch network exported as TorchScript and as ONNX): ONNX Runtime
 * gives the TorchScript logits to 1e-5, and Square (the blackbox version, same seed) gives identical results
 * on the TorchScript model white-box, on it forced query-only, and on the ONNX file run by ONNX Runtime; a
 * TorchScript model refuses --bpda with the advice to export ONNX.
 */
class QueryOnlyTwinsIT {
    static Path shared(String f) {
        return Path.of(System.getProperty("robustj.shared", "../shared")).resolve("models").resolve(f);
    }

    @Test
    void onnxRuntimeAndTorchScriptTwinsAgree() throws Exception {
        Path onnx = shared("cnn_bn_std.onnx");
        Path pt = shared("cnn_bn_std.pt");
        assumeTrue(Files.exists(onnx) && Files.exists(pt), "skipping: " + onnx + " or " + pt
                + " absent (../shared/models not beside the checkout)");
        Shape sample = new Shape(1, 28, 28);
        Dataset data = Datasets.load("mnist", "test").first(40);
        try (NDManager m = NDManager.newBaseManager();
                Classifier ts = Models.open(m, pt.toString(), sample);
                Classifier ort = OnnxModels.open(m, onnx, sample, onnx.toString(), OnnxModels.Backend.ONNXRUNTIME)) {
            assertTrue(ort instanceof OnnxRuntimeClassifier);
            float[] v = new float[32 * 784];
            SplittableRandom r = new SplittableRandom(3);
            for (int i = 0; i < v.length; i++) v[i] = (float) r.nextDouble();
            NDArray x = m.create(v, new Shape(32, 1, 28, 28));
            float[] a = ts.logits(x).toFloatArray();
            float[] b = ort.logits(x).toFloatArray();
            float worst = 0;
            for (int i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
            assertTrue(worst <= 1e-5, "ONNX Runtime and TorchScript logits differ by " + worst);

            EvaluationConfig cfg = new EvaluationConfig("blackbox", null, null, Norm.LINF, List.of(0.1), 5, 40, 300);
            EvaluationResult white = new AutoEvaluation(cfg).run(ts, data);
            EvaluationResult forced = new AutoEvaluation(cfg).run(QueryOnlyModel.of(ts), data);
            EvaluationResult runtime = new AutoEvaluation(cfg).run(ort, data);
            assertSame(white, forced, "TorchScript white-box vs --query-only");
            assertSame(white, runtime, "TorchScript vs ONNX Runtime");
            assertTrue(white.robustAccuracy() < white.clean().accuracy(), "Square broke points");
        }
    }

    private static void assertSame(EvaluationResult a, EvaluationResult b, String what) {
        EvaluationState.PerEps x = a.perEps().get(0);
        EvaluationState.PerEps y = b.perEps().get(0);
        assertArrayEquals(a.clean().correct(), b.clean().correct(), what + ": clean");
        assertArrayEquals(x.robust, y.robust, what + ": robust flags");
        assertArrayEquals(x.advLabel, y.advLabel, what + ": adversarial labels");
        assertArrayEquals(x.queries, y.queries, what + ": queries per point");
        for (int i = 0; i < x.norm.length; i++) {
            if (x.norm[i] != null) assertEquals(x.norm[i], y.norm[i], 1e-6, what + ": norm of point " + i);
        }
    }

    @Test
    void bpdaOnTorchScriptSaysToExportOnnx() {
        Path pt = shared("cnn_bn_std.pt");
        assumeTrue(Files.exists(pt), "skipping: " + pt + " absent (../shared/models not beside the checkout)");
        CliRun r = CliRun.of("evaluate", "--model", pt.toString(), "--bpda", "--n", "2", "--attacks", "apgd-ce");
        assertTrue(r.oneLineError(), r.err());
        assertTrue(r.err().contains("--bpda needs a readable layer graph") && r.err().contains("torch.onnx.export"),
                r.err());
    }
}
