package org.robustj.benchmark;

import java.util.ArrayList;
import java.util.List;
import org.robustj.eval.RunRecord;
import org.robustj.io.Json;

/** Hand-made entries and run records (no engine) for entry and leaderboard tests. */
final class Entries {
    private Entries() {}

    static RunRecord record(int n, int correct, int robust) {
        List<RunRecord.PointRecord> pts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean c = i < correct;
            boolean r = i < robust;
            pts.add(new RunRecord.PointRecord(i, i % 10, c, r, r ? null : c ? "apgd-ce" : "clean",
                    r ? null : c ? 0.3f : 0f, null, r ? null : (i + 1) % 10));
        }
        double acc = correct / (double) n;
        double rob = robust / (double) n;
        return new RunRecord(RunRecord.SCHEMA, "robust", Json.tree(java.util.Map.of("model", "m.pt", "seed", 0)),
                new RunRecord.ModelInfo("m.pt", "m", "mlp", "abc", 10),
                new RunRecord.DataInfo("mnist", "test", n, "first " + n), acc, List.of(), 0.01, rob, List.of(0.3),
                List.of(rob), List.of(new RunRecord.AttackSummary("apgd-ce", 0.3, rob, correct - robust, 1.0, 100,
                        null, 0L)), pts, List.of(), true, 1.5, null);
    }

    static Entry entry(String name, String track, int n, int correct, int robust, Double external) {
        RunRecord r = record(n, correct, robust);
        Track t = Tracks.get(track);
        return new Entry(Entry.SCHEMA, name, name + ".pt", "abc", "mlp", "standard", track, t.dataset(),
                t.threatModel(), t.epsLabel(), t.eps(), n, Entry.percent(r.cleanAccuracy()),
                Entry.percent(r.robustAccuracy()), external, null, "standard", List.of("apgd-ce"),
                new Entry.Flags(false, n < t.points(), false, List.of()), null, null, "2025-01-01T00:00:00Z", r);
    }
}
