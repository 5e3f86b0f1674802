package org.robustj.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.robustj.benchmark.Entry;
import org.robustj.benchmark.LocalZoo;
import org.robustj.benchmark.Track;
import org.robustj.benchmark.Tracks;
import org.robustj.benchmark.corruption.Corruption;
import org.robustj.benchmark.corruption.CorruptionBenchmark;
import org.robustj.benchmark.corruption.CorruptionCache;
import org.robustj.benchmark.corruption.Corruptions;
import org.robustj.errors.InvalidInputException;
import org.robustj.report.CorruptionReport;
import org.robustj.report.Fmt;

/** What {@code benchmark} does on a common-corruptions track: list, run and write the entry and report, replay. */
final class CorruptionStep {
    private CorruptionStep() {}

    /** Prints the corruptions of {@code track} (every corruption track when null). */
    static int list(PrintWriter o, String track) {
        for (Track t : Tracks.all()) {
            if (!t.corruption() || (track != null && !Tracks.get(track).id().equals(t.id()))) continue;
            Corruptions.Suite s = Corruptions.suite(t.corruptions());
            o.printf("%s (suite %s, %s; severities 1..%d; mCE baseline %s)%n", t.id(), s.id(), s.reference(),
                    Corruption.SEVERITIES, t.baseline());
            for (Corruption c : s.corruptions()) {
                StringBuilder b = new StringBuilder();
                for (int k = 1; k <= Corruption.SEVERITIES; k++) b.append(k == 1 ? "" : " | ").append(c.setting(k));
                o.printf("  %-18s %-9s %s%n", c.name(), c.family().name().toLowerCase(java.util.Locale.ROOT), b);
            }
        }
        if (track != null && !Tracks.get(track).corruption()) {
            throw new InvalidInputException("track " + track + " is not a corruption track; corruption tracks: "
                    + String.join(", ", Tracks.all().stream().filter(Track::corruption).map(Track::id).toList()));
        }
        o.flush();
        return 0;
    }

    /** Runs a corruption benchmark and writes the entry and its report. */
    static int run(BenchmarkCommand b, Track t, PrintWriter o) throws Exception {
        CorruptionOptions c = b.corruption;
        if (b.attacks != null || b.attackOptions != null || b.certify != null || b.external != null) {
            throw new InvalidInputException("track " + t.id() + " runs no attacks: --attacks, --attack-option, "
                    + "--certify and --external do not apply");
        }
        CorruptionBenchmark.Request req = new CorruptionBenchmark.Request(b.model, t, b.n, b.name, b.architecture,
                b.recipe, c.corruptions, c.severities, c.baseline, b.seed, b.batchSize, b.dataDir,
                "robustj " + String.join(" ", b.spec.commandLine().getParseResult().originalArgs()));
        // names and severities are checked before any data, model or output is touched
        CorruptionBenchmark.select(Corruptions.suite(t.corruptions()), c.corruptions);
        CorruptionBenchmark.severities(c.severities);
        String entryName = b.name != null ? b.name : org.robustj.benchmark.BenchmarkRunner.defaultName(b.model);
        String base = Entry.baseName(t.id(), entryName);
        new Outputs().folder("--entries", b.entries).file("--entries", b.entries.resolve(base + ".json"))
                .file("--entries", b.entries.resolve(base + ".html")).file("--report", b.report);
        b.common.apply();
        CorruptionCache cache = c.cache != null ? new CorruptionCache(c.cache) : CorruptionCache.defaultCache();
        o.printf("benchmark %s on track %s (%s %s, first %s points, corruptions cached in %s)%n", b.model, t.id(),
                t.dataset(), t.split(), b.n != null ? b.n : t.points(), cache.root());
        o.flush();
        boolean quiet = b.common.quiet;
        CorruptionBenchmark.Result r = new CorruptionBenchmark(LocalZoo.defaultZoo(), cache, line -> {
            if (!quiet) {
                o.println(line);
                o.flush();
            }
        }).run(req);
        Entry written = r.entry().writeInto(b.entries, base + ".html");
        Path reportFile = b.entries.resolve(base + ".html");
        CorruptionReport.write(reportFile, written, r.gallery());
        if (b.report != null) {
            CorruptionReport.write(b.report, written, r.gallery());
        }
        o.printf("clean accuracy: %s%%, mean corruption accuracy: %s%%, mCE: %s (baseline %s) (%d points)%n",
                Fmt.pct100(written.cleanAcc()), Fmt.pct100(written.corruptionsAcc()),
                written.corruptionsMce() == null ? "n/a" : Fmt.pct100(written.corruptionsMce()) + "%",
                written.corruptions().baseline(), written.nPoints());
        if (!written.flags().labels().isEmpty()) {
            o.println("flags: " + String.join(", ", written.flags().labels()));
        }
        o.println("entry: " + b.entries.resolve(written.fileName()));
        o.println("report: " + reportFile + (b.report != null ? " and " + b.report : ""));
        o.println("replay: " + written.replay());
        o.flush();
        return 0;
    }

    /** Replays a corruption entry; exit 1 with one error line when a number differs. */
    static int replay(BenchmarkCommand b, Entry e, PrintWriter o) throws Exception {
        new Outputs().folder("--entries", b.entries).file("--report", b.report);
        b.common.apply();
        CorruptionCache cache = b.corruption.cache != null ? new CorruptionCache(b.corruption.cache)
                : CorruptionCache.defaultCache();
        o.printf("replaying %s on track %s (%d points)%n", e.name(), e.track(), e.nPoints());
        o.flush();
        CorruptionBenchmark.Replay r = new CorruptionBenchmark(LocalZoo.defaultZoo(), cache, null).replay(e, b.dataDir);
        Entry again = r.replayed().entry();
        o.printf("entry : clean %s%%, corruptions %s%%%nreplay: clean %s%%, corruptions %s%%%n",
                Fmt.pct100(e.cleanAcc()), Fmt.pct100(e.corruptionsAcc()), Fmt.pct100(again.cleanAcc()),
                Fmt.pct100(again.corruptionsAcc()));
        if (b.entries != null) {
            Entry w = again.writeInto(b.entries, null);
            o.println("replayed entry: " + b.entries.resolve(w.fileName()));
        }
        if (b.report != null) {
            CorruptionReport.write(b.report, again, r.replayed().gallery());
            o.println("report: " + b.report);
        }
        o.flush();
        if (r.identical()) {
            o.println("replay identical: every number matches the entry");
            o.flush();
            return 0;
        }
        PrintWriter err = b.spec.commandLine().getErr();
        err.println("error: replay of " + b.replay + " differs: " + String.join("; ", r.differences()));
        err.flush();
        return 1;
    }

    /** Whether {@code file} exists (for messages). */
    static boolean exists(Path file) {
        return file != null && Files.exists(file);
    }
}
