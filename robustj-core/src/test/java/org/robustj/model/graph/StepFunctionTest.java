package org.robustj.model.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.robustj.errors.MissingCapabilityException;
import org.robustj.model.BpdaModel;
import org.robustj.model.Classifier;
import org.robustj.model.GraphClassifier;
import org.robustj.model.ModelCapability;
import org.robustj.model.QueryOnlyModel;
import org.robustj.tensor.Engines;
import org.robustj.tensor.Gradients;

/**
 * Round, Floor, Ceil and Sign: values by hand; the true derivative is zero, the straight-through one (BPDA) is one
 * and leaves every value bit for bit; a quantised graph made straight-through has the plain network's gradient
 * at the quantised point; BpdaModel and QueryOnlyModel declare what they offer.
 */
class StepFunctionTest {
    private static final float[] X = {-1.5f, -0.7f, -0.2f, 0f, 0.2f, 0.5f, 1.5f, 2.5f, 2.7f};

    private static float[] gradient(Op op, NDArray x) {
        try (Gradients.ValueAndGradient g = Gradients.of(x, xx -> new NDList(op.forward(List.of(xx)).mul(3f).sum()))) {
            return g.gradient().toFloatArray();
        }
    }

    @Test
    void stepValuesAreByHandAndTheStraightThroughVariantOnlyChangesTheGradient() {
        Engines.pytorch();
        float[][] want = {
            {-2, -1, -0f, 0, 0, 0, 2, 2, 3}, // round, ties to even
            {-2, -1, -1, 0, 0, 0, 1, 2, 2}, // floor
            {-1, -0f, -0f, 0, 1, 1, 2, 3, 3}, // ceil
            {-1, -1, -1, 0, 1, 1, 1, 1, 1}}; // sign
        Op[] ops = {new Round(), new Floor(), new Ceil(), new Sign()};
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(X, new Shape(1, X.length));
            for (int k = 0; k < ops.length; k++) {
                Op plain = ops[k];
                Op ste = ((StepFunction) plain).withStraightThrough(true);
                assertTrue(((StepFunction) ste).straightThrough());
                float[] v = plain.forward(List.of(x)).toFloatArray();
                assertArrayEquals(want[k], v, 0f, plain.describe());
                float[] vs = ste.forward(List.of(x)).toFloatArray();
                for (int i = 0; i < v.length; i++) {
                    assertEquals(Float.floatToIntBits(v[i] + 0f), Float.floatToIntBits(vs[i] + 0f), ste.describe());
                }
                float[] g = gradient(plain, x);
                float[] gs = gradient(ste, x);
                for (int i = 0; i < X.length; i++) {
                    assertEquals(0f, g[i], 0f, plain.describe() + " true derivative");
                    assertEquals(3f, gs[i], 0f, ste.describe() + " straight-through derivative");
                }
            }
        }
    }

    @Test
    void aStraightThroughQuantiserPassesTheNetworksGradientAtTheQuantisedPoint() {
        Engines.pytorch();
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = m.create(new float[] {1, -2, 0.5f, 3, -1, 2}, new Shape(2, 3));
            Op fc = new Linear(w, null);
            LayerGraph net = new LayerGraph(new Shape(3), List.of(new Node("fc", fc, List.of(LayerGraph.INPUT))));
            LayerGraph quantised = new LayerGraph(new Shape(3), List.of(
                    new Node("scale", new ScalarAffine(4, 0), List.of(LayerGraph.INPUT)),
                    new Node("round", new Round(), List.of("scale")),
                    new Node("back", new ScalarAffine(0.25, 0), List.of("round")),
                    new Node("fc", fc, List.of("back"))));
            assertEquals(List.of("round"), quantised.stepNodes());
            GraphClassifier q = new GraphClassifier(quantised, 2, null, "quantised", "0", m.newSubManager(), List.of());
            BpdaModel bpda = BpdaModel.of(q);
            assertEquals(List.of("round"), bpda.straightThroughNodes());
            assertTrue(bpda.notes().get(0).message().contains("round"), bpda.notes().toString());
            assertEquals(EnumSet.of(ModelCapability.LOGITS, ModelCapability.INPUT_GRADIENTS,
                    ModelCapability.LAYER_GRAPH), bpda.capabilities());
            NDArray x = m.create(new float[] {0.1f, 0.4f, 0.9f}, new Shape(1, 3));
            assertArrayEquals(q.logits(x).toFloatArray(), bpda.logits(x).toFloatArray(), 0f);
            float[] masked = gradientOf(q, x);
            float[] through = gradientOf(bpda, x);
            float[] plain = gradientOf(new GraphClassifier(net, 2, null, "net", "0", m.newSubManager(), List.of()), x);
            assertArrayEquals(new float[3], masked, 0f);
            assertArrayEquals(plain, through, 1e-6f); // a linear net: the same gradient everywhere
            Classifier only = QueryOnlyModel.of(bpda);
            assertEquals(EnumSet.of(ModelCapability.LOGITS), only.capabilities());
            assertTrue(only.graph().isEmpty());
            assertArrayEquals(bpda.logits(x).toFloatArray(), only.logits(x).toFloatArray(), 0f);
            assertThrows(MissingCapabilityException.class, () -> BpdaModel.of(only));
        }
    }

    private static float[] gradientOf(Classifier c, NDArray x) {
        try (Gradients.ValueAndGradient g = Gradients.of(x, xx -> new NDList(c.logits(xx).get(":, 0").sum()))) {
            return g.gradient().toFloatArray();
        }
    }
}
