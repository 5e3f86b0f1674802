package org.robustj.diagnose.experiment;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The quick run of experiment (a) on the bundled models and test points: every finding holds, the page says so. */
class CollapseUnderAttackExperimentTest {
    @Test
    void quickRunShowsThePapersPattern(@TempDir Path dir) throws Exception {
        ExperimentResult r = Experiments.create("collapse-under-attack").run(ExperimentContext.of(true));
        for (ExperimentResult.Finding f : r.findings()) {
            assertTrue(f.holds(), f.statement() + ": " + f.evidence());
        }
        assertTrue(r.number("standard.nc1.adversarial.penultimate") > r.number("standard.nc1.clean.penultimate"));
        ExperimentOutput.Written w = ExperimentOutput.write(dir, r);
        String page = Files.readString(w.page());
        assertTrue(page.contains("What this run shows") && page.contains("✓ holds") && !page.contains("✗"));
        assertTrue(ExperimentResult.read(w.record()).allHold());
    }
}
