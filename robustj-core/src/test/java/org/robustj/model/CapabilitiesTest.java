package org.robustj.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.robustj.errors.MissingCapabilityException;

/** Models declare what they offer; one check turns a missing capability into a line naming the way out. */
class CapabilitiesTest {
    static TorchScriptClassifier torchScript() {
        ModelCard card = new ModelCard("net", ModelCard.TORCHSCRIPT_FORMAT, "torchscript", null, null,
                List.of(1L, 28L, 28L), 10, null, null, null, null, null, null, null, null, null, null);
        // the capability check reads only the card and the declaration: no TorchScript module is needed
        return new TorchScriptClassifier(null, new Shape(1, 28, 28), 10, card, "net.pt", "", List.of());
    }

    @Test
    void builtInModelsOfferEverythingButRandomnessAndTorchScriptIsOpaque() {
        try (NDManager m = NDManager.newBaseManager();
                BlockClassifier b = BlockClassifier.create(m, ModelsTest.card("mlp", Map.of("hidden", List.of(4)),
                        List.of(6L), 3), 1)) {
            // everything but RANDOMIZED: a built-in model is deterministic, so evaluate's default stays strong
            assertEquals(EnumSet.complementOf(EnumSet.of(ModelCapability.RANDOMIZED)), b.capabilities());
            assertSame(b.graph().orElseThrow(), Capabilities.graph(b, "crown", "use --method smoothing"));
        }
        TorchScriptClassifier ts = torchScript();
        assertEquals(EnumSet.of(ModelCapability.LOGITS, ModelCapability.INPUT_GRADIENTS), ts.capabilities());
        assertTrue(ts.graph().isEmpty());
        Capabilities.require(ts, ModelCapability.INPUT_GRADIENTS, "attack apgd-ce", null);
        MissingCapabilityException e = assertThrows(MissingCapabilityException.class,
                () -> Capabilities.require(ts, ModelCapability.LAYER_GRAPH, "crown", "use --method smoothing"));
        assertEquals("crown needs a readable layer graph, but net.pt is TorchScript, which is opaque; export it from "
                + "PyTorch with torch.onnx.export(model, x, 'net.onnx') and pass --model net.onnx, or use --method "
                + "smoothing", e.getMessage());
        assertThrows(MissingCapabilityException.class, () -> Capabilities.graph(ts, "ibp", null));
        e = assertThrows(MissingCapabilityException.class,
                () -> Capabilities.require(ts, ModelCapability.PARAMETER_GRADIENTS, "train --init-model", null));
        assertTrue(e.getMessage().startsWith("train --init-model needs trainable weights, but net.pt is TorchScript"),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("start from a robustj model (--init-model)"), "no alternative was given, "
                + "none is appended: " + e.getMessage());
    }

    @Test
    void aQueryOnlyModelIsRefusedByGradientMethodsAndAGraphlessOneByGraphMethods() {
        Classifier q = new Declared(EnumSet.of(ModelCapability.LOGITS), "remote");
        Capabilities.require(q, ModelCapability.LOGITS, "square", null);
        MissingCapabilityException e = assertThrows(MissingCapabilityException.class,
                () -> Capabilities.require(q, ModelCapability.INPUT_GRADIENTS, "attack pgd", "use square"));
        assertEquals("attack pgd needs input gradients, but remote is query-only (it answers logits, nothing else); "
                + "open it as a white-box model (a TorchScript .pt, an ONNX file or a robustj model), or use square",
                e.getMessage());
        // a graph method on it: exporting again would not help, opening it white-box would
        e = assertThrows(MissingCapabilityException.class,
                () -> Capabilities.require(q, ModelCapability.LAYER_GRAPH, "crown", "use --method smoothing"));
        assertEquals("crown needs a readable layer graph, but remote is query-only (it answers logits, nothing "
                + "else), so it has none; open it as a white-box model with a layer graph (an ONNX file robustj's "
                + "layer graph maps, or a robustj model; without --query-only or --backend onnxruntime), or use "
                + "--method smoothing", e.getMessage());
        // the default declaration: white-box, with a graph exactly when graph() has one
        Classifier plain = new Declared(null, "plain");
        assertEquals(Capabilities.whiteBox(), plain.capabilities());
        e = assertThrows(MissingCapabilityException.class,
                () -> Capabilities.require(plain, ModelCapability.LAYER_GRAPH, "crown", null));
        assertTrue(e.getMessage().startsWith("crown needs a readable layer graph, but plain does not offer a "
                + "readable layer graph; export it"), e.getMessage());
    }

    /** A classifier with a declared capability set (null: the interface's default). */
    private record Declared(Set<ModelCapability> declared, String source) implements Classifier {
        @Override
        public Set<ModelCapability> capabilities() {
            return declared == null ? Classifier.super.capabilities() : declared;
        }

        @Override public NDArray logits(NDArray x) { throw new UnsupportedOperationException(); }
        @Override public Shape inputShape() { return new Shape(2); }
        @Override public int numClasses() { return 2; }
        @Override public List<String> layers() { return List.of("logits"); }
        @Override public Map<String, NDArray> activations(NDArray x, List<String> names) { return Map.of(); }
        @Override public ModelCard card() { return null; }
        @Override public String sha256() { return ""; }
        @Override public NDManager manager() { return null; }
        @Override public void close() {}
    }
}
