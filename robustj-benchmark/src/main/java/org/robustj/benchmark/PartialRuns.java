package org.robustj.benchmark;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import org.robustj.attack.ensemble.Records;
import org.robustj.errors.InvalidInputException;
import org.robustj.eval.RunRecord;

/**
 * Merges the partial results of one benchmark ({@code benchmark --points FROM:TO}, or the partitions of a
 * cluster run): entries through their run records ({@link Records#merge}) and the galleries of their reports.
 * Both merges are pure and associative, and the parts of a partition of the points merge into the entry and
 * gallery of one run on all of them (up to timings and the creation time).
 */
public final class PartialRuns {
    private PartialRuns() {}

    /**
     * The entry of both partial entries: the same model, track, settings and leaderboard fields, the merged run
     * record, and the numbers and flags recomputed from it (points, clean and robust accuracy, fewer points,
     * incomplete, the warnings' checks). The creation time is the later of the two; a merged entry has no
     * report and no replay command until it is written into an entries folder.
     *
     * @throws InvalidInputException when the entries are not parts of one benchmark
     */
    public static Entry merge(Entry a, Entry b) {
        if (!a.name().equals(b.name()) || !a.track().equals(b.track())
                || !Objects.equals(a.modelSha256(), b.modelSha256()) || !Objects.equals(a.version(), b.version())) {
            throw new InvalidInputException("the entries are not parts of one benchmark (" + describe(a) + " and "
                    + describe(b) + ")");
        }
        if (a.certifiedAcc() != null || b.certifiedAcc() != null) {
            throw new InvalidInputException("entries with a certification do not merge yet; run the benchmark whole");
        }
        if (!Objects.equals(a.external(), b.external()) || !Objects.equals(a.architecture(), b.architecture())
                || !Objects.equals(a.trainingRecipe(), b.trainingRecipe())) {
            throw new InvalidInputException("the entries give different leaderboard details (architecture, recipe or "
                    + "external result) for " + a.name());
        }
        RunRecord run = Records.merge(a.run(), b.run());
        Track t = Tracks.find(a.track());
        int trackPoints = t != null ? t.points() : Math.max(a.nPoints(), b.nPoints());
        LinkedHashSet<String> warned = new LinkedHashSet<>();
        for (RunRecord.Warning w : run.warnings()) warned.add(w.check());
        Entry.Flags flags = new Entry.Flags(a.flags().customAttacks() || b.flags().customAttacks(),
                run.dataset().n() < trackPoints, !run.complete(), new ArrayList<>(warned));
        List<String> attacks = a.attacks().size() >= b.attacks().size() ? a.attacks() : b.attacks();
        String created = a.created().compareTo(b.created()) >= 0 ? a.created() : b.created();
        return new Entry(a.schema(), a.name(), a.model(), a.modelSha256(), a.architecture(), a.trainingRecipe(),
                a.track(), a.dataset(), a.threatModel(), a.eps(), a.epsValue(), run.dataset().n(),
                Entry.percent(run.cleanAccuracy()), Entry.percent(run.robustAccuracy()), a.external(),
                a.externalNote(), a.version(), attacks, flags, null, null, created, run);
    }

    /** Merges any number of partial entries ({@link #merge} from left to right). */
    public static Entry mergeAll(List<Entry> entries) {
        if (entries.isEmpty()) {
            throw new InvalidInputException("nothing to merge");
        }
        Entry e = entries.get(0);
        for (Entry o : entries.subList(1, entries.size())) e = merge(e, o);
        return e;
    }

    /**
     * The gallery of both parts: their examples in index order, at most {@code max} (a part's gallery holds its
     * first broken points, so the first {@code max} of the union are those of the whole run), and the points
     * broken by attacks added up.
     */
    public static Gallery merge(Gallery a, Gallery b, int max) {
        List<Gallery.Example> all = new ArrayList<>(a.examples());
        all.addAll(b.examples());
        all.sort(Comparator.comparingInt(Gallery.Example::index));
        Gallery shape = a.shape().length > 0 ? a : b;
        return new Gallery(shape.classNames(), shape.shape(), new ArrayList<>(all.subList(0, Math.min(max, all.size()))),
                a.brokenByAttacks() + b.brokenByAttacks());
    }

    private static String describe(Entry e) {
        return e.name() + " on " + e.track() + ", " + e.version();
    }
}
