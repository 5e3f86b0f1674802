package org.robustj.attack.ensemble;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.robustj.attack.Attack;
import org.robustj.attack.AttackContext;
import org.robustj.attack.AttackRegistry;
import org.robustj.attack.AttackResult;
import org.robustj.attack.LabeledBatch;
import org.robustj.data.Dataset;
import org.robustj.errors.InvalidInputException;
import org.robustj.errors.MissingCapabilityException;
import org.robustj.model.Classifier;
import org.robustj.model.QueryOnlyModel;
import org.robustj.testkit.Oracles;
import org.robustj.threat.Norm;
import org.robustj.threat.ThreatModel;

/**
 * The {@code blackbox} version and query budgets: a budget is never exceeded by any point and is spent exactly
 * on the points that resist; a model forced query-only gives exactly the white-box model's results; a
 * gradient-based version on a query-only model is one line naming the gradient-free attacks; transfer attacks
 * from a surrogate that is the target itself are exactly the white-box attack.
 */
class BlackboxVersionTest {

    private static EvaluationConfig blackbox(Norm norm, double eps, Integer budget, long seed) {
        return new EvaluationConfig("blackbox", null, null, norm, List.of(eps), seed, 64, budget);
    }

    @Property(tries = 12, seed = "41")
    void aQueryBudgetIsNeverExceededAndSpentExactlyOnRobustPoints(@ForAll @IntRange(min = 2, max = 120) int budget,
            @ForAll @IntRange(min = 0, max = 2) int norm, @ForAll @IntRange(min = 0, max = 1000) int seed) {
        Norm nrm = List.of(Norm.LINF, Norm.L2, Norm.L1).get(norm);
        double eps = nrm == Norm.LINF ? 0.15 : nrm == Norm.L2 ? 0.6 : 2.0;
        try (NDManager m = NDManager.newBaseManager();
                Oracles.LinearProblem p = Oracles.linear(m, 4, 16, 40, seed)) {
            Classifier q = QueryOnlyModel.of(p.model());
            EvaluationResult r = new AutoEvaluation(blackbox(nrm, eps, budget, seed)).run(q, p.data().data());
            EvaluationState.PerEps pe = r.perEps().get(0);
            assertNotNull(pe.queries);
            for (int i = 0; i < pe.queries.length; i++) {
                long used = pe.queries[i];
                assertTrue(used <= budget, "point " + i + " used " + used + " queries, budget " + budget);
                if (!r.clean().correct()[i]) {
                    assertEquals(0, used, "a misclassified point is not attacked");
                } else if (pe.robust[i]) {
                    assertEquals(budget, used, "a point that resisted had the whole budget");
                } else {
                    assertTrue(used >= 1, "a broken point was queried");
                }
            }
            // the record carries them
            var rec = Records.of(r, q, "linear", p.data().data(), null, true);
            for (int i = 0; i < pe.queries.length; i++) assertEquals(pe.queries[i], rec.points().get(i).queries());
        }
    }

    @Test
    void theBlackboxPlanIsTheNormsGradientFreeAttackUnderTheBudget() {
        for (Norm n : List.of(Norm.LINF, Norm.L2, Norm.L1)) {
            Versions.Plan plan = Versions.plan(blackbox(n, 0.1, 300, 0), 10);
            assertEquals(1, plan.attacks().size());
            assertEquals("square", plan.attacks().get(0).name());
            assertEquals(299, plan.attacks().get(0).options().get("steps"), "start + 299 steps = 300 queries");
            assertTrue(plan.notes().isEmpty(), plan.notes().toString());
        }
        Versions.Plan def = Versions.plan(blackbox(Norm.LINF, 0.1, null, 0), 10);
        assertEquals(Versions.DEFAULT_QUERY_BUDGET - 1, def.attacks().get(0).options().get("steps"));
        // two restarts share the budget
        EvaluationConfig two = new EvaluationConfig(null, List.of("square"), Map.of("square", Map.of("restarts", 2)),
                Norm.LINF, List.of(0.1), 0, 10, 100);
        assertEquals(49, Versions.plan(two, 10).attacks().get(0).options().get("steps"));
    }

    @Test
    void budgetsThatCannotHoldAreRefusedInOneLine() {
        InvalidInputException zero = assertThrows(InvalidInputException.class, () -> blackbox(Norm.LINF, 0.1, 0, 0));
        assertTrue(zero.getMessage().contains("at least 1"), zero.getMessage());
        InvalidInputException one = assertThrows(InvalidInputException.class,
                () -> Versions.validate(blackbox(Norm.LINF, 0.1, 1, 0)));
        assertTrue(one.getMessage().contains("too small for square"), one.getMessage());
        InvalidInputException white = assertThrows(InvalidInputException.class, () -> Versions.validate(
                new EvaluationConfig("standard", null, null, Norm.LINF, List.of(0.1), 0, 10, 100)));
        assertTrue(white.getMessage().contains("apgd-ce, which uses gradients")
                && white.getMessage().contains("square"), white.getMessage());
        InvalidInputException both = assertThrows(InvalidInputException.class, () -> Versions.validate(
                new EvaluationConfig("blackbox", null, Map.of("square", Map.of("steps", 10)), Norm.LINF, List.of(0.1),
                        0, 10, 100)));
        assertTrue(both.getMessage().contains("not both"), both.getMessage());
    }

