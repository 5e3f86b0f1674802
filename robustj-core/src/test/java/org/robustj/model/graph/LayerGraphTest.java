package org.robustj.model.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.robustj.tensor.Engines;

class LayerGraphTest {

    @Test
    void aTinyResidualNetworkComputesWhatItsOperatorsSay() {
        Engines.pytorch();
        try (NDManager m = NDManager.newBaseManager()) {
            // x (N×2) -> Linear W1 -> ReLU -> + x -> Linear W2 (2 classes)
            NDArray w1 = m.create(new float[] {1, -1, 2, 0.5f}, new Shape(2, 2));
            NDArray w2 = m.create(new float[] {1, 0, -1, 1}, new Shape(2, 2));
            NDArray b2 = m.create(new float[] {0.5f, -0.5f});
            LayerGraph g = new LayerGraph(new Shape(2), List.of(
                    new Node("fc1", new Linear(w1, null), List.of(LayerGraph.INPUT)),
                    new Node("relu", new Relu(), List.of("fc1")),
                    new Node("res", new Add(), List.of("relu", LayerGraph.INPUT)),
                    new Node("logits", new Linear(w2, b2), List.of("res"))));
            assertFalse(g.isSequential());
            NDArray x = m.create(new float[] {0.2f, 0.6f}, new Shape(1, 2));
            // fc1 = (0.2 - 0.6, 0.4 + 0.3) = (-0.4, 0.7); relu = (0, 0.7); res = (0.2, 1.3)
            // logits = (0.2 + 0.5, -0.2 + 1.3 - 0.5) = (0.7, 0.6)
            float[] z = g.forward(x).toFloatArray();
            assertArrayEquals(new float[] {0.7f, 0.6f}, z, 1e-6f);
            Map<String, NDArray> h = g.forward(x, List.of("relu"));
            assertEquals(List.of("relu", "logits"), List.copyOf(h.keySet()));
            assertArrayEquals(new float[] {0f, 0.7f}, h.get("relu").toFloatArray(), 1e-6f);
        }
    }

    @Test
    void foldedBatchNormAndNormalizeAreAffinePerChannel() {
        Engines.pytorch();
        try (NDManager m = NDManager.newBaseManager()) {
            BatchNorm bn = BatchNorm.fold(m.create(new float[] {2, 1}), m.create(new float[] {0, 1}),
                    m.create(new float[] {1, 0}), m.create(new float[] {3, 0}), 1);
            // channel 0: 2/sqrt(4)=1, shift 0-1*1=-1; channel 1: 1/1=1, shift 1
            NDArray x = m.create(new float[] {5, 5, 5, 5, 7, 7, 7, 7}, new Shape(1, 2, 2, 2));
            float[] y = bn.forward(List.of(x)).toFloatArray();
            assertArrayEquals(new float[] {4, 4, 4, 4, 8, 8, 8, 8}, y, 1e-6f);
            Normalize nz = new Normalize(new float[] {1, 2}, new float[] {2, 5});
            assertArrayEquals(new float[] {2, 2, 2, 2, 1, 1, 1, 1}, nz.forward(List.of(x)).toFloatArray(), 1e-6f);
        }
    }

    @Test
    void badGraphsAreRefusedWithTheNodeNamed() {
        Engines.pytorch();
        try (NDManager m = NDManager.newBaseManager()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new LayerGraph(
                    new Shape(2), List.of(new Node("a", new Relu(), List.of("b")))));
            assertTrue(e.getMessage().contains("node a reads 'b'"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> new Node("s", new Add(), List.of("input")));
            Map<String, Op> seq = new LinkedHashMap<>();
            seq.put("flatten", new Flatten());
            seq.put("relu", new Relu());
            LayerGraph g = LayerGraph.sequential(new Shape(1, 2, 2), seq);
            assertTrue(g.isSequential());
            assertEquals(new Shape(3, 4), g.forward(m.ones(new Shape(3, 1, 2, 2))).getShape());
            assertThrows(IllegalArgumentException.class, () -> g.forward(m.ones(new Shape(1, 1, 2, 2)), List.of("x")));
        }
    }
}
