package org.robustj.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.robustj.benchmark.Entry;
import org.robustj.benchmark.Gallery;
import org.robustj.benchmark.Track;
import org.robustj.benchmark.Tracks;
import org.robustj.eval.RunRecord;
import org.robustj.io.Json;
import org.robustj.provenance.FileHash;
import org.robustj.provenance.Provenance;

/**
 * Realistic hand-made run records, entries and galleries (AutoAttack-shaped: four attacks, FAB minimal norms,
 * a warning) for report tests that need no engine.
 */
final class SampleRuns {
    private SampleRuns() {}

    /** A run of {@code n} points at L∞ 0.3 where {@code robustFraction} of the points survive. */
    static RunRecord record(int n, double robustFraction, long seed, boolean warning) {
        SplittableRandom rng = new SplittableRandom(seed);
        String[] attacks = {"apgd-ce", "apgd-t", "fab-t", "square"};
        int[] broken = new int[attacks.length];
        List<RunRecord.PointRecord> pts = new ArrayList<>();
        int correct = 0;
        int robust = 0;
        for (int i = 0; i < n; i++) {
            int label = rng.nextInt(10);
            boolean c = rng.nextDouble() < 0.97;
            boolean r = c && rng.nextDouble() < robustFraction / 0.97;
            correct += c ? 1 : 0;
            robust += r ? 1 : 0;
            String by = null;
            Float norm = null;
            Float minimal = null;
            Integer adv = null;
            if (!c) {
                by = "clean";
                norm = 0f;
                adv = (label + 1) % 10;
            } else if (!r) {
                int a = rng.nextDouble() < 0.8 ? 0 : 1 + rng.nextInt(3);
                broken[a]++;
                by = attacks[a];
                norm = a == 2 ? (float) (0.1 + 0.2 * rng.nextDouble()) : 0.3f;
                adv = (label + 3) % 10;
            }
            if (c && (r || "fab-t".equals(by))) {
                minimal = (float) (r ? 0.3 + 0.3 * rng.nextDouble() : norm);
            }
            pts.add(new RunRecord.PointRecord(i, label, c, r, by, norm, minimal, adv));
        }
        List<RunRecord.AttackSummary> summaries = new ArrayList<>();
        int left = correct;
        for (int a = 0; a < attacks.length; a++) {
            left -= broken[a];
            summaries.add(new RunRecord.AttackSummary(attacks[a], 0.3, left / (double) n, broken[a],
                    1.5 + a, 1000L * (a + 1), Json.tree(Map.of("steps", 100)), 0L));
        }
        List<Double> perClass = new ArrayList<>();
        for (int k = 0; k < 10; k++) perClass.add(0.9 + k / 100.0);
        List<RunRecord.Warning> warnings = warning
                ? List.of(new RunRecord.Warning("square-beats-gradient",
                        "square lowered robust accuracy by 1.20 points after the gradient attacks",
                        "docs/evaluation-flags.md#square-beats-gradient"))
                : List.of();
        Provenance prov = new Provenance("0.1.0-SNAPSHOT", "abc123", "2025-01-01T00:00:00Z", "17.0.15", "Linux 6",
                "amd64", 2, "0.35.1", "2.7.1", 2, true, List.of(new FileHash("t10k-images-idx3-ubyte.gz", "ff00")));
        Map<String, Object> config = new java.util.LinkedHashMap<>();
        config.put("model", "zoo:mnist-cnn");
        config.put("track", "mnist-linf-0.3");
        config.put("n", n);
        config.put("norm", "linf");
        config.put("eps", List.of(0.3));
        config.put("version", "standard");
        config.put("seed", 0);
        config.put("command", "robustj benchmark --model zoo:mnist-cnn --track mnist-linf-0.3");
        return new RunRecord(RunRecord.SCHEMA, "robust", Json.tree(config),
                new RunRecord.ModelInfo("zoo:mnist-cnn", "mnist-cnn", "small-cnn", "deadbeef", 10),
                new RunRecord.DataInfo("mnist", "test", n, "first " + n), correct / (double) n, perClass, 0.0123,
                robust / (double) n, List.of(0.3), List.of(robust / (double) n), summaries, pts, warnings, true, 42.25,
                prov);
    }

    /** A gallery of synthetic 28×28 images for the broken points of {@code r}. */
    static Gallery gallery(RunRecord r, int max) {
        List<Gallery.Example> ex = new ArrayList<>();
        int broken = 0;
        for (RunRecord.PointRecord p : r.points()) {
            if (!p.cleanCorrect() || p.robust()) continue;
            broken++;
            if (ex.size() >= max) continue;
            float[] c = new float[784];
            float[] a = new float[784];
            SplittableRandom rng = new SplittableRandom(p.index());
            for (int i = 0; i < 784; i++) {
                int y = i / 28;
                int x = i % 28;
                double d = Math.hypot(y - 14, x - 14);
                c[i] = d > 6 && d < 10 ? 1f : 0f;
                float delta = (float) ((rng.nextBoolean() ? 1 : -1) * p.perturbationNorm());
                a[i] = Math.max(0, Math.min(1, c[i] + delta));
            }
            ex.add(new Gallery.Example(p.index(), p.label(), p.label(), p.adversarialLabel(), p.brokenBy(),
                    p.perturbationNorm(), c, a));
        }
        List<String> names = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        return new Gallery(names, new long[] {1, 28, 28}, ex, broken);
    }

    /** An entry of {@code r} on mnist-linf-0.3. */
    static Entry entry(String name, RunRecord r, Double external) {
        Track t = Tracks.get("mnist-linf-0.3");
        return new Entry(Entry.SCHEMA, name, "zoo:" + name, "deadbeef", "small-cnn", "pgd-at", t.id(), t.dataset(),
                t.threatModel(), t.epsLabel(), t.eps(), r.dataset().n(), Entry.percent(r.cleanAccuracy()),
                Entry.percent(r.robustAccuracy()), external, external == null ? null : "adaptive PGD", "standard",
                List.of("apgd-ce", "apgd-t", "fab-t", "square"),
                new Entry.Flags(false, r.dataset().n() < t.points(), false,
                        r.warnings().stream().map(RunRecord.Warning::check).toList()),
                "bin/robustj benchmark --replay entries/" + name + ".json", null, "2025-01-01T00:00:00Z", r);
    }

    /**
     * A TorchScript entry that stresses the leaderboard's layout: a long architecture, four flags, 100 of the
     * track's 1000 points.
     */
    static Entry longTorchScriptEntry(String name) {
        RunRecord r = record(100, 0.4, 21, true);
        Track t = Tracks.get("mnist-linf-0.3");
        return new Entry(Entry.SCHEMA, name, "../shared/models/" + name + ".pt", "cafe",
                "torchscript: Conv(1→32)-BN-ReLU, Conv(32→64)-BN-ReLU, MaxPool, FC 9216→128, FC 128→10", "unknown",
                t.id(), t.dataset(), t.threatModel(), t.epsLabel(), t.eps(), r.dataset().n(),
                Entry.percent(r.cleanAccuracy()), Entry.percent(r.robustAccuracy()), null, null, "custom",
                List.of("apgd-ce", "square"), new Entry.Flags(true, true, true,
                        List.of("square-beats-gradient", "softmax-output")),
                "bin/robustj benchmark --replay entries/" + name + ".json", null, "2025-01-01T00:00:00Z", r);
    }
}