    @Test
    void aQueryOnlyTwinGivesExactlyTheWhiteBoxResults() {
        try (NDManager m = NDManager.newBaseManager();
                Oracles.LinearProblem p = Oracles.linear(m, 5, 24, 50, 3)) {
            Dataset d = p.data().data();
            EvaluationConfig cfg = blackbox(Norm.LINF, 0.2, 400, 9);
            EvaluationResult white = new AutoEvaluation(cfg).run(p.model(), d);
            EvaluationResult query = new AutoEvaluation(cfg).run(QueryOnlyModel.of(p.model()), d);
            EvaluationState.PerEps a = white.perEps().get(0);
            EvaluationState.PerEps b = query.perEps().get(0);
            assertArrayEquals(a.robust, b.robust);
            assertArrayEquals(a.norm, b.norm);
            assertArrayEquals(a.queries, b.queries);
            assertArrayEquals(a.advLabel, b.advLabel);
            assertTrue(white.robustAccuracy() < white.clean().accuracy(), "the attack broke something");
        }
    }

    @Test
    void aGradientVersionOnAQueryOnlyModelNamesTheGradientFreeChoices() {
        try (NDManager m = NDManager.newBaseManager();
                Oracles.LinearProblem p = Oracles.linear(m, 4, 16, 8, 1)) {
            Classifier q = QueryOnlyModel.of(p.model());
            assertEquals("blackbox", EvaluationConfig.defaultVersion(q));
            assertEquals("strong", EvaluationConfig.defaultVersion(p.model()));
            AutoEvaluation strong = new AutoEvaluation(new EvaluationConfig(null, null, null, Norm.LINF, List.of(0.1),
                    0, 8));
            MissingCapabilityException e = assertThrows(MissingCapabilityException.class, () -> strong.plan(q));
            assertTrue(e.getMessage().startsWith("version strong runs apgd-ce, apgd-t, fab-t, which need input "
                    + "gradients, but linear is query-only"), e.getMessage());
            assertTrue(e.getMessage().contains("--version blackbox") && e.getMessage().contains("--attacks square"),
                    e.getMessage());
            AutoEvaluation custom = new AutoEvaluation(new EvaluationConfig(null, List.of("pgd"), null, Norm.LINF,
                    List.of(0.1), 0, 8));
            MissingCapabilityException c = assertThrows(MissingCapabilityException.class,
                    () -> custom.run(q, p.data().data()));
            assertTrue(c.getMessage().startsWith("attack pgd needs input gradients"), c.getMessage());
        }
    }

    @Test
    void aTransferAttackFromTheTargetItselfIsTheWhiteBoxAttack() {
        try (NDManager m = NDManager.newBaseManager();
                Oracles.LinearProblem p = Oracles.linear(m, 4, 16, 40, 5)) {
            Dataset d = p.data().data();
            int[] idx = d.allIndices();
            NDArray x = d.batch(m, idx);
            LabeledBatch batch = new LabeledBatch(x, d.labels());
            ThreatModel threat = ThreatModel.of(Norm.L2, 0.5);
            Attack apgd = AttackRegistry.create("apgd-ce");
            Attack transfer = new TransferAttack(apgd, p.model());
            AttackResult direct = apgd.run(p.model(), batch, threat, AttackContext.seeded(4));
            AttackResult moved = transfer.run(QueryOnlyModel.of(p.model()), batch, threat, AttackContext.seeded(4));
            assertArrayEquals(direct.success(), moved.success());
            assertArrayEquals(direct.adversarial().toFloatArray(), moved.adversarial().toFloatArray(), 0f);
            assertTrue(direct.successes() > 0);
            for (long q : moved.queries()) assertEquals(0, q, "a transfer search never queries the target");

            // in the ensemble, from another model: transfer first, then the query attack, both in the summaries
            try (Oracles.LinearProblem other = Oracles.linear(m, 4, 16, 40, 6)) {
                EvaluationResult r = new AutoEvaluation(blackbox(Norm.L2, 0.5, 200, 2)).withSurrogate(other.model())
                        .run(QueryOnlyModel.of(p.model()), d);
                List<String> names = r.perEps().get(0).summaries.stream().map(s -> s.name()).toList();
                assertEquals(List.of("transfer-apgd-ce", "square"), names);
            }
        }
    }
}
