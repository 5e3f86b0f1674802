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
import org.robustj.errors.UnknownNameException;
import org.robustj.testkit.LinearClassifier;
import org.robustj.threat.Norm;
import org.robustj.threat.ThreatModel;

/** The DeepFool-based universal perturbation against the closed-form optimum of a linear binary model. */
class UapAttackTest {
    private static final UapConfig NO_EARLY_STOP = UapConfig.defaults().withDelta(0).withMaxPasses(4);

    @Test
    void l2FoolingRateIsWithinAFewPointsOfTheOptimalDirection() {
        check(Norm.L2);
    }

    @Test
    void linfFoolingRateIsWithinAFewPointsOfTheOptimalSignVector() {
        check(Norm.LINF);
    }

    private static void check(Norm norm) {
        try (NDManager m = NDManager.newBaseManager();
                LinearProblems fit = LinearProblems.make(m, 20, 300, 11)) {
            double eps = fit.radiusFor(norm, 0.5);
            assertTrue((norm == Norm.L2 ? eps * Perturbations.norm(fit.u(), Norm.LINF) / fit.dual(Norm.L2) : eps) < 0.25,
                    "the optimal v stays inside the box from [0.3, 0.7]");
            ThreatModel t = ThreatModel.of(norm, eps);
            UniversalFit f = new UapAttack(NO_EARLY_STOP).fit(fit.model(), fit.data(), t, 0, line -> {});
            double best = fit.optimum(norm, eps);
            assertTrue(f.fitFoolingRate() <= best + 1e-9, "no perturbation in the ball beats the optimum: "
                    + f.fitFoolingRate() + " > " + best);
            assertTrue(f.fitFoolingRate() >= best - 0.03, "uap " + f.fitFoolingRate() + " vs optimum " + best);
            assertTrue(t.contains(Perturbations.norm(f.perturbation(), norm)));
            double test = Perturbations.foolingRate(fit.model(), fit.data(), new int[fit.data().size()],
                    f.perturbation(), t);
            assertEquals(f.fitFoolingRate(), test, 1e-12);
            assertEquals(4, f.trace().size(), "delta 0 is never reached, so every pass runs");
        }
    }

    @Test
    void heldOutFoolingRateIsNearTheHeldOutOptimum() {
        try (NDManager m = NDManager.newBaseManager();
                LinearProblems fit = LinearProblems.make(m, 20, 300, 5)) {
            // held-out points of the same model: fresh x on the class-0 side
            SplittableRandom r = new SplittableRandom(99);
            float[] x = new float[200 * 20];
            int kept = 0;
            while (kept < 200) {
                float[] row = new float[20];
                for (int i = 0; i < 20; i++) row[i] = (float) (0.3 + 0.4 * r.nextDouble());
                if (fit.c() - LinearProblems.dot(fit.u(), row, 0) > 0) System.arraycopy(row, 0, x, 20 * kept++, 20);
            }
            Dataset test = Dataset.ofFloats("linear", "test", new Shape(20), x, new int[200], List.of("0", "1"), List.of());
            double eps = fit.radiusFor(Norm.L2, 0.4);
            ThreatModel t = ThreatModel.of(Norm.L2, eps);
            UniversalResult res = new UniversalEvaluation(new UapAttack(NO_EARLY_STOP), t, 0).run(fit.model(), fit.data(),
                    test);
            int fooled = 0;
            for (int k = 0; k < 200; k++) if (fit.c() - LinearProblems.dot(fit.u(), x, k) < eps * fit.dual(Norm.L2)) fooled++;
            double best = fooled / 200.0;
            assertTrue(res.foolingRate() <= best + 1e-9 && res.foolingRate() >= best - 0.03,
                    "held-out " + res.foolingRate() + " vs optimum " + best);
            assertTrue(res.randomBaseline().foolingRate() < res.foolingRate(), "a random direction fools fewer");
            assertEquals(1.0, res.test().cleanAccuracy());
            assertEquals(1 - res.foolingRate(), res.test().accuracy(), 1e-12, "all labels 0, all clean-correct");
            assertEquals(200, res.test().points().size());
        }
    }

    @Test
    void perturbationStaysInTheBallAndInputsInTheBoxForEveryNorm() {
        // a 3-class linear model on inputs that touch 0 and 1, with a large radius: the projections and the clip matter
        SplittableRandom r = new SplittableRandom(7);
        int d = 16;
        float[][] w = new float[3][d];
        for (float[] row : w) for (int i = 0; i < d; i++) row[i] = (float) Norm.gaussian(r);
        float[] x = new float[100 * d];
        for (int i = 0; i < x.length; i++) x[i] = r.nextInt(4) == 0 ? (r.nextBoolean() ? 0 : 1) : (float) r.nextDouble();
        Dataset data = Dataset.ofFloats("box", "train", new Shape(d), x, new int[100], List.of("a", "b", "c"), List.of());
        try (NDManager m = NDManager.newBaseManager();
                LinearClassifier model = new LinearClassifier(m, w, new float[3], new Shape(d), 1.0)) {
            for (Norm norm : List.of(Norm.LINF, Norm.L2, Norm.L1)) {
                double eps = norm == Norm.LINF ? 0.3 : norm == Norm.L2 ? 1.5 : 3;
                ThreatModel t = ThreatModel.of(norm, eps);
                UniversalFit f = new UapAttack(UapConfig.defaults().withMaxPasses(2)).fit(model, data, t, 1, l -> {});
                double n = Perturbations.norm(f.perturbation(), norm);
                assertTrue(t.contains(n), norm + ": ‖v‖ = " + n + " > " + eps);
                for (float v : Perturbations.apply(x, f.perturbation(), t)) assertTrue(v >= 0 && v <= 1);
                assertTrue(f.fitFoolingRate() > 0, norm + ": some point fooled");
            }
        }
    }

    @Test
    void theSameSeedGivesTheSamePerturbation() {
        try (NDManager m = NDManager.newBaseManager(); LinearProblems p = LinearProblems.make(m, 20, 120, 2)) {
            ThreatModel t = ThreatModel.of(Norm.LINF, p.radiusFor(Norm.LINF, 0.5));
            UapAttack a = new UapAttack(NO_EARLY_STOP.withMaxPasses(2));
            UniversalFit one = a.fit(p.model(), p.data(), t, 42, l -> {});
            UniversalFit two = a.fit(p.model(), p.data(), t, 42, l -> {});
            assertArrayEquals(one.perturbation(), two.perturbation());
            assertEquals(one.trace(), two.trace());
        }
    }

    @Test
    void badSettingsAreOneLineErrors() {
        assertThrows(InvalidInputException.class, () -> UapConfig.defaults().withDelta(1));
        assertThrows(InvalidInputException.class, () -> UapConfig.defaults().withMaxPasses(0));
        UnknownNameException e = assertThrows(UnknownNameException.class, () -> UniversalAttacks.create("uapp"));
        assertTrue(e.getMessage().contains("known: gd-uap, uap"), e.getMessage());
        InvalidInputException n = assertThrows(InvalidInputException.class,
                () -> UniversalAttacks.checkNorm(new UapAttack(), Norm.L0));
        assertTrue(n.getMessage().contains("not l0"), n.getMessage());
    }
}
