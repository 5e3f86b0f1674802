package org.robustj.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.robustj.model.Classifier;
import org.robustj.model.Models;

/**
 * The MNIST models in ../shared/models, exported by PyTorch both as ONNX and as TorchScript: the ONNX import gives
 * the TorchScript twin's logits (1e-5) and input gradients (1e-4), and re-exports to the same logits.
 */
class OnnxSharedTwinsIT {
    static Path shared(String f) {
        return Path.of(System.getProperty("robustj.shared", "../shared")).resolve("models").resolve(f);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mlp_std", "cnn_bn_std"})
    void onnxEqualsTorchScript(String name) throws Exception {
        Path onnx = shared(name + ".onnx");
        Path pt = shared(name + ".pt");
        assumeTrue(Files.exists(onnx) && Files.exists(pt), "skipping: " + onnx + " or " + pt
                + " absent (../shared/models not beside the checkout)");
        Shape sample = new Shape(1, 28, 28);
        try (NDManager m = NDManager.newBaseManager();
                Classifier a = Models.open(m, onnx.toString(), null);
                Classifier b = Models.open(m, pt.toString(), sample)) {
            assertEquals(sample, a.inputShape());
            assertEquals(10, a.numClasses());
            float[] v = new float[16 * 784];
            SplittableRandom r = new SplittableRandom(14);
            for (int i = 0; i < v.length; i++) v[i] = (float) r.nextDouble();
            NDArray x = m.create(v, new Shape(16, 1, 28, 28));
            Twins.assertSame(a, b, x, 1e-5, 1e-4, name);
            byte[] again = OnnxModels.toBytes(a.graph().orElseThrow(), name);
            try (Classifier c = OnnxModels.read(m, again, null, name + " re-exported", name)) {
                Twins.assertSame(a, c, x, 1e-6, 1e-6, name + " re-exported");
            }
        }
    }
}
