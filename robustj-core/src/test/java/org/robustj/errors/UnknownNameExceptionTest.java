package org.robustj.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class UnknownNameExceptionTest {
    @Test
    void suggestsTheClosestKnownNameForATypo() {
        assertEquals("unknown apgd-ce option 'stepz'; known: restarts, rho, steps; did you mean 'steps'?",
                new UnknownNameException("apgd-ce option", "stepz", List.of("steps", "restarts", "rho")).getMessage());
        assertEquals("unknown data set 'cifar01'; known: cifar10, mnist; did you mean 'cifar10'?",
                new UnknownNameException("data set", "cifar01", List.of("mnist", "cifar10")).getMessage());
    }

    @Test
    void noSuggestionWhenNothingIsClose() {
        assertEquals("unknown attack 'warp-drive'; known: fgsm, pgd",
                new UnknownNameException("attack", "warp-drive", List.of("pgd", "fgsm")).getMessage());
    }
}
