package org.robustj.attack.ensemble;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.robustj.threat.Norm;

/** The version plans: standard is AutoAttack's recipe, strong is standard with more restarts and the default. */
class VersionsTest {

    private static Versions.Plan plan(String version) {
        return Versions.plan(new EvaluationConfig(version, null, null, Norm.LINF, List.of(0.3), 0, 500), 10);
    }

    @Test
    void standardIsTheReferenceRecipe() {
        List<Versions.Planned> a = plan("standard").attacks();
        assertEquals(List.of("apgd-ce", "apgd-t", "fab-t", "square"), a.stream().map(Versions.Planned::name).toList());
        assertEquals(Map.of("restarts", 1), a.get(0).options());
        assertEquals(Map.of("target_classes", 9, "restarts", 1), a.get(1).options());
        assertEquals(Map.of("steps", 5000), a.get(3).options());
    }

    @Test
    void strongIsStandardWithMoreRestartsOfApgdTAndSquareAndTheDefault() {
        List<Versions.Planned> std = plan("standard").attacks();
        List<Versions.Planned> strong = plan(null).attacks();
        assertEquals("strong", new EvaluationConfig(null, null, null, Norm.LINF, List.of(0.3), 0, 500).version());
        assertEquals(std.stream().map(Versions.Planned::name).toList(),
                strong.stream().map(Versions.Planned::name).toList());
        assertEquals(std.get(0), strong.get(0));
        assertEquals(Map.of("target_classes", 9, "restarts", Versions.STRONG_APGD_T_RESTARTS), strong.get(1).options());
        assertEquals(std.get(2), strong.get(2));
        assertEquals(Map.of("steps", 5000, "restarts", Versions.STRONG_SQUARE_RESTARTS), strong.get(3).options());
    }
}
