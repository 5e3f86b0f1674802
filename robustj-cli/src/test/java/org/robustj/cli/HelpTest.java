package org.robustj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** The top-level help promises only what exists. */
class HelpTest {
    @Test
    void topLevelHelpListsOnlyExistingCommands() {
        CliRun r = CliRun.of("--help");
        assertEquals(0, r.exit());
        Set<String> commands = Cli.commandLine().getSubcommands().keySet();
        for (String c : commands) {
            assertTrue(r.out().contains(c), "help lacks " + c + ": " + r.out());
        }
        // capabilities without a command must not be advertised
        for (String missing : new String[] {"harden"}) {
            assertFalse(commands.contains(missing));
            assertFalse(r.out().contains(missing), "help promises '" + missing + "': " + r.out());
        }
        CliRun unknown = CliRun.of("harden");
        assertTrue(unknown.exit() != 0);
    }

    @Test
    void descriptionVerbsAreCommands() {
        String[] description = Cli.commandLine().getCommandSpec().usageMessage().description();
        String text = String.join(" ", description);
        String list = text.substring(text.indexOf(':') + 1);
        Set<String> commands = Cli.commandLine().getSubcommands().keySet();
        // every verb the description lists is a command
        for (String part : list.split(",")) {
            String verb = part.strip().split("[ .]")[0];
            assertTrue(commands.contains(verb), "'" + verb + "' in the help is not a command: " + text);
        }
    }
}
