package org.robustj.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.robustj.tensor.Engines;
import org.robustj.tensor.Gradients;
import org.robustj.testkit.LinearClassifier;
import org.robustj.threat.Norm;
import org.robustj.threat.ThreatModel;

/**
 * A {@link Capability#GRADIENT_FREE} attack searches with libtorch's oneDNN forward kernels on (faster queries).
 * Where gradients are native on this machine ({@link Engines#oneDnnGradients}), it cannot ask for a gradient
 * meanwhile, a gradient attack searches with oneDNN off, and it is off afterwards; where they run on oneDNN, oneDNN
 * stays on and gradients work.
 */
class GradientFreeSearchTest {
    static {
        Engines.pytorch();
    }

    /** Records the engine's state inside its search and returns the clean input. */
    private static final class Probe extends AbstractAttack {
        final AtomicBoolean oneDnnDuringSearch = new AtomicBoolean();
        final AtomicBoolean gradientRefused = new AtomicBoolean();

        Probe(Set<Capability> caps) {
            super("probe", null, caps);
        }

        @Override
        protected NDArray search(Search s) {
            oneDnnDuringSearch.set(Engines.oneDnnEnabled());
            try {
                Gradients.of(s.batch().x().duplicate(), v -> new NDList(v.sum()));
            } catch (IllegalStateException e) {
                gradientRefused.set(true);
            }
            NDArray x = s.batch().x().duplicate();
            x.attach(s.scope());
            return x;
        }
    }

    @Test
    void gradientFreeSearchRunsForwardOnly() {
        try (NDManager m = NDManager.newBaseManager()) {
            LinearClassifier model = new LinearClassifier(m, new float[][] {{1, -1}, {-1, 1}}, new float[] {0, 0});
            LabeledBatch batch = new LabeledBatch(m.create(new float[] {0.9f, 0.1f, 0.2f, 0.7f}, new Shape(2, 2)),
                    new int[] {0, 1});
            Probe free = new Probe(Set.of(Capability.GRADIENT_FREE));
            free.run(model, batch, ThreatModel.of(Norm.LINF, 0.1), AttackContext.seeded(0));
            // where this machine's check let gradients run on oneDNN, it is on throughout and gradients work
            boolean oneDnnGradients = Engines.oneDnnGradients();
            assertTrue(free.oneDnnDuringSearch.get());
            assertEquals(!oneDnnGradients, free.gradientRefused.get());
            assertEquals(oneDnnGradients, Engines.oneDnnEnabled());

            Probe gradient = new Probe(Set.of());
            gradient.run(model, batch, ThreatModel.of(Norm.LINF, 0.1), AttackContext.seeded(0));
            assertEquals(oneDnnGradients, gradient.oneDnnDuringSearch.get());
            assertFalse(gradient.gradientRefused.get());
        }
    }
}
