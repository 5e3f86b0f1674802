package org.robustj.diagnose.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code experiment run delayed-robustness --quick}: the monitored curves, the findings and the page. */
class DelayedRobustnessExperimentTest {
    @Test
    void theQuickRunRecordsCurvesAndChecksItsFindings(@TempDir Path dir) throws Exception {
        ExperimentResult r = new DelayedRobustnessExperiment().run(ExperimentContext.of(true).withWorkDir(dir));
        var acc = r.series().stream().filter(s -> s.name().equals("accuracy")).findFirst().orElseThrow();
        // 500 points, batch 100, 120 epochs: 600 steps, monitored every 30 (and at step 0)
        assertEquals(21, acc.at().size());
        assertEquals("0", acc.at().get(0));
        assertEquals("600", acc.at().get(20));
        assertTrue(r.findings().get(0).statement().contains("100% training accuracy"));
        assertTrue(r.findings().get(0).holds(), "the MLP interpolates 500 points: " + r.findings().get(0).evidence());
        for (int i = 0; i < acc.at().size(); i++) {
            double clean = acc.values().get("test").get(i);
            double pgd = acc.values().get("test_pgd").get(i);
            assertTrue(pgd <= clean + 1e-12, "PGD accuracy ≤ clean accuracy at step " + acc.at().get(i));
        }
        assertEquals(1.0, r.number("final.train_accuracy"));
        assertTrue(r.number("final.lc_train_r0.5") > r.number("final.lc_train_r0.05"), "LC grows with r");
        ExperimentOutput.Written w = ExperimentOutput.write(dir.resolve("out"), r);
        assertTrue(Files.readString(w.page()).contains("Local complexity, r = 0.05"));
    }
}
