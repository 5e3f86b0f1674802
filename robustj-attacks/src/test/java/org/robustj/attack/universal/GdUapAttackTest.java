package org.robustj.attack.universal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.robustj.data.Dataset;
import org.robustj.errors.InvalidInputException;
import org.robustj.errors.MissingCapabilityException;
import org.robustj.errors.UnknownNameException;
import org.robustj.model.Classifier;
import org.robustj.model.GraphClassifier;
import org.robustj.model.ModelCard;
import org.robustj.model.Models;
import org.robustj.model.graph.LayerGraph;
import org.robustj.model.graph.Linear;
import org.robustj.model.graph.Node;
import org.robustj.model.graph.Relu;
import org.robustj.testkit.LinearClassifier;
import org.robustj.threat.Norm;
import org.robustj.threat.ThreatModel;

/**
 * GD-UAP on a graph whose maximiser is known: one hidden unit h = w·x + β read by logits (0, h). At the data-free
 * input (the box centre) h = κ &gt; 0, so log(½h²) over the cube |δ| ≤ ε is maximised by δ = ε·sign(w), which
 * raises h by ε‖w‖₁: the fitting points (all with h &lt; 0, class 0) with −h &lt; ε‖w‖₁ are exactly the ones any
 * perturbation in the ball can fool.
 */
class GdUapAttackTest {
    private static final int D = 16;

    record Problem(GraphClassifier model, Dataset fit, float[] w, float beta) {}

