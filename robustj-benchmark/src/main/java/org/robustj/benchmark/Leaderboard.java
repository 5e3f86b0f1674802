package org.robustj.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.robustj.errors.DataFormatException;

/**
 * The entries of a folder, grouped by track and ranked as RobustBench ranks them: by the external
 * (adaptive) robust accuracy when an entry has one, else by AutoAttack's, highest first; ties by clean
 * accuracy, then name. A file that cannot be read as an entry (or names a track the registry does not know)
 * does not stop the others: it is listed in {@link #problems()} with a one-line reason.
 *
 * @param tracks track id to ranked rows, in the registry's track order, then unknown tracks by name
 * @param problems files that could not be read
 */
public record Leaderboard(Map<String, List<Row>> tracks, List<Problem> problems) {

    /** A file that is not a valid entry. */
    public record Problem(Path file, String message) {}

    /**
     * One ranked entry.
     *
     * @param rank 1 for the most robust; 0 for a row imported from RobustBench (not evaluated here: no rank)
     * @param entry the entry
     * @param file the file it was read from (null when built in memory)
     */
    public record Row(int rank, Entry entry, Path file) {}

    /** The RobustBench order: ranking accuracy descending, then clean accuracy descending, then name. */
    public static final Comparator<Entry> RANKING = Comparator.comparingDouble(Entry::rankingAccuracy).reversed()
            .thenComparing(Comparator.comparingDouble(Entry::cleanAcc).reversed())
            .thenComparing(Entry::name);

    /** Reads every {@code *.json} file of {@code dir} (not recursive; {@code .state.json} files are skipped). */
    public static Leaderboard load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new DataFormatException("entries folder not found: " + dir);
        }
        List<Path> paths;
        try (Stream<Path> s = Files.list(dir)) {
            paths = s.filter(p -> p.getFileName().toString().endsWith(".json"))
                    .filter(p -> !p.getFileName().toString().endsWith(".state.json"))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new DataFormatException("cannot list " + dir + ": " + e.getMessage());
        }
        List<Row> rows = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (Path p : paths) {
            try {
                Entry e = Entry.read(p);
                if (Tracks.find(e.track()) == null) {
                    // a typo in the track would otherwise get a leaderboard table of its own
                    List<String> known = Tracks.all().stream().map(Track::id).toList();
                    throw new DataFormatException(p + ": unknown track '" + e.track() + "'; known: "
                            + String.join(", ", known));
                }
                rows.add(new Row(0, e, p));
            } catch (DataFormatException e) {
                problems.add(new Problem(p, e.getMessage()));
            }
        }
        return of(rows, problems);
    }

    /** Groups rows by track and ranks them (the rows' own ranks are ignored). */
    public static Leaderboard of(List<Row> rows, List<Problem> problems) {
        List<String> ids = new ArrayList<>();
        for (Track t : Tracks.all()) ids.add(t.id());
        rows.stream().map(r -> r.entry().track()).filter(id -> Tracks.find(id) == null).distinct().sorted()
                .forEach(ids::add);
        Map<String, List<Row>> byTrack = new LinkedHashMap<>();
        for (String id : ids) {
            List<Row> l = rows.stream().filter(r -> id.equals(r.entry().track()))
                    .sorted(Comparator.comparing(Row::entry, RANKING)).toList();
            List<Row> ranked = new ArrayList<>();
            int rank = 0;
            for (Row r : l) {
                // rows imported from RobustBench sit where their numbers put them but take no rank
                ranked.add(new Row(r.entry().evaluatedHere() ? ++rank : 0, r.entry(), r.file()));
            }
            if (!ranked.isEmpty()) {
                byTrack.put(id, List.copyOf(ranked));
            }
        }
        return new Leaderboard(byTrack, List.copyOf(problems));
    }

    /** Number of entries. */
    public int size() {
        return tracks.values().stream().mapToInt(List::size).sum();
    }
}
