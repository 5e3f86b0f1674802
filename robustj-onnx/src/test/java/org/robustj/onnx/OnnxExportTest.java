package org.robustj.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustj.model.Classifier;
import org.robustj.model.GraphClassifier;
import org.robustj.model.Models;
import org.robustj.model.graph.Add;
import org.robustj.model.graph.AvgPool;
import org.robustj.model.graph.BatchNorm;
import org.robustj.model.graph.Clip;
import org.robustj.model.graph.Conv2d;
import org.robustj.model.graph.Flatten;
import org.robustj.model.graph.Floor;
import org.robustj.model.graph.GlobalAvgPool;
import org.robustj.model.graph.LayerGraph;
import org.robustj.model.graph.Linear;
import org.robustj.model.graph.MaxPool;
import org.robustj.model.graph.Node;
import org.robustj.model.graph.Normalize;
import org.robustj.model.graph.Relu;
import org.robustj.model.graph.Round;
import org.robustj.model.graph.ScalarAffine;

/** A layer graph with every operator, written as ONNX and read back: same operators, same logits, same gradients. */
class OnnxExportTest {
    @TempDir
    Path dir;

    static NDArray rand(NDManager m, SplittableRandom r, long... shape) {
        int n = (int) new Shape(shape).size();
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (r.nextDouble() - 0.5);
        return m.create(v, new Shape(shape));
    }

    static LayerGraph everyOperator(NDManager m) {
        SplittableRandom r = new SplittableRandom(7);
        List<Node> n = new ArrayList<>();
        n.add(new Node("q", new ScalarAffine(255, 0), List.of(LayerGraph.INPUT)));
        n.add(new Node("round", new Round(), List.of("q")));
        n.add(new Node("deq", new ScalarAffine(1 / 255.0, 0.01), List.of("round")));
        n.add(new Node("floor", new Floor(), List.of(LayerGraph.INPUT)));
        n.add(new Node("mix", new Add(), List.of("deq", "floor")));
        n.add(new Node("skip", new Add(), List.of("mix", LayerGraph.INPUT)));
        n.add(new Node("clip", new Clip(0, 1.5), List.of("skip")));
        n.add(new Node("norm", new Normalize(new float[] {0.5f, 0.4f}, new float[] {0.25f, 0.3f}), List.of("clip")));
        n.add(new Node("conv1", new Conv2d(rand(m, r, 4, 1, 3, 3), rand(m, r, 4), new int[] {1, 2}, new int[] {2, 1},
                new int[] {2, 1}, 2), List.of("norm")));
        n.add(new Node("bn", new BatchNorm(rand(m, r, 4).add(1), rand(m, r, 4)), List.of("conv1")));
        n.add(new Node("relu1", new Relu(), List.of("bn")));
        n.add(new Node("conv2", new Conv2d(rand(m, r, 4, 4, 3, 3), null, new int[] {1, 1}, new int[] {1, 1}),
                List.of("relu1")));
        n.add(new Node("res", new Add(), List.of("conv2", "relu1")));
        n.add(new Node("avg", new AvgPool(new int[] {3, 3}, new int[] {1, 1}, new int[] {1, 1}, false), List.of("res")));
        n.add(new Node("avg2", new AvgPool(new int[] {2, 2}, new int[] {1, 1}, new int[] {1, 1}, true), List.of("avg")));
        n.add(new Node("max", new MaxPool(new int[] {2, 2}, new int[] {2, 2}, new int[] {1, 1}), List.of("avg2")));
        n.add(new Node("gap", new GlobalAvgPool(), List.of("max")));
        n.add(new Node("flat", new Flatten(), List.of("gap")));
        n.add(new Node("fc1", new Linear(rand(m, r, 6, 4), rand(m, r, 6)), List.of("flat")));
        n.add(new Node("scale", new ScalarAffine(-1.5, 0), List.of("fc1")));
        n.add(new Node("norm1", new Normalize(new float[] {0.1f}, new float[] {2f}), List.of("scale")));
        n.add(new Node("relu2", new Relu(), List.of("norm1")));
        n.add(new Node("fc2", new Linear(rand(m, r, 3, 6), null), List.of("relu2")));
        return new LayerGraph(new Shape(2, 7, 6), n);
    }

    @Test
    void everyOperatorSurvivesExportAndReimport() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            LayerGraph g = everyOperator(m);
            Path f = dir.resolve("every.onnx");
            OnnxModels.write(g, "every", f);
            try (Classifier back = Models.open(m, f.toString(), null)) {
                LayerGraph b = back.graph().orElseThrow();
                assertEquals(g.nodes().size(), b.nodes().size(), b.describe());
                for (int i = 0; i < g.nodes().size(); i++) {
                    assertEquals(g.nodes().get(i).op().getClass(), b.nodes().get(i).op().getClass(),
                            "node " + i + ":\n" + g.describe() + "\nvs\n" + b.describe());
                }
                assertEquals(new Shape(2, 7, 6), back.inputShape());
                assertEquals(3, back.numClasses());
                GraphClassifier orig = new GraphClassifier(g, 3, back.card(), "built", "", m.newSubManager(), List.of());
                NDArray x = rand(m, new SplittableRandom(3), 5, 2, 7, 6).add(0.5f);
                Twins.assertSame(orig, back, x, 1e-6, 1e-6, "every operator");
            }
        }
    }

    @Test
    void theExportIsDeterministic() {
        try (NDManager m = NDManager.newBaseManager()) {
            byte[] a = OnnxModels.toBytes(everyOperator(m), "every");
            byte[] b = OnnxModels.toBytes(everyOperator(m), "every");
            assertTrue(java.util.Arrays.equals(a, b), "two exports of the same graph differ");
            assertTrue(a.length > 0 && Files.isDirectory(dir));
        }
    }
}
