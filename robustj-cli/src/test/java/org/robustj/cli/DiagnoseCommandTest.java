package org.robustj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code robustj diagnose} and {@code robustj experiment}: listing, and bad input as one error line. */
class DiagnoseCommandTest {
    @Test
    void unknownNamesListTheKnownOnes() {
        CliRun d = CliRun.of("diagnose", "nope");
        assertTrue(d.exit() != 0);
        assertTrue(d.oneLineError(), d.err());
        assertTrue(d.err().startsWith("error: unknown diagnostic 'nope'; known:"), d.err());
        CliRun e = CliRun.of("experiment", "run", "nope");
        assertTrue(e.exit() != 0);
        assertTrue(e.oneLineError(), e.err());
        assertTrue(e.err().startsWith("error: unknown experiment 'nope'; known:"), e.err());
    }

    @Test
    void aMissingNameSaysHowToList() {
        CliRun d = CliRun.of("diagnose");
        assertTrue(d.exit() != 0);
        assertTrue(d.oneLineError(), d.err());
        assertTrue(d.err().contains("--list"), d.err());
    }

    @Test
    void listsAreOneLineEach() {
        CliRun e = CliRun.of("experiment", "list");
        assertEquals(0, e.exit(), e.err());
        CliRun d = CliRun.of("diagnose", "--list");
        assertEquals(0, d.exit(), d.err());
    }

    @Test
    void anUnknownLayerListsTheLayers() {
        CliRun r = CliRun.of("diagnose", "collapse", "--model", "zoo:mnist-cnn", "--n", "20", "--option",
                "layers=fc,nope", "--quiet");
        assertTrue(r.oneLineError(), r.err());
        assertTrue(r.err().startsWith("error: unknown layer 'nope'; known: conv1, conv2, fc, flatten, logits,"), r.err());
    }

    @Test
    void anUnknownOptionAndABadValueAreOneLine() {
        CliRun r = CliRun.of("diagnose", "collapse", "--model", "zoo:mnist-cnn", "--n", "20", "--option", "layer=fc");
        assertTrue(r.oneLineError(), r.err());
        assertTrue(r.err().contains("unknown option of diagnose collapse 'layer'; known: batch_size, layers"), r.err());
        CliRun none = CliRun.of("diagnose", "collapse", "--attacks", "none", "--n", "20");
        assertTrue(none.oneLineError(), none.err());
        assertTrue(none.err().contains("needs an attack"), none.err());
    }

    @Test
    void anOpaqueModelSaysWhichDiagnosticsNeedLayersAndHowToGetThem() {
        java.nio.file.Path pt = java.nio.file.Path.of(System.getProperty("robustj.shared", "../shared"), "models",
                "cnn_bn_std.pt");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.exists(pt),
                "skipping: ../shared/models/cnn_bn_std.pt absent");
        CliRun r = CliRun.of("diagnose", "collapse", "--model", pt.toString(), "--n", "20", "--quiet");
        assertTrue(r.oneLineError(), r.err());
        assertTrue(r.err().startsWith("error: diagnose collapse needs a readable layer graph, but "), r.err());
        assertTrue(r.err().contains("torch.onnx.export"), r.err());
    }
}
