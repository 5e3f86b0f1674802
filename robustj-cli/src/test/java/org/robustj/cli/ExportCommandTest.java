package org.robustj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.junit.jupiter.api.io.TempDir;
import org.robustj.model.Classifier;
import org.robustj.model.Models;
import org.robustj.model.graph.Conv2d;
import org.robustj.model.graph.Flatten;
import org.robustj.model.graph.LayerGraph;
import org.robustj.model.graph.Linear;
import org.robustj.model.graph.MaxPool;
import org.robustj.model.graph.Node;
import org.robustj.model.graph.Normalize;
import org.robustj.model.graph.Relu;
import org.robustj.onnx.OnnxModels;

/**
 * {@code robustj export}: a model with a layer graph is written as ONNX that reads back to the same logits, also
 * through {@code --model net.onnx} in other commands; a TorchScript model and bad options are one-line errors
 * that leave no file behind.
 */
class ExportCommandTest {
    @TempDir
    Path dir;

    /** A small CNN as a layer graph, written as ONNX: the model the command then exports again. */
    private Path onnxModel() throws Exception {
        SplittableRandom r = new SplittableRandom(5);
        try (NDManager m = NDManager.newBaseManager()) {
            LayerGraph g = new LayerGraph(new Shape(1, 28, 28), List.of(
                    new Node("norm", new Normalize(new float[] {0.13f}, new float[] {0.31f}), List.of(LayerGraph.INPUT)),
                    new Node("conv", new Conv2d(rand(m, r, 4, 1, 5, 5), rand(m, r, 4), new int[] {2, 2},
                            new int[] {2, 2}), List.of("norm")),
                    new Node("relu", new Relu(), List.of("conv")),
                    new Node("pool", new MaxPool(new int[] {2, 2}, new int[] {2, 2}, new int[] {0, 0}), List.of("relu")),
                    new Node("flat", new Flatten(), List.of("pool")),
                    new Node("fc", new Linear(rand(m, r, 10, 4 * 7 * 7), rand(m, r, 10)), List.of("flat"))));
            Path f = dir.resolve("net.onnx");
            OnnxModels.write(g, "net", f);
            return f;
        }
    }

    private static NDArray rand(NDManager m, SplittableRandom r, long... shape) {
        float[] v = new float[(int) new Shape(shape).size()];
        for (int i = 0; i < v.length; i++) v[i] = (float) (r.nextDouble() - 0.5) * 0.5f;
        return m.create(v, new Shape(shape));
    }

    @Test
    void anOnnxModelExportsToTheSameLogitsAndEvaluates() throws Exception {
        Path in = onnxModel();
        Path out = dir.resolve("again.onnx");
        CliRun r = CliRun.of("export", "--model", in.toString(), "--format", "onnx", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("wrote " + out) && r.out().contains("6 nodes"), r.out());
        try (NDManager m = NDManager.newBaseManager();
                Classifier a = Models.open(m, in.toString(), null);
                Classifier b = Models.open(m, out.toString(), null)) {
            NDArray x = m.randomUniform(0, 1, new Shape(8, 1, 28, 28));
            float[] la = a.logits(x).toFloatArray();
            float[] lb = b.logits(x).toFloatArray();
            for (int i = 0; i < la.length; i++) assertEquals(la[i], lb[i], 1e-6);
        }
        CliRun eval = CliRun.of("evaluate", "--model", out.toString(), "--dataset", "synthetic-multiclass",
                "--attacks", "none", "--n", "20", "--quiet");
        // synthetic data has another sample shape: the mismatch is reported in one line, naming the model
        assertTrue(eval.oneLineError() && eval.err().contains("expects inputs of shape (1, 28, 28)"), eval.err());
    }

    @Test
    void anOnnxModelJoinsTheLocalZooAndExportsFromThere() throws Exception {
        Path in = onnxModel();
        String saved = System.getProperty("robustj.zoo");
        System.setProperty("robustj.zoo", dir.resolve("zoo").toString());
        try {
            CliRun add = CliRun.of("zoo", "add", "--model", in.toString(), "--name", "my-onnx", "--dataset", "mnist");
            assertEquals(0, add.exit(), add.err());
            assertTrue(Files.isRegularFile(dir.resolve("zoo/my-onnx.onnx")));
            CliRun list = CliRun.of("zoo", "list");
            assertTrue(list.out().contains("zoo:my-onnx") && list.out().contains("onnx"), list.out());
            Path out = dir.resolve("from-zoo.onnx");
            CliRun r = CliRun.of("export", "--model", "zoo:my-onnx", "--out", out.toString());
            assertEquals(0, r.exit(), r.err());
            assertTrue(Files.size(out) > 0);
        } finally {
            if (saved == null) System.clearProperty("robustj.zoo");
            else System.setProperty("robustj.zoo", saved);
        }
    }

    @Test
    void aBundledModelExportsWhenItHasALayerGraph() throws Exception {
        Path out = dir.resolve("zoo.onnx");
        CliRun r = CliRun.of("export", "--model", "zoo:mnist-cnn", "--out", out.toString());
        try (NDManager m = NDManager.newBaseManager(); Classifier c = Models.open(m, "zoo:mnist-cnn", null)) {
            if (c.graph().isPresent()) {
                assertEquals(0, r.exit(), r.err());
                assertTrue(Files.size(out) > 0);
            } else {
                assertTrue(r.oneLineError() && r.err().contains("no layer graph"), r.err());
                assertFalse(Files.exists(out), "nothing written");
            }
        }
    }

    @Test
    void aTorchScriptModelIsOpaqueAndAlreadyPyTorch() {
        Path pt = Path.of(System.getProperty("robustj.shared", "../shared"), "models", "mlp_std.pt");
        assumeTrue(Files.exists(pt), "skipping: " + pt + " absent (../shared/models not beside the checkout)");
        Path out = dir.resolve("ts.onnx");
        CliRun r = CliRun.of("export", "--model", pt.toString(), "--dataset", "mnist", "--out", out.toString());
        assertTrue(r.oneLineError() && r.err().contains("TorchScript") && r.err().contains("opaque"), r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void badOptionsAreOneLineErrorsBeforeAnyWork() throws Exception {
        Path in = onnxModel();
        CliRun format = CliRun.of("export", "--model", in.toString(), "--format", "torchscript", "--out",
                dir.resolve("x").toString());
        assertTrue(format.oneLineError() && format.err().contains("--format must be onnx"), format.err());
        CliRun folder = CliRun.of("export", "--model", in.toString(), "--out", dir.resolve("no/such/x.onnx").toString());
        assertTrue(folder.oneLineError() && folder.err().contains("cannot write --out"), folder.err());
        CliRun missing = CliRun.of("export", "--model", dir.resolve("absent.onnx").toString(), "--out",
                dir.resolve("y.onnx").toString());
        assertTrue(missing.oneLineError() && missing.err().contains("not found"), missing.err());
        Path broken = dir.resolve("broken.onnx");
        Files.write(broken, java.util.Arrays.copyOf(Files.readAllBytes(in), 100));
        CliRun cut = CliRun.of("evaluate", "--model", broken.toString(), "--attacks", "none", "--n", "5", "--quiet");
        assertTrue(cut.oneLineError() && cut.err().startsWith("error: cannot read ONNX model " + broken), cut.err());
        assertFalse(Files.exists(dir.resolve("y.onnx")));
    }
}