    static Problem problem(NDManager m, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] w = new float[D];
        for (int i = 0; i < D; i++) w[i] = (float) ((r.nextBoolean() ? 1 : -1) * (0.5 + r.nextDouble()));
        double l1 = Perturbations.norm(w, Norm.LINF.dual());
        double half = 0;
        for (float c : w) half += 0.5 * c;
        float beta = (float) (-half + 0.02 * l1); // h(centre) = κ = 0.02‖w‖₁ > 0
        int n = 200;
        float[] x = new float[n * D];
        for (int k = 0; k < n; k++) {
            for (int i = 0; i < D; i++) {
                // away from the centre against sign(w): h(x) = w·(x − ½) + κ ≤ −0.05‖w‖₁ + κ < 0
                double off = 0.05 + 0.1 * r.nextDouble();
                x[k * D + i] = (float) (w[i] > 0 ? 0.5 - off : 0.5 + off);
            }
        }
        NDManager mm = m.newSubManager();
        LayerGraph g = new LayerGraph(new Shape(D), List.of(
                new Node("hidden", new Linear(mm.create(w, new Shape(1, D)), mm.create(new float[] {beta})),
                        List.of(LayerGraph.INPUT)),
                new Node("logits", new Linear(mm.create(new float[] {0, 1}, new Shape(2, 1)), mm.create(new float[2])),
                        List.of("hidden"))));
        ModelCard card = new ModelCard("unit", "test", "unit", null, null, null, 2, null, null, null, null, null, null,
                null, null, null, null);
        GraphClassifier model = new GraphClassifier(g, 2, card, "unit", "", mm, List.of());
        Dataset fit = Dataset.ofFloats("unit", "train", new Shape(D), x, new int[n], List.of("0", "1"), List.of());
        return new Problem(model, fit, w, beta);
    }

    @Test
    void ascendsToTheSignOfTheMaximiserAndNeverBeatsTheOptimum() {
        try (NDManager m = NDManager.newBaseManager()) {
            Problem p = problem(m, 4);
            double eps = 0.08;
            ThreatModel t = ThreatModel.of(Norm.LINF, eps);
            GdUapAttack a = new GdUapAttack(GdUapConfig.defaults().withLayers(List.of("hidden")).withMaxIterations(4000));
            UniversalFit f = a.fit(p.model(), p.fit(), t, 0, l -> {});
            float[] v = f.perturbation();
            for (int i = 0; i < D; i++) {
                assertEquals(eps * Math.signum(p.w()[i]), v[i], 1e-7, "coordinate " + i + " of ε·sign(w)");
            }
            assertTrue(f.stopReason().startsWith("10 validations without"), f.stopReason());
            // the best any δ in the cube does: points with −h(x) < ε‖w‖₁
            float[] xs = p.fit().values(p.fit().allIndices());
            double reach = eps * Perturbations.norm(p.w(), Norm.L1);
            int c = 0;
            for (int k = 0; k < p.fit().size(); k++) {
                double h = p.beta();
                for (int i = 0; i < D; i++) h += p.w()[i] * xs[k * D + i];
                assertTrue(h < 0);
                if (-h < reach) c++;
            }
            double best = c / (double) p.fit().size();
            assertTrue(best > 0.1 && best < 0.9, "a problem with something to find: " + best);
            assertTrue(f.fitFoolingRate() <= best + 1e-9, f.fitFoolingRate() + " > optimum " + best);
            assertEquals(best, f.fitFoolingRate(), 1e-12, "the maximiser fools every point any δ can");
            float[] top = new float[D];
            for (int i = 0; i < D; i++) top[i] = (float) (eps * Math.signum(p.w()[i]));
            float[] centre = new float[D];
            java.util.Arrays.fill(centre, 0.5f);
            assertTrue(GdUapAttack.objective(p.model(), centre, v, List.of("hidden"), t)
                    <= GdUapAttack.objective(p.model(), centre, top, List.of("hidden"), t) + 1e-5);
            p.model().close();
        }
    }

    @Test
    void theObjectiveGradientMatchesFiniteDifferences() {
        // a ReLU layer between two linear ones, a batch of 3 inputs, two layers in the objective
        SplittableRandom r = new SplittableRandom(8);
        int d = 6;
        int h = 5;
        float[] w1 = new float[h * d];
        float[] w2 = new float[3 * h];
        float[] b1 = new float[h];
        java.util.Arrays.fill(b1, 1f); // every ReLU active somewhere: no layer norm near 0, where log is steep
        for (int i = 0; i < w1.length; i++) w1[i] = (float) (0.5 * Norm.gaussian(r));
        for (int i = 0; i < w2.length; i++) w2[i] = (float) Norm.gaussian(r);
        try (NDManager m = NDManager.newBaseManager()) {
            NDManager mm = m.newSubManager();
            LayerGraph g = new LayerGraph(new Shape(d), List.of(
                    new Node("fc1", new Linear(mm.create(w1, new Shape(h, d)), mm.create(b1)),
                            List.of(LayerGraph.INPUT)),
                    new Node("relu1", new Relu(), List.of("fc1")),
                    new Node("logits", new Linear(mm.create(w2, new Shape(3, h)), null), List.of("relu1"))));
            try (GraphClassifier model = new GraphClassifier(g, 3, null, "mlp", "", mm, List.of())) {
                assertEquals(List.of("relu1"), GdUapAttack.defaultLayers(g), "a hidden linear layer, after its ReLU");
                float[] base = new float[3 * d];
                for (int i = 0; i < base.length; i++) base[i] = (float) (0.2 + 0.6 * r.nextDouble());
                float[] delta = new float[d];
                for (int i = 0; i < d; i++) delta[i] = (float) (0.05 * Norm.gaussian(r));
                ThreatModel t = ThreatModel.of(Norm.LINF, 0.3);
                List<String> layers = List.of("relu1", "logits");
                double[] grad = GdUapAttack.objectiveGradient(model, base, delta, layers, t);
                for (int i = 0; i < d; i++) {
                    float[] plus = delta.clone();
                    float[] minus = delta.clone();
                    plus[i] += 1e-2f;
                    minus[i] -= 1e-2f;
                    double fd = (GdUapAttack.objective(model, base, plus, layers, t)
                            - GdUapAttack.objective(model, base, minus, layers, t)) / 2e-2;
                    assertEquals(fd, grad[i], 2e-3 * (1 + Math.abs(fd)), "coordinate " + i);
                }
            }
        }
    }

    @Test
    void theDefaultLayersOfTheBundledCnnAreItsConvolutionsAfterTheirReLUs() {
        try (NDManager m = NDManager.newBaseManager();
                Classifier cnn = Models.open(m, "zoo:mnist-cnn", new Shape(1, 28, 28))) {
            assertEquals(List.of("relu1", "relu2"), new GdUapAttack().layers(cnn));
        }
    }

    @Test
    void theSameSeedGivesTheSamePerturbation() {
        try (NDManager m = NDManager.newBaseManager()) {
            Problem p = problem(m, 9);
            ThreatModel t = ThreatModel.of(Norm.LINF, 0.05);
            GdUapAttack a = new GdUapAttack(GdUapConfig.defaults().withLayers(List.of("hidden")).withPrior("data")
                    .withMaxIterations(450));
            assertArrayEquals(a.fit(p.model(), p.fit(), t, 3, l -> {}).perturbation(),
                    a.fit(p.model(), p.fit(), t, 3, l -> {}).perturbation());
            p.model().close();
        }
    }

    @Test
    void badInputIsOneLineNamingTheWayOut() {
        try (NDManager m = NDManager.newBaseManager()) {
            Problem p = problem(m, 1);
            ThreatModel linf = ThreatModel.of(Norm.LINF, 0.1);
            UnknownNameException layer = assertThrows(UnknownNameException.class,
                    () -> new GdUapAttack(GdUapConfig.defaults().withLayers(List.of("conv9"))).check(p.model(), linf));
            assertTrue(layer.getMessage().startsWith("unknown layer 'conv9'; known: hidden, logits"), layer.getMessage());
            InvalidInputException l2 = assertThrows(InvalidInputException.class,
                    () -> new GdUapAttack().check(p.model(), ThreatModel.of(Norm.L2, 1)));
            assertTrue(l2.getMessage().contains("linf") && l2.getMessage().contains("--method uap"), l2.getMessage());
            InvalidInputException none = assertThrows(InvalidInputException.class, () -> new GdUapAttack().check(
                    new GraphClassifier(new LayerGraph(new Shape(D), List.of(new Node("logits",
                            new Linear(m.create(new float[2 * D], new Shape(2, D)), null), List.of(LayerGraph.INPUT)))),
                            2, null, "flat", "", m.newSubManager(), List.of()), linf));
            assertTrue(none.getMessage().contains("--layers"), none.getMessage());
            assertThrows(UnknownNameException.class, () -> GdUapConfig.defaults().withPrior("imagenet"));
            p.model().close();
        }
        try (NDManager m = NDManager.newBaseManager();
                LinearClassifier opaque = new LinearClassifier(m, new float[][] {{1, 0}, {0, 1}}, new float[2])) {
            MissingCapabilityException e = assertThrows(MissingCapabilityException.class,
                    () -> new GdUapAttack().check(opaque, ThreatModel.of(Norm.LINF, 0.1)));
            assertTrue(e.getMessage().contains("a readable layer graph") && e.getMessage().contains("--method uap"),
                    e.getMessage());
        }
    }
}
