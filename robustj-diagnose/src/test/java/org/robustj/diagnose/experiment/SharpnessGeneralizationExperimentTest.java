package org.robustj.diagnose.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code experiment run sharpness-vs-generalization --quick}: a family of six models, sharpness and τ. */
class SharpnessGeneralizationExperimentTest {
    @Test
    void theQuickRunMeasuresEveryModelAndReportsKendallTau(@TempDir Path dir) {
        ExperimentResult r = new SharpnessGeneralizationExperiment().run(ExperimentContext.of(true).withWorkDir(dir));
        var sharp = r.series().stream().filter(s -> s.name().equals("sharpness")).findFirst().orElseThrow();
        assertEquals(6, sharp.at().size());
        for (Double s : sharp.values().get("worst_linf_adaptive")) {
            assertTrue(s != null && s >= 0, "worst-case sharpness is never negative: " + s);
        }
        for (String k : new String[] {"tau.worst_vs_test_error", "tau.average_vs_test_error", "tau.worst_vs_lr"}) {
            double t = r.number(k);
            assertTrue(t >= -1 && t <= 1, k + " = " + t);
        }
        assertEquals(3, r.findings().size());
        for (ExperimentResult.Finding f : r.findings()) assertTrue(f.evidence().contains("τ"), f.evidence());
    }
}
