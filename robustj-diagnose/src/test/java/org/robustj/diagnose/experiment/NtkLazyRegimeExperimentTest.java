package org.robustj.diagnose.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Experiment (b) in its quick form (about two minutes on two quiet cores): its findings hold, its page is written. */
class NtkLazyRegimeExperimentTest {
    @TempDir
    Path tmp;

    @Test
    void theQuickRunShowsRobustTopFeaturesAndTransferInTheLazyRegime() throws Exception {
        Experiment e = Experiments.create("ntk-robust-features");
        ExperimentResult r = e.run(ExperimentContext.of(true).withWorkDir(tmp.resolve("work")));
        assertEquals(4, r.findings().size());
        for (ExperimentResult.Finding f : r.findings()) {
            assertTrue(f.holds(), f.statement() + ": " + f.evidence());
        }
        assertTrue(r.number("wide.relative_weight_change") < 0.1, "the wide network trains lazily");
        assertTrue(r.number("narrow.relative_weight_change") > r.number("wide.relative_weight_change"));
        ExperimentOutput.Written w = ExperimentOutput.write(tmp.resolve("out"), r);
        assertTrue(Files.readString(w.page()).contains("ntk-robust-features"));
    }
}
