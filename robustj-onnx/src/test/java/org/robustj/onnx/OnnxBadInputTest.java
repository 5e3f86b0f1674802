package org.robustj.onnx;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.robustj.onnx.TinyOnnx.in;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustj.errors.ModelLoadException;
import org.robustj.model.Models;

/** Files robustj cannot import fail with one line that says why: the operator and node, or what is broken. */
class OnnxBadInputTest {
    @TempDir
    Path dir;

    private String open(Path f) {
        try (NDManager m = NDManager.newBaseManager()) {
            ModelLoadException e = assertThrows(ModelLoadException.class, () -> Models.open(m, f.toString(), null));
            assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
            return e.getMessage();
        }
    }

    @Test
    void anUnsupportedOperatorIsNamedWithItsNode() throws Exception {
        Path f = dir.resolve("sig.onnx");
        Files.write(f, new TinyOnnx(3).init("W", new float[9], 3, 3).node("MatMul", "fc", in("x", "W"), "h")
                .node("Sigmoid", "/act/Sigmoid", in("h"), "y").bytes("y", 3));
        // with the layer graph alone (--backend graph); by default such a model runs in ONNX Runtime instead
        try (NDManager m = NDManager.newBaseManager()) {
            ModelLoadException e = assertThrows(ModelLoadException.class,
                    () -> OnnxModels.open(m, f, null, f.toString(), OnnxModels.Backend.GRAPH));
            assertTrue(e.getMessage().contains("unsupported operator Sigmoid")
                    && e.getMessage().contains("'/act/Sigmoid'"), e.getMessage());
        }
        // an operator neither robustj nor ONNX Runtime can run (an LSTM without weights): both reasons, one line
        Path l = dir.resolve("lstm.onnx");
        Files.write(l, new TinyOnnx(3).node("LSTM", "rnn", in("x"), "y").bytes("y", 3));
        String ml = open(l);
        assertTrue(ml.contains("LSTM") && ml.contains("'rnn'") && ml.contains("ONNX Runtime cannot run it either"), ml);
    }

    @Test
    void aTruncatedFileCannotBeRead() throws Exception {
        byte[] full = Files.readAllBytes(OnnxRoundTripTest.resource("conv_groups.onnx"));
        for (int cut : new int[] {full.length / 3, full.length / 2, full.length - 7}) {
            Path f = dir.resolve("cut" + cut + ".onnx");
            Files.write(f, Arrays.copyOf(full, cut));
            String m = open(f);
            assertTrue(m.startsWith("cannot read ONNX model " + f), m);
        }
    }

    @Test
    void aFileThatIsNotOnnxCannotBeRead() throws Exception {
        Path text = dir.resolve("notes.onnx");
        Files.writeString(text, "this is not a model\n");
        assertTrue(open(text).startsWith("cannot read ONNX model " + text), open(text));
        Path zeros = dir.resolve("zeros.onnx");
        Files.write(zeros, new byte[64]);
        assertTrue(open(zeros).startsWith("cannot read ONNX model " + zeros), open(zeros));
        Path empty = dir.resolve("empty.onnx");
        Files.write(empty, new byte[0]);
        assertTrue(open(empty).startsWith("cannot read ONNX model " + empty), open(empty));
    }

    @Test
    void aReshapeThatIsNotAFlattenAndABroadcastConstantAreRefused() throws Exception {
        Path f = dir.resolve("reshape.onnx");
        Files.write(f, new TinyOnnx(2, 3).ints("s", 3, 2, -1).node("Reshape", "rs", in("x", "s"), "y").bytes("y", 2));
        String m = open(f);
        assertTrue(m.contains("Reshape") && m.contains("'rs'") && m.contains("not a flatten"), m);
        Path b = dir.resolve("bcast.onnx");
        Files.write(b, new TinyOnnx(2, 3).init("c", new float[3], 3).node("Sub", "sub", in("x", "c"), "y")
                .bytes("y", 2));
        String mb = open(b);
        assertTrue(mb.contains("'sub'") && mb.contains("per channel"), mb);
    }
}
