package org.robustj.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.robustj.benchmark.Leaderboard;
import org.robustj.report.LeaderboardSite;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code robustj leaderboard}: builds the static leaderboard site from a folder of entries. A file that is
 * not a valid entry is named in one {@code error:} line on stderr and listed on the page; the site is built
 * from the other entries all the same, and the exit code is 2 so scripts notice.
 */
@Command(name = "leaderboard", sortOptions = false,
        description = {"Build the static leaderboard site: one sortable table per track, each row linking to its "
                + "report.",
            "A corrupt entry file is named on stderr (one line each) and skipped; the rest of the site is built and "
                    + "the exit code is 2."})
public final class LeaderboardCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Mixin
    CommonOptions common;

    @Option(names = "--entries", paramLabel = "DIR", required = true, description = "Folder of entries (*.json).")
    Path entries;

    @Option(names = "--out", paramLabel = "SITE", required = true, description = "Folder to write the site into ("
            + Outputs.FOLDER_RULE + ").")
    Path out;

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        new Outputs().folder("--out", out);
        Leaderboard lb = Leaderboard.load(entries);
        LeaderboardSite.Built built = LeaderboardSite.build(lb, out);
        o.printf("site: %s (%d %s on %d %s, %d reports)%n", built.index(), lb.size(),
                lb.size() == 1 ? "entry" : "entries", lb.tracks().size(), lb.tracks().size() == 1 ? "track" : "tracks",
                built.reports().size());
        o.flush();
        if (built.problems().isEmpty()) {
            return 0;
        }
        PrintWriter err = spec.commandLine().getErr();
        for (Leaderboard.Problem p : built.problems()) {
            err.println("error: " + Cli.oneLine(p.message()) + " (skipped; the rest of the site was built)");
        }
        err.flush();
        return Cli.USER_ERROR;
    }
}
