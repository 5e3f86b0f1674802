package org.robustj.diagnose.regions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.robustj.attack.ensemble.EvaluationConfig;
import org.robustj.data.Dataset;
import org.robustj.diagnose.DiagnosticRequest;
import org.robustj.diagnose.DiagnosticResult;
import org.robustj.diagnose.Diagnostics;
import org.robustj.diagnose.Series;
import org.robustj.diagnose.TinyNets;
import org.robustj.io.Json;
import org.robustj.model.Classifier;
import org.robustj.tensor.Engines;
import org.robustj.threat.Norm;

/**
 * Local complexity around adversarial inputs, against counts by hand: a one-hidden-layer net on [0, 1]² whose
 * logits are z₀ = 3 and z₁ = relu(x₁ + 1) + relu(x₂ + 1), so the cross-entropy gradient at a class-0 point has the
 * sign (+, +) everywhere in the box and FGSM at ε = 0.25 moves (0.3, 0.3) to (0.55, 0.55) (broken: z₁ = 3.1) and
 * (0.1, 0.2) to (0.35, 0.45) (not broken: 2.8). Three more neurons with zero output weight are hand-placed lines
 * (x₁ = 0.58, x₂ = 0.27, x₁ + x₂ = 0.62): they do not move the attack but count where they cut a neighbourhood.
 * With P = d = 2 the neighbourhood of x is the square with vertices x ± r·v_p, and line (w, b) cuts it iff
 * |w·x + b| < r·max_p |w·v_p|.
 */
class AdversarialComplexityTest {
    private static final float[][] W1 = {{1, 0}, {0, 1}, {1, 0}, {0, 1}, {1, 1}};
    private static final float[] B1 = {1, 1, -0.58f, -0.27f, -0.62f};

    private static int byHand(float[] x, double r, Frame f) {
        int count = 0;
        for (int j = 0; j < W1.length; j++) {
            double a = B1[j] + W1[j][0] * x[0] + W1[j][1] * x[1];
            double reach = 0;
            for (int p = 0; p < 2; p++) reach = Math.max(reach, Math.abs(W1[j][0] * f.get(p, 0) + W1[j][1] * f.get(p, 1)));
            assertTrue(Math.abs(Math.abs(a) - r * reach) > 1e-4, "no near tie for line " + j + " at r " + r);
            if (Math.abs(a) < r * reach) count++;
        }
        return count;
    }

    @Test
    void theCountAroundFgsmPointsIsTheHandCountAtTheirKnownPlace() throws Exception {
        Engines.pytorch();
        try (NDManager m = NDManager.newBaseManager()) {
            Classifier model = TinyNets.classifier(m, TinyNets.oneHidden(m, W1, B1,
                    new float[][] {{0, 0, 0, 0, 0}, {1, 1, 0, 0, 0}}, new float[] {3, 0}), 2);
            float[] clean = {0.3f, 0.3f, 0.1f, 0.2f};
            Dataset data = Dataset.ofFloats("toy", "test", new Shape(2), clean, new int[] {0, 0}, List.of("a", "b"),
                    List.of());
            EvaluationConfig fgsm = new EvaluationConfig(null, List.of("fgsm"), Map.of(), Norm.LINF, List.of(0.25), 0,
                    500);
            DiagnosticRequest req = DiagnosticRequest.of(model, data).withAttack(fgsm)
                    .withOptions(Map.of("radii", "0.05,0.1,0.3", "directions", "2", "random_points", "0"));
            DiagnosticResult r = Diagnostics.create("complexity").run(req);
            Frame f = LocalComplexity.of(model, ComplexityDiagnostic.config(req)).frame();
            float[][] adv = {{0.55f, 0.55f}, {0.35f, 0.45f}};
            float[][] cl = {{0.3f, 0.3f}, {0.1f, 0.2f}};
            JsonNode d = Json.tree(r).path("details");
            assertEquals("[true,false]", d.path("broken_adversarial").toString(), "FGSM breaks the first point only");
            String[] radii = {"0.05", "0.1", "0.3"};
            Series lc = r.series("lc");
            assertEquals(List.of("test", "adversarial"), List.copyOf(lc.values().keySet()));
            int differ = 0;
            for (int ri = 0; ri < 3; ri++) {
                double rr = Double.parseDouble(radii[ri]);
                int[] wantClean = {byHand(cl[0], rr, f), byHand(cl[1], rr, f)};
                int[] wantAdv = {byHand(adv[0], rr, f), byHand(adv[1], rr, f)};
                assertEquals(List.of(wantClean[0], wantClean[1]), ints(d.path("lc_per_point_test").path(radii[ri])));
                assertEquals(List.of(wantAdv[0], wantAdv[1]), ints(d.path("lc_per_point_adversarial").path(radii[ri])),
                        "adversarial, r = " + radii[ri]);
                assertEquals((wantAdv[0] + wantAdv[1]) / 2.0, r.number("lc.adversarial." + radii[ri]), 1e-12);
                assertEquals((wantAdv[0] + wantAdv[1]) / 2.0, lc.value("adversarial", radii[ri]), 1e-12);
                if (wantAdv[0] != wantClean[0] || wantAdv[1] != wantClean[1]) differ++;
            }
            assertTrue(differ >= 2, "the lines cut the adversarial neighbourhoods differently from the clean ones");
            assertEquals(0.5, r.number("attack_success.eps=0.25"), 1e-12);
        }
    }

    @Test
    void withoutAnAttackOnlyTheCleanPointsAreMeasured() {
        Engines.pytorch();
        try (NDManager m = NDManager.newBaseManager()) {
            Classifier model = TinyNets.classifier(m, TinyNets.oneHidden(m, W1, B1,
                    new float[][] {{0, 0, 0, 0, 0}, {1, 1, 0, 0, 0}}, new float[] {3, 0}), 2);
            Dataset data = Dataset.ofFloats("toy", "test", new Shape(2), new float[] {0.3f, 0.3f}, new int[] {0},
                    List.of("a", "b"), List.of());
            DiagnosticResult r = Diagnostics.create("complexity").run(DiagnosticRequest.of(model, data)
                    .withOptions(Map.of("radii", "0.1", "directions", "2", "random_points", "0")));
            assertEquals(List.of("test"), List.copyOf(r.series("lc").values().keySet()));
            assertFalse(Diagnostics.create("complexity").requiresAttack());
            assertTrue(Diagnostics.create("complexity").usesAttacks());
        }
    }

    private static List<Integer> ints(JsonNode a) {
        List<Integer> l = new java.util.ArrayList<>();
        for (JsonNode x : a) l.add(x.asInt());
        return l;
    }
}
