package org.robustj.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.robustj.attack.blackbox.SquareAttack;
import org.robustj.attack.ensemble.EvaluationConfig;
import org.robustj.attack.ensemble.Versions;
import org.robustj.attack.gradient.ApgdTargetedAttack;
import org.robustj.attack.gradient.FabAttack;
import org.robustj.attack.gradient.PgdAttack;
import org.robustj.errors.InvalidInputException;
import org.robustj.errors.UnknownNameException;
import org.robustj.threat.Norm;

/** One option vocabulary for every attack, the reference names as aliases, ranges checked with the attack named. */
class AttackOptionsTest {

    @Test
    void everySettingOfEveryAttackIsInTheVocabulary() {
        for (AttackProvider p : AttackRegistry.providers()) {
            assertNotNull(p.defaults(), p.name());
            for (String option : AttackOptions.components(p.defaults().getClass()).keySet()) {
                assertNotNull(AttackOptions.option(option), p.name() + " setting '" + option + "' has no entry");
            }
        }
    }

    @Test
    void oneNameForTheSameThingInEveryAttack() {
        FabAttack.Config fab = (FabAttack.Config) AttackRegistry.create("fab-t", Map.of("steps", 7, "restarts", 2,
                "target_classes", 3)).config();
        assertEquals(7, fab.nIter());
        assertEquals(2, fab.nRestarts());
        assertEquals(3, fab.nTargetClasses());
        SquareAttack.Config sq = (SquareAttack.Config) AttackRegistry.create("square", Map.of("steps", 11)).config();
        assertEquals(11, sq.queries());
        ApgdTargetedAttack.Config t = (ApgdTargetedAttack.Config) AttackRegistry.create("apgd-t",
                Map.of("target_classes", 4)).config();
        assertEquals(4, t.targetClasses());
    }

    @Test
    void referenceNamesStillLoad() {
        assertEquals(AttackRegistry.create("fab-t", Map.of("steps", 7, "restarts", 2, "target_classes", 3)).config(),
                AttackRegistry.create("fab-t", Map.of("n_iter", 7, "n_restarts", 2, "n_target_classes", 3)).config());
        assertEquals(AttackRegistry.create("square", Map.of("steps", 9, "rescale_schedule", true)).config(),
                AttackRegistry.create("square", Map.of("n_queries", 9, "resc_schedule", true)).config());
        assertEquals(AttackRegistry.create("square", Map.of("steps", 9)).config(),
                AttackRegistry.create("square", Map.of("queries", 9)).config());
        assertEquals(AttackRegistry.create("apgd-t", Map.of("target_classes", 3)).config(),
                AttackRegistry.create("apgd-t", Map.of("n_target_classes", 3)).config());
        assertEquals(AttackRegistry.create("pgd", Map.of("rel_step_size", 0.1)).config(),
                AttackRegistry.create("pgd", Map.of("rel_stepsize", 0.1)).config());
    }

    @Test
    void pgdTakesAnAbsoluteStepSize() {
        PgdAttack.Config c = (PgdAttack.Config) AttackRegistry.create("pgd", Map.of("alpha", 0.01)).config();
        assertEquals(0.01, c.stepAt(0.3), 0);
        assertEquals(0.01, ((PgdAttack.Config) AttackRegistry.create("pgd", Map.of("step_size", 0.01)).config())
                .stepAt(8 / 255.0), 0);
        assertEquals(2.5 / 40 * 0.3, PgdAttack.Config.defaults().stepAt(0.3), 1e-12);
        InvalidInputException both = assertThrows(InvalidInputException.class,
                () -> AttackRegistry.create("pgd", Map.of("step_size", 0.01, "rel_step_size", 0.1)));
        assertTrue(both.getMessage().contains("not both"), both.getMessage());
        // left out of the JSON when unset: records and state fingerprints of earlier runs are unchanged
        assertTrue(!org.robustj.io.Json.write(PgdAttack.Config.defaults()).contains("\"step_size\""));
    }

    @Test
    void unknownOptionNamesTheAttackAndItsOptions() {
        UnknownNameException e = assertThrows(UnknownNameException.class,
                () -> AttackRegistry.create("apgd-ce", Map.of("stepz", 5)));
        assertTrue(e.getMessage().contains("apgd-ce option 'stepz'"), e.getMessage());
        assertTrue(e.getMessage().contains("steps") && e.getMessage().contains("restarts"), e.getMessage());
    }

    @Test
    void badValueNamesTheAttackOptionAndRange() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> AttackRegistry.create("apgd-ce", Map.of("steps", -3)));
        assertEquals("apgd-ce option steps must be an integer >= 1, got -3", e.getMessage());
        e = assertThrows(InvalidInputException.class, () -> AttackRegistry.create("fab-t", Map.of("n_iter", "abc")));
        assertEquals("fab-t option steps must be an integer >= 1, got 'abc'", e.getMessage());
        e = assertThrows(InvalidInputException.class, () -> AttackRegistry.create("square", Map.of("p_init", 1.5)));
        assertTrue(e.getMessage().startsWith("square option p_init must be a number in (0, 1]"), e.getMessage());
        e = assertThrows(InvalidInputException.class, () -> AttackRegistry.create("apgd-ce", Map.of("loss", "x")));
        assertTrue(e.getMessage().startsWith("bad options for apgd-ce: "), e.getMessage());
    }

    @Test
    void anOptionAndItsAliasTogetherIsAnError() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("steps", 5);
        m.put("n_iter", 6);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> AttackRegistry.create("fab", m));
        assertTrue(e.getMessage().contains("given twice"), e.getMessage());
    }

    @Test
    void aUserAliasOverridesTheVersionsSetting() {
        EvaluationConfig cfg = new EvaluationConfig("standard", null, Map.of("fab-t", Map.of("n_restarts", 3),
                "square", Map.of("n_queries", 20)), Norm.LINF, List.of(0.3), 0, 100);
        Versions.validate(cfg);
        Map<String, Map<String, Object>> by = new LinkedHashMap<>();
        for (Versions.Planned p : Versions.plan(cfg, 10).attacks()) by.put(p.name(), p.options());
        assertEquals(3, ((FabAttack.Config) AttackRegistry.create("fab-t", by.get("fab-t")).config()).nRestarts());
        assertEquals(20, ((SquareAttack.Config) AttackRegistry.create("square", by.get("square")).config()).queries());
    }

    @Test
    void validateRejectsOptionsForAttacksTheRunDoesNotUse() {
        EvaluationConfig cfg = new EvaluationConfig("standard", null, Map.of("fab", Map.of("steps", 3)), Norm.LINF,
                List.of(0.3), 0, 100);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Versions.validate(cfg));
        assertTrue(e.getMessage().contains("fab") && e.getMessage().contains("does not use"), e.getMessage());
    }

    @Test
    void docsPageIsTheGeneratedTable() throws Exception {
        Path doc = Path.of(System.getProperty("robustj.root", "..")).resolve("docs/attack-options.md");
        String text = Files.readString(doc);
        assertTrue(text.contains(AttackOptions.markdownTable()), "docs/attack-options.md: vocabulary table is stale");
        assertTrue(text.contains(AttackOptions.markdownDefaults()), "docs/attack-options.md: defaults table is stale");
    }
}
