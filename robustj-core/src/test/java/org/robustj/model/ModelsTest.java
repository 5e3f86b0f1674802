package org.robustj.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustj.errors.ModelLoadException;
import org.robustj.errors.UnknownNameException;

/** Built-in architectures build, expose their layers, and round-trip through save/load. */
class ModelsTest {
    @TempDir
    Path tmp;

    static ModelCard card(String arch, Map<String, Object> opts, List<Long> shape, int classes) {
        return new ModelCard("t", ModelCard.ROBUSTJ_FORMAT, arch, opts, "test", shape, classes, null, null, 1L, null,
                null, null, null, null, null, null);
    }

    @Test
    void everyArchitectureBuildsAndExposesItsLayers() {
        try (NDManager m = NDManager.newBaseManager()) {
            Object[][] cases = {
                {"mlp", Map.of("hidden", List.of(16)), List.of(1L, 28L, 28L)},
                {"small-cnn", Map.of("conv1", 4, "conv2", 8, "fc", 16, "batchnorm", true), List.of(1L, 28L, 28L)},
                {"preact-resnet18", Map.of("width", 8, "mean", List.of(0.49, 0.48, 0.45), "std", List.of(0.25, 0.24, 0.26)),
                    List.of(3L, 32L, 32L)}
            };
            for (Object[] c : cases) {
                @SuppressWarnings("unchecked")
                List<Long> shape = (List<Long>) c[2];
                @SuppressWarnings("unchecked")
                Map<String, Object> opts = (Map<String, Object>) c[1];
                try (BlockClassifier b = BlockClassifier.create(m, card((String) c[0], opts, shape, 10), 3)) {
                    NDArray x = m.randomUniform(0, 1, new Shape(2, shape.get(0), shape.get(1), shape.get(2)));
                    NDArray z = b.logits(x);
                    assertEquals(new Shape(2, 10), z.getShape(), (String) c[0]);
                    List<String> layers = b.layers();
                    assertEquals("logits", layers.get(layers.size() - 1));
                    Map<String, NDArray> acts = b.activations(x, List.of(layers.get(0), "logits"));
                    assertArrayEquals(z.toFloatArray(), acts.get("logits").toFloatArray(), 1e-5f);
                    assertThrows(IllegalArgumentException.class, () -> b.activations(x, List.of("nope")));
                }
            }
            org.robustj.errors.InvalidInputException bad = assertThrows(org.robustj.errors.InvalidInputException.class,
                    () -> BlockClassifier.create(m, card("mlp", Map.of("mean", List.of(0.5), "std", List.of(0.0)),
                            List.of(4L), 2), 1));
            assertTrue(bad.getMessage().startsWith("std values must be finite and non-zero"), bad.getMessage());
            assertThrows(UnknownNameException.class,
                    () -> BlockClassifier.create(m, card("resnet9000", Map.of(), List.of(1L, 28L, 28L), 10), 1));
        }
    }

    @Test
    void saveAndLoadGiveTheSameLogits() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            ModelCard c = card("small-cnn", Map.of("conv1", 4, "conv2", 8, "fc", 16), List.of(1L, 28L, 28L), 10);
            NDArray x = m.randomUniform(0, 1, new Shape(3, 1, 28, 28));
            float[] before;
            try (BlockClassifier b = BlockClassifier.create(m, c, 5)) {
                before = b.logits(x).toFloatArray();
                Models.save(b, tmp.resolve("cnn"));
            }
            assertTrue(Files.exists(tmp.resolve("cnn.params")) && Files.exists(tmp.resolve("cnn.json")));
            for (String ref : List.of("cnn.json", "cnn.params")) {
                try (Classifier l = Models.open(m, tmp.resolve(ref).toString(), null)) {
                    assertArrayEquals(before, l.logits(x).toFloatArray(), 0f);
                    assertEquals(64, l.sha256().length());
                }
            }
            // a flipped byte in the weights is caught by the card's SHA-256
            byte[] w = Files.readAllBytes(tmp.resolve("cnn.params"));
            w[w.length - 5] ^= 1;
            Files.write(tmp.resolve("cnn.params"), w);
            ModelLoadException e = assertThrows(ModelLoadException.class,
                    () -> Models.open(m, tmp.resolve("cnn.json").toString(), null));
            assertTrue(e.getMessage().contains("corrupt"));
        }
    }
}
