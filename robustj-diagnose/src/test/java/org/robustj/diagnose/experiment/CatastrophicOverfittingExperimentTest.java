package org.robustj.diagnose.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustj.diagnose.Series;
import org.robustj.train.TrainConfig;

/** Experiment (e), catastrophic overfitting: the full run is the committed recipes; the quick run shows the collapse. */
class CatastrophicOverfittingExperimentTest {
    @TempDir
    Path dir;

    /**
     * The runs are the committed recipes (recipes/mnist-cnn-fgsm-rs.json, mnist-cnn-gradalign.json; plain FGSM is
     * fgsm-rs with init zero) at small scale: they differ only in the sizes and the probe.
     */
    @Test
    void theRunsAreTheCommittedRecipesAtSmallScale() {
        Path recipes = Path.of(System.getProperty("robustj.root", "."), "recipes");
        CatastrophicOverfittingExperiment.Plan full = CatastrophicOverfittingExperiment.plan(false);
        for (String member : CatastrophicOverfittingExperiment.MEMBERS) {
            TrainConfig c = CatastrophicOverfittingExperiment.config(member, full, 0);
            TrainConfig recipe = TrainConfig.read(recipes.resolve("mnist-cnn-"
                    + (member.equals("fgsm") ? "fgsm-rs" : member) + ".json"));
            java.util.Map<String, Object> options = new java.util.LinkedHashMap<>(recipe.recipeOptions());
            if (member.equals("fgsm")) options.put("init", "zero");
            options.put("warmup_epochs", 2);
            TrainConfig scaled = recipe.with(Map.of("recipe_options", options, "epochs", 16, "eval_size", 0,
                    "monitor", Map.of("norm", "linf", "eps", 0.3, "pgd_steps", 10, "rel_step_size", 0.25,
                            "train_points", 256, "test_points", 256, "every_steps", 63, "collapse_drop", 0.2,
                            "keep_best", true), "probes", c.probes()));
            assertEquals(List.of(), scaled.differences(c), member);
        }
    }

    @Test
    void theQuickRunShowsPlainFgsmCollapsingAndGradAlignNot() throws Exception {
        ExperimentResult r = Experiments.create("catastrophic-overfitting").run(ExperimentContext.of(true)
                .withWorkDir(dir.resolve("work")));
        assertEquals(5, r.findings().size());
        // at quick scale the collapse of plain FGSM and GradAlign's alignment must show
        for (int i = 0; i < 3; i++) {
            ExperimentResult.Finding f = r.findings().get(i);
            assertTrue(f.holds(), f.statement() + ": " + f.evidence());
        }
        Series pgd = r.series().stream().filter(s -> s.name().equals("pgd_accuracy")).findFirst().orElseThrow();
        Series clean = r.series().stream().filter(s -> s.name().equals("clean_accuracy")).findFirst().orElseThrow();
        assertEquals(List.of("fgsm", "fgsm-rs", "gradalign"), List.copyOf(pgd.values().keySet()));
        assertEquals("0", pgd.at().get(0));
        for (String m : CatastrophicOverfittingExperiment.MEMBERS) {
            for (String at : pgd.at()) {
                assertTrue(pgd.value(m, at) <= clean.value(m, at) + 1e-12, m + ": PGD ≤ clean at step " + at);
            }
        }
        assertTrue(r.number("gradalign.time_per_fgsm_time") > 1, "GradAlign's double backpropagation costs more");
        ExperimentOutput.Written w = ExperimentOutput.write(dir.resolve("out"), r);
        String page = Files.readString(w.page());
        assertTrue(page.contains("Gradient alignment") && page.contains("What this run shows"));
        assertTrue(ExperimentResult.read(w.record()).findings().size() == 5);
    }
}
