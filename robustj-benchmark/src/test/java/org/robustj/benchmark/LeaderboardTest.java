package org.robustj.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeaderboardTest {
    @TempDir
    Path tmp;

    @Test
    void ranksByExternalElseAutoAttackPerTrack() throws Exception {
        Entries.entry("weak", "mnist-linf-0.3", 100, 99, 10, null).writeInto(tmp, null);
        Entries.entry("strong", "mnist-linf-0.3", 100, 90, 80, null).writeInto(tmp, null);
        // AutoAttack says 85 but an adaptive attack got it to 50: ranks below 'strong'
        Entries.entry("masked", "mnist-linf-0.3", 100, 95, 85, 50.0).writeInto(tmp, null);
        Entries.entry("tie-low-clean", "mnist-linf-0.3", 100, 60, 10, null).writeInto(tmp, null);
        Entries.entry("cifar", "cifar10-linf-8/255", 100, 90, 50, null).writeInto(tmp, null);
        Leaderboard lb = Leaderboard.load(tmp);
        assertEquals(List.of("mnist-linf-0.3", "cifar10-linf-8/255"), List.copyOf(lb.tracks().keySet()));
        List<String> order = lb.tracks().get("mnist-linf-0.3").stream().map(r -> r.entry().name()).toList();
        assertEquals(List.of("strong", "masked", "weak", "tie-low-clean"), order);
        assertEquals(List.of(1, 2, 3, 4), lb.tracks().get("mnist-linf-0.3").stream().map(Leaderboard.Row::rank).toList());
        assertEquals(5, lb.size());
        assertTrue(lb.problems().isEmpty());
    }

    @Test
    void corruptEntryIsNamedAndTheOthersStillLoad() throws Exception {
        Entries.entry("good", "mnist-linf-0.3", 10, 9, 5, null).writeInto(tmp, null);
        Files.writeString(tmp.resolve("corrupt.json"), "{\"schema\": \"robustj-entry-1\", \"name\": [");
        Files.writeString(tmp.resolve("x.state.json"), "{ not an entry, but a state file that is skipped");
        Files.writeString(tmp.resolve("notes.txt"), "not json at all");
        Leaderboard lb = Leaderboard.load(tmp);
        assertEquals(1, lb.size());
        assertEquals(1, lb.problems().size());
        Leaderboard.Problem p = lb.problems().get(0);
        assertEquals(tmp.resolve("corrupt.json"), p.file());
        assertTrue(p.message().contains("corrupt.json"), p.message());
        assertTrue(!p.message().contains("\n"), p.message());
    }

    @Test
    void entriesOfUnknownTracksGetTheirOwnTable() {
        Entry e = Entries.entry("x", "mnist-linf-0.3", 10, 9, 5, null);
        Entry other = new Entry(e.schema(), "y", e.model(), e.modelSha256(), e.architecture(), e.trainingRecipe(),
                "svhn-linf-8/255", "svhn", "Linf", "8/255", 8 / 255.0, 10, 50, 20, null, null, "standard", List.of(),
                e.flags(), null, null, e.created(), e.run());
        Leaderboard lb = Leaderboard.of(List.of(new Leaderboard.Row(0, e, null), new Leaderboard.Row(0, other, null)),
                List.of());
        assertEquals(List.of("mnist-linf-0.3", "svhn-linf-8/255"), List.copyOf(lb.tracks().keySet()));
    }

    @Test
    void nullAccuracyIsAProblemNotZero() throws Exception {
        Entries.entry("good", "mnist-linf-0.3", 10, 9, 5, null).writeInto(tmp, null);
        Entry bad = Entries.entry("nulled", "mnist-linf-0.3", 10, 9, 5, null);
        Path f = tmp.resolve("nulled.json");
        bad.write(f);
        Files.writeString(f, Files.readString(f).replaceFirst("\"clean_acc\" : [0-9.]+", "\"clean_acc\" : null"));
        Leaderboard lb = Leaderboard.load(tmp);
        assertEquals(1, lb.size());
        assertEquals(1, lb.problems().size());
        assertTrue(lb.problems().get(0).message().contains("clean_acc must be a number (percent), got null"),
                lb.problems().get(0).message());
    }

    @Test
    void entryOfAnUnknownTrackInAFolderIsAProblem() throws Exception {
        Entries.entry("good", "mnist-linf-0.3", 10, 9, 5, null).writeInto(tmp, null);
        Entry e = Entries.entry("typo", "mnist-linf-0.3", 10, 9, 5, null);
        Path f = tmp.resolve("typo.json");
        e.write(f);
        Files.writeString(f, Files.readString(f).replace("\"track\" : \"mnist-linf-0.3\"",
                "\"track\" : \"mnist-linf-0.33\""));
        Leaderboard lb = Leaderboard.load(tmp);
        assertEquals(List.of("mnist-linf-0.3"), List.copyOf(lb.tracks().keySet()));
        assertEquals(1, lb.problems().size());
        assertTrue(lb.problems().get(0).message().contains("unknown track 'mnist-linf-0.33'; known: mnist-linf-0.3"),
                lb.problems().get(0).message());
    }
}
