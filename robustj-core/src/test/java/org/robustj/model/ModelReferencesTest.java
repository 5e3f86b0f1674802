package org.robustj.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustj.errors.UnknownNameException;

/**
 * Local zoo names opened from Java: {@link Models#open} resolves {@code zoo:NAME} of a model in the local zoo
 * ({@code -Drobustj.zoo}) inside every model specification, plain or composite, the same way the CLI does,
 * because both go through {@link ModelReferences}.
 */
class ModelReferencesTest {
    @TempDir
    Path tmp;

    private String savedZoo;

    @BeforeEach
    void useATemporaryZoo() {
        savedZoo = System.getProperty("robustj.zoo");
        System.setProperty("robustj.zoo", tmp.resolve("zoo").toString());
    }

    @AfterEach
    void restoreTheZoo() {
        if (savedZoo == null) {
            System.clearProperty("robustj.zoo");
        } else {
            System.setProperty("robustj.zoo", savedZoo);
        }
    }

    @Test
    void ensembleMembersOpenedFromJavaResolveLocalZooNames() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomUniform(0, 1, new Shape(5, 6));
            float[] member;
            try (BlockClassifier b = BlockClassifier.create(m, ModelsTest.card("mlp", Map.of("hidden", List.of(4)),
                    List.of(6L), 3), 7)) {
                member = b.logits(x).softmax(1).toFloatArray();
                Models.save(b, tmp.resolve("zoo").resolve("mine")); // what robustj zoo add writes for a robustj model
            }
            assertEquals(List.of("mine"), ModelReferences.localNames(tmp.resolve("zoo")));
            assertEquals(tmp.resolve("zoo").resolve("mine.json").toString(), ModelReferences.resolve("zoo:mine"));
            try (Classifier plain = Models.open(m, "zoo:mine", null)) {
                assertArrayEquals(member, plain.logits(x).softmax(1).toFloatArray(), 1e-6f);
            }
            // an ensemble of two identical members predicts the member's probabilities (mean of equal softmaxes)
            try (Classifier e = Models.open(m, "ensemble:zoo:mine,zoo:mine", null)) {
                assertTrue(e instanceof EnsembleModel, e.getClass().getName());
                assertArrayEquals(member, e.logits(x).softmax(1).toFloatArray(), 1e-6f);
            }
            // nested in another composite too
            try (Classifier n = Models.open(m, "noise:0.1:2:zoo:mine", null)) {
                assertTrue(Capabilities.has(n, ModelCapability.RANDOMIZED));
            }
            assertEquals(3, Models.cardOf("zoo:mine").orElseThrow().numClasses());
        }
    }

    @Test
    void anUnknownZooNameListsTheLocalNamesAndFilesPassThrough() throws Exception {
        try (NDManager m = NDManager.newBaseManager();
                BlockClassifier b = BlockClassifier.create(m, ModelsTest.card("mlp", Map.of("hidden", List.of()),
                        List.of(2L), 2), 1)) {
            Models.save(b, tmp.resolve("zoo").resolve("other"));
        }
        UnknownNameException e = assertThrows(UnknownNameException.class,
                () -> ModelReferences.resolve("zoo:nope"));
        assertTrue(e.getMessage().contains("other"), e.getMessage());
        try (NDManager m = NDManager.newBaseManager()) {
            UnknownNameException inEnsemble = assertThrows(UnknownNameException.class,
                    () -> Models.open(m, "ensemble:zoo:other,zoo:nope", null));
            assertTrue(inEnsemble.getMessage().contains("nope") && inEnsemble.getMessage().contains("other"),
                    inEnsemble.getMessage());
        }
        assertEquals("net.pt", ModelReferences.resolve("net.pt"));
        for (String bundled : Models.zooNames()) {
            assertEquals("zoo:" + bundled, ModelReferences.resolve("zoo:" + bundled));
        }
    }
}
