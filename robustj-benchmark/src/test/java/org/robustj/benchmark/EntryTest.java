package org.robustj.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustj.errors.DataFormatException;

class EntryTest {
    @TempDir
    Path tmp;

    @Test
    void roundTripsThroughItsFileWithReplayCommand() throws Exception {
        Entry e = Entries.entry("net-a", "cifar10-linf-8/255", 50, 40, 20, null);
        Entry w = e.writeInto(tmp, "x.html");
        Path file = tmp.resolve("cifar10-linf-8_255__net-a.json");
        assertTrue(Files.isRegularFile(file));
        assertEquals("bin/robustj benchmark --replay " + file, w.replay());
        Entry back = Entry.read(file);
        assertEquals(w.name(), back.name());
        assertEquals(80.0, back.cleanAcc());
        assertEquals(40.0, back.autoattackAcc());
        assertEquals("8/255", back.eps());
        assertEquals("x.html", back.report());
        assertEquals(w.run().points().size(), back.run().points().size());
        assertEquals(w.run().attacks().get(0).robustAccuracyAfter(), back.run().attacks().get(0).robustAccuracyAfter());
        assertEquals(w.run().points(), back.run().points());
        String json = Files.readString(file);
        for (String field : new String[] {"\"name\"", "\"architecture\"", "\"training_recipe\"", "\"clean_acc\"",
            "\"autoattack_acc\"", "\"eps\"", "\"n_points\"", "\"flags\"", "\"replay\"", "\"run\""}) {
            assertTrue(json.contains(field), "entry JSON lacks " + field);
        }
    }

    @Test
    void percentRoundsLikeThePage() {
        assertEquals(98.71, Entry.percent(0.9871));
        assertEquals(33.33, Entry.percent(1 / 3.0));
        assertEquals(0.13, Entry.percent(1 / 800.0));
        for (int n = 1; n <= 400; n += 7) {
            for (int k = 0; k <= n; k++) {
                assertEquals(String.format(java.util.Locale.ROOT, "%.2f", 100.0 * k / n),
                        String.format(java.util.Locale.ROOT, "%.2f", Entry.percent(k / (double) n)));
            }
        }
    }

    @Test
    void rankingUsesExternalWhenPresent() {
        assertEquals(40.0, Entries.entry("a", "mnist-linf-0.3", 10, 8, 4, null).rankingAccuracy());
        assertEquals(35.5, Entries.entry("a", "mnist-linf-0.3", 10, 8, 4, 35.5).rankingAccuracy());
    }

    @Test
    void corruptFileIsNamedInOneLine() throws Exception {
        Path f = tmp.resolve("bad.json");
        Files.writeString(f, "{ \"schema\": \"robustj-entry-1\", \"name\": \n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> Entry.read(f));
        assertTrue(e.getMessage().startsWith(f + ": "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void fileThatIsNotAnEntryIsRefused() throws Exception {
        Path f = tmp.resolve("other.json");
        Files.writeString(f, "{\"clean_accuracy\": 0.9}");
        DataFormatException e = assertThrows(DataFormatException.class, () -> Entry.read(f));
        assertTrue(e.getMessage().contains("missing schema, name, track, run"), e.getMessage());
        Entry ok = Entries.entry("n", "mnist-linf-0.3", 10, 8, 4, null);
        Path g = tmp.resolve("future.json");
        Files.writeString(g, org.robustj.io.Json.write(ok).replace("robustj-entry-1", "robustj-entry-9"));
        assertTrue(assertThrows(DataFormatException.class, () -> Entry.read(g)).getMessage()
                .contains("unsupported entry schema"));
        Path h = tmp.resolve("range.json");
        Files.writeString(h, org.robustj.io.Json.write(ok).replace("\"clean_acc\" : 80.0", "\"clean_acc\" : 180.0"));
        assertTrue(assertThrows(DataFormatException.class, () -> Entry.read(h)).getMessage()
                .contains("between 0 and 100"));
    }
}
