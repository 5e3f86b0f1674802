package org.robustj.diagnose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustj.attack.ensemble.EvaluationConfig;
import org.robustj.diagnose.experiment.Experiment;
import org.robustj.diagnose.experiment.ExperimentContext;
import org.robustj.diagnose.experiment.ExperimentOutput;
import org.robustj.diagnose.experiment.ExperimentResult;
import org.robustj.diagnose.report.DiagnosticReport;
import org.robustj.errors.InvalidInputException;
import org.robustj.errors.MissingCapabilityException;
import org.robustj.errors.UnknownNameException;
import org.robustj.model.Classifier;
import org.robustj.model.ModelCapability;
import org.robustj.testkit.Oracles;
import org.robustj.threat.Norm;

/** The diagnostic framework on a linear model: checks before work, the record, the report, adversarial inputs. */
class DiagnosticFrameworkTest {
    /** A tiny diagnostic: the mean logit of the true class, clean and adversarial. */
    static final class MeanTrueLogit extends AbstractDiagnostic {
        MeanTrueLogit(EnumSet<ModelCapability> needs) {
            super("mean-true-logit", "mean logit of the true class", needs, true, Map.of("scale", "a factor (1)"));
        }

        @Override
        protected DiagnosticResult measure(DiagnosticRequest r) {
            double scale = r.options().number("scale", 1, 0, 10);
            Classifier m = r.model();
            int n = r.points().size();
            int d = (int) r.points().sampleShape().size();
            List<AdversarialInputs.AtEps> adv = AdversarialInputs.generate(m, r.points(), r.attack(), r.listener());
            double clean = meanTrue(m, r.points().values(r.points().allIndices()), r.points().labels(), n, d);
            double attacked = meanTrue(m, adv.get(0).inputs(), r.points().labels(), n, d);
            return DiagnosticResult.builder(this, r)
                    .number("mean_true_logit.clean", scale * clean)
                    .number("mean_true_logit.adversarial", scale * attacked)
                    .number("broken", adv.get(0).brokenFraction())
                    .series(Series.builder("mean_true_logit", "Mean true-class logit", "mean over points", "layer",
                            List.of("logits")).condition("clean", new double[] {scale * clean})
                            .condition("adversarial", new double[] {scale * attacked}).build())
                    .build();
        }

        private static double meanTrue(Classifier m, float[] x, int[] y, int n, int d) {
            try (NDManager s = m.manager().newSubManager()) {
                NDArray z = m.logits(s.create(x, new ai.djl.ndarray.types.Shape(n, d)));
                float[] v = z.toFloatArray();
                int k = m.numClasses();
                double sum = 0;
                for (int i = 0; i < n; i++) sum += v[i * k + y[i]];
                return sum / n;
            }
        }
    }

    @Test
    void runsChecksRecordsAndReports(@TempDir Path dir) throws Exception {
        try (NDManager manager = NDManager.newBaseManager();
                Oracles.LinearProblem p = Oracles.linear(manager, 3, 6, 30, 1)) {
            EvaluationConfig atk = new EvaluationConfig(null, List.of("pgd"), Map.of(), Norm.LINF, List.of(0.3), 0, 16);
            DiagnosticRequest req = DiagnosticRequest.of(p.model(), p.data().data()).withAttack(atk)
                    .withOptions(Map.of("scale", "2"));
            DiagnosticResult r = new MeanTrueLogit(EnumSet.of(ModelCapability.LOGITS)).run(req);
            assertTrue(r.number("mean_true_logit.adversarial") < r.number("mean_true_logit.clean"), r.summary()::toString);
            assertTrue(r.number("broken") > 0.5, "eps 0.3 breaks a linear model with margin 0.02");
            assertEquals(r.number("mean_true_logit.clean"), r.series("mean_true_logit").last("clean"), 1e-12);
            assertEquals(30, r.dataset().n());
            assertEquals("pgd", r.config().path("attack").path("attacks").get(0).asText());

            Path json = dir.resolve("r.json");
            org.robustj.io.Json.write(json, r);
            DiagnosticResult back = DiagnosticResult.read(json);
            assertEquals(r.summary(), back.summary());
            assertEquals(r.series(), back.series());

            Path html = dir.resolve("r.html");
            DiagnosticReport.write(html, r);
            String page = Files.readString(html);
            assertTrue(page.contains("data:image/svg+xml;base64,"), "chart inline");
            assertTrue(page.contains("series-mean_true_logit"), "table of the series");
            assertTrue(!page.contains("http://") && !page.contains("https://") || page.contains("w3.org"));
        }
    }

