package org.robustj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustj.io.Json;
import org.robustj.model.Classifier;
import org.robustj.model.Models;
import org.robustj.model.graph.LayerGraph;
import org.robustj.model.graph.Node;
import org.robustj.model.graph.Round;
import org.robustj.model.graph.ScalarAffine;
import org.robustj.onnx.OnnxModels;

/**
 * BPDA on a quantised wrapper of a robust model: the bundled PGD-trained MNIST CNN behind an 8-bit input
 * quantiser, x ↦ round(255·x)/255 (an ONNX graph with a Round node before the network, read by the importer).
 * Without BPDA the Round node's zero gradient blinds APGD-CE (the robust accuracy stays near the clean one, and
 * the zero-gradient check suggests --bpda); with {@code --bpda} APGD-CE reaches, within one point, the robust
 * accuracy it reaches on the unquantised model. Long (three APGD-CE runs of 25 steps on 100 MNIST points), hence IT.
 */
class BpdaQuantisedIT {
    @TempDir
    Path dir;

    /** The bundled robust model as ONNX, plain and behind the quantiser. */
    private Path[] fixtures() throws Exception {
        try (NDManager m = NDManager.newBaseManager();
                Classifier robust = Models.open(m, "zoo:mnist-cnn-pgd-at", null)) {
            LayerGraph g = robust.graph().orElseThrow();
            List<Node> nodes = new ArrayList<>();
            nodes.add(new Node("quant_scale", new ScalarAffine(255, 0), List.of(LayerGraph.INPUT)));
            nodes.add(new Node("quant_round", new Round(), List.of("quant_scale")));
            nodes.add(new Node("quant_back", new ScalarAffine(1 / 255.0, 0), List.of("quant_round")));
            for (Node n : g.nodes()) {
                List<String> in = new ArrayList<>();
                for (String s : n.inputs()) in.add(s.equals(LayerGraph.INPUT) ? "quant_back" : s);
                nodes.add(new Node(n.name(), n.op(), in));
            }
            Path plain = dir.resolve("robust.onnx");
            Path quantised = dir.resolve("robust-quantised.onnx");
            OnnxModels.write(g, "robust", plain);
            OnnxModels.write(new LayerGraph(g.inputShape(), nodes), "robust-quantised", quantised);
            return new Path[] {plain, quantised};
        }
    }

    private static JsonNode evaluate(Path model, Path out, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("evaluate", "--model", model.toString(), "--dataset", "mnist",
                "--n", "100", "--eps", "0.3", "--attacks", "apgd-ce", "--attack-option", "apgd-ce.steps=25", "--quiet", "--out", out.toString()));
        args.addAll(List.of(extra));
        CliRun r = CliRun.of(args.toArray(new String[0]));
        assertEquals(0, r.exit(), r.err());
        return Json.mapper().readTree(out.toFile());
    }

    @Test
    void bpdaRestoresTheGradientAttackOnAQuantisedModel() throws Exception {
        Path[] f = fixtures();
        JsonNode plain = evaluate(f[0], dir.resolve("plain.json"));
        JsonNode blind = evaluate(f[1], dir.resolve("blind.json"));
        JsonNode bpda = evaluate(f[1], dir.resolve("bpda.json"), "--bpda");
        double clean = plain.get("clean_accuracy").asDouble();
        assertEquals(clean, bpda.get("clean_accuracy").asDouble(), 1e-12, "the quantiser keeps MNIST's 8-bit pixels");
        double a = plain.get("robust_accuracy").asDouble();
        double b = bpda.get("robust_accuracy").asDouble();
        double c = blind.get("robust_accuracy").asDouble();
        assertTrue(Math.abs(a - b) <= 0.01 + 1e-9, "BPDA on the quantised model " + b + " vs unquantised " + a);
        // measured: clean 100%, plain 92%, quantised without BPDA 100% (nothing broken), with BPDA within a point
        assertTrue(c >= a + 0.05, "without BPDA the attack should be blinded: " + c + " vs " + a);
        assertTrue(blind.get("warnings").toString().contains("--bpda"), blind.get("warnings").toString());
        assertTrue(bpda.get("warnings").toString().contains("quant_round"), bpda.get("warnings").toString());
        assertTrue(bpda.get("config").get("bpda").asBoolean());
    }
}
