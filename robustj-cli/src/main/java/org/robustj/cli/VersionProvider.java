package org.robustj.cli;

import org.robustj.provenance.Provenance;
import picocli.CommandLine;

/** Prints robustj's version and commit for {@code --version}. */
public final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"robustj " + Provenance.currentVersion() + " (" + Provenance.currentGitCommit() + ")"};
    }
}
