package org.robustj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustj.io.Json;

/** {@code robustj attack-universal}: a small end-to-end run, and bad input as one error line. */
class AttackUniversalCommandTest {
    @Test
    void fitsJudgesOnHeldOutPointsAndWritesRecordNpyAndReport(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("u.json");
        Path npy = dir.resolve("v.npy");
        Path html = dir.resolve("u.html");
        CliRun r = CliRun.of("attack-universal", "--model", "zoo:mnist-cnn", "--eps", "0.25", "--n", "40",
                "--n-train", "30", "--fit-split", "test", "--max-passes", "1", "--out", out.toString(),
                "--save-perturbation", npy.toString(), "--report", html.toString(), "--quiet");
        assertEquals(0, r.exit(), r.err());
        JsonNode rec = Json.mapper().readTree(out.toFile());
        assertEquals("attack-universal", rec.get("kind").asText());
        assertEquals(40, rec.get("points").size());
        for (JsonNode i : rec.get("fit_indices")) assertTrue(i.asInt() >= 40, "fitting points are never held-out ones");
        double rate = rec.get("fooling_rate").asDouble();
        assertTrue(r.out().contains(String.format(java.util.Locale.ROOT, "fooling rate (40 held-out points): %.2f%%",
                100 * rate)), r.out());
        double max = 0;
        for (JsonNode v : rec.get("perturbation")) max = Math.max(max, Math.abs(v.asDouble()));
        assertTrue(max <= 0.25 + 1e-6, "v inside the ball: " + max);
        // a real .npy: magic, header with the input's shape, then 784 little-endian floats equal to the record's v
        byte[] b = Files.readAllBytes(npy);
        assertEquals((byte) 0x93, b[0]);
        assertEquals("NUMPY", new String(b, 1, 5, StandardCharsets.US_ASCII));
        int hl = (b[8] & 0xFF) | (b[9] & 0xFF) << 8;
        String header = new String(b, 10, hl, StandardCharsets.US_ASCII);
        assertTrue(header.contains("'shape': (1, 28, 28)"), header);
        ByteBuffer f = ByteBuffer.wrap(b, 10 + hl, b.length - 10 - hl).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(784 * 4, b.length - 10 - hl);
        assertEquals(rec.get("perturbation").get(100).floatValue(), f.getFloat(10 + hl + 4 * 100), 0);
        String page = Files.readString(html);
        assertTrue(page.contains("id=\"perturbation\"") && page.contains("id=\"examples\""));
        assertTrue(page.contains("data-field=\"fooling_rate\""));
    }

    @Test
    void badInputIsOneErrorLine() {
        String[][] cases = {
            {"--eps", "0", "error: eps must be a finite number > 0"},
            {"--eps", "-0.1", "error: eps must be a finite number > 0"},
            {"--method", "fgsm", "error: unknown universal method 'fgsm'; known: gd-uap, uap"},
            {"--n-train", "0", "error: --n-train must be >= 1, got 0"},
            {"--method", "gd-uap", "--layers", "conv9", "error: unknown layer 'conv9'; known: conv1, conv2, fc,"},
            {"--method", "gd-uap", "--norm", "l2", "error: attack-universal gd-uap projects onto the linf ball, not l2"},
            {"--norm", "l0", "error: attack-universal uap projects onto the linf, l2, l1 balls, not l0"},
            {"--method", "uap", "--layers", "relu1", "error: --layers is a setting of gd-uap, not of --method uap"},
            {"--fit-split", "val", "error: unknown fit split 'val'"},
        };
        for (String[] c : cases) {
            String[] args = new String[c.length - 1 + 6];
            args[0] = "attack-universal";
            args[1] = "--model";
            args[2] = "zoo:mnist-cnn";
            args[3] = "--n";
            args[4] = "10";
            args[5] = "--quiet";
            System.arraycopy(c, 0, args, 6, c.length - 1);
            CliRun r = CliRun.of(args);
            // a machine without the MNIST training set prints a note: line before the error (fits on test points)
            String err = r.err().lines().filter(l -> !l.startsWith("note:")).collect(java.util.stream.Collectors.joining("\n"));
            assertTrue(r.exit() != 0 && err.startsWith("error:") && err.lines().count() == 1,
                    String.join(" ", args) + " → " + r.err());
            assertTrue(err.startsWith(c[c.length - 1]), String.join(" ", args) + " → " + r.err());
        }
    }

    @Test
    void anOpaqueModelSaysWhichModelsWorkForGdUap() {
        Path pt = Path.of(System.getProperty("robustj.shared", "../shared"), "models", "cnn_bn_std.pt");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(pt), "skipping: ../shared/models absent");
        CliRun r = CliRun.of("attack-universal", "--model", pt.toString(), "--method", "gd-uap", "--n", "10",
                "--n-train", "10", "--fit-split", "test", "--quiet");
        assertTrue(r.oneLineError(), r.err());
        assertTrue(r.err().contains("a readable layer graph") && r.err().contains("torch.onnx.export")
                && r.err().contains("--method uap"), r.err());
    }
}