    @Test
    void refusesBadRequestsBeforeAnyWork() {
        try (NDManager manager = NDManager.newBaseManager();
                Oracles.LinearProblem p = Oracles.linear(manager, 3, 6, 12, 1)) {
            EvaluationConfig atk = new EvaluationConfig(null, List.of("pgd"), Map.of(), Norm.LINF, List.of(0.1), 0, 16);
            DiagnosticRequest req = DiagnosticRequest.of(p.model(), p.data().data()).withAttack(atk);
            UnknownNameException unknown = assertThrows(UnknownNameException.class, () ->
                    new MeanTrueLogit(EnumSet.of(ModelCapability.LOGITS)).run(req.withOptions(Map.of("scael", "1"))));
            assertTrue(unknown.getMessage().contains("known: scale"), unknown.getMessage());
            InvalidInputException range = assertThrows(InvalidInputException.class, () ->
                    new MeanTrueLogit(EnumSet.of(ModelCapability.LOGITS)).run(req.withOptions(Map.of("scale", "11"))));
            assertTrue(range.getMessage().contains("--option scale"), range.getMessage());
            MissingCapabilityException graph = assertThrows(MissingCapabilityException.class, () ->
                    new MeanTrueLogit(EnumSet.of(ModelCapability.LAYER_GRAPH)).run(req));
            assertTrue(graph.getMessage().startsWith("diagnose mean-true-logit needs a readable layer graph"),
                    graph.getMessage());
            InvalidInputException noAttack = assertThrows(InvalidInputException.class, () ->
                    new MeanTrueLogit(EnumSet.of(ModelCapability.LOGITS)).run(req.withAttack(null)));
            assertTrue(noAttack.getMessage().contains("needs an attack configuration"), noAttack.getMessage());
        }
        UnknownNameException name = assertThrows(UnknownNameException.class, () -> Diagnostics.create("nope"));
        assertTrue(name.getMessage().startsWith("unknown diagnostic 'nope'; known:"), name.getMessage());
        assertThrows(InvalidInputException.class, () -> DiagnosticOptions.parse(List.of("novalue")));
        assertThrows(InvalidInputException.class, () -> DiagnosticOptions.parse(List.of("a=1", "a=2")));
    }

    @Test
    void adversarialInputsStayInTheBallAndKeepUnbrokenCandidates() {
        try (NDManager manager = NDManager.newBaseManager();
                Oracles.LinearProblem p = Oracles.linear(manager, 3, 6, 20, 2)) {
            double eps = 0.005; // L2 at most 0.005·√6 ≈ 0.012, below the margin 0.02: nothing breaks, every input moves
            EvaluationConfig atk = new EvaluationConfig(null, List.of("pgd"), Map.of(), Norm.LINF, List.of(eps), 0, 7);
            AdversarialInputs.AtEps a = AdversarialInputs.generate(p.model(), p.data().data(), atk,
                    DiagnosticListener.NONE).get(0);
            float[] clean = p.data().data().values(p.data().data().allIndices());
            double maxMove = 0;
            double sumMove = 0;
            for (int i = 0; i < clean.length; i++) {
                double m = Math.abs(a.inputs()[i] - clean[i]);
                maxMove = Math.max(maxMove, m);
                sumMove += m;
            }
            assertTrue(maxMove <= eps + 1e-6, "inside the ball: " + maxMove);
            assertTrue(sumMove > 0, "unbroken points keep the attack's candidate, not the clean input");
            assertEquals(0, a.brokenFraction(), "no point can cross the boundary");
        }
    }

    @Test
    void experimentPageStatesClaimFindingsAndNumbers(@TempDir Path dir) throws Exception {
        Experiment e = new Experiment() {
            @Override
            public String name() {
                return "toy";
            }

            @Override
            public String description() {
                return "a toy experiment";
            }

            @Override
            public String claim() {
                return "two is more than one (Arithmetic 101)";
            }

            @Override
            public ExperimentResult run(ExperimentContext ctx) {
                return ExperimentResult.builder(this, ctx).number("two", 2).number("one", 1)
                        .finding("two > one", 2 > 1, "2 vs 1")
                        .series(Series.builder("v", "Values", "the values", "x", List.of("a", "b"))
                                .condition("c", new double[] {1, 2}).build())
                        .build();
            }
        };
        ExperimentResult r = e.run(ExperimentContext.of(true));
        ExperimentOutput.Written w = ExperimentOutput.write(dir, r);
        String page = Files.readString(w.page());
        assertTrue(page.contains("two is more than one"));
        assertTrue(page.contains("✓ holds"));
        assertTrue(page.contains("data:image/svg+xml;base64,"));
        assertEquals(2.0, ExperimentResult.read(w.record()).number("two"));
        assertTrue(r.allHold());
    }
}
