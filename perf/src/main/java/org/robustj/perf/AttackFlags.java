package org.robustj.perf;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.robustj.attack.Attack;
import org.robustj.attack.AttackContext;
import org.robustj.attack.AttackRegistry;
import org.robustj.attack.AttackResult;
import org.robustj.attack.LabeledBatch;
import org.robustj.data.Dataset;
import org.robustj.data.Datasets;
import org.robustj.io.Json;
import org.robustj.model.Classifier;
import org.robustj.model.Models;
import org.robustj.tensor.Engines;
import org.robustj.threat.Norm;
import org.robustj.threat.ThreatModel;

/**
 * One registered attack on chosen MNIST test points, printing which points stay robust, so a single attack
 * can be compared point by point with the reference implementation's (perf/reference/run_apgd.py). Usage:
 * {@code AttackFlags MODEL N|indices.json ATTACK SEED EPS [key=value ...]}; options are the attack's own
 * (numbers parsed as integers or doubles).
 */
public final class AttackFlags {
    private AttackFlags() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 5) {
            System.err.println("usage: AttackFlags MODEL N|indices.json ATTACK SEED EPS [key=value ...]");
            System.exit(2);
        }
        Engines.pytorch();
        Dataset all = Datasets.load("mnist", "test");
        int[] idx;
        if (args[1].endsWith(".json")) {
            idx = Json.mapper().readValue(Files.readString(Path.of(args[1])), int[].class);
        } else {
            idx = new int[Integer.parseInt(args[1])];
            java.util.Arrays.setAll(idx, i -> i);
        }
        Dataset data = all.subset(idx);
        Map<String, Object> options = new LinkedHashMap<>();
        for (int i = 5; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            Object v;
            try {
                v = Integer.parseInt(kv[1]);
            } catch (NumberFormatException e) {
                try {
                    v = Double.parseDouble(kv[1]);
                } catch (NumberFormatException e2) {
                    v = kv[1];
                }
            }
            options.put(kv[0], v);
        }
        Attack attack = AttackRegistry.create(args[2], options);
        long seed = Long.parseLong(args[3]);
        ThreatModel threat = ThreatModel.of(Norm.LINF, Double.parseDouble(args[4]));
        boolean[] robust = new boolean[idx.length];
        long t0 = System.nanoTime();
        try (NDManager m = NDManager.newBaseManager(); Classifier model = Models.open(m, args[0], data.sampleShape())) {
            int[] pos = data.allIndices();
            int[] labels = data.labels();
            for (int from = 0; from < pos.length; from += 500) {
                int[] b = java.util.Arrays.copyOfRange(pos, from, Math.min(pos.length, from + 500));
                try (NDManager s = m.newSubManager()) {
                    NDArray x = data.batch(s, b);
                    int[] y = new int[b.length];
                    for (int k = 0; k < b.length; k++) y[k] = labels[b[k]];
                    int[] pred = model.logits(x).argMax(1).toType(ai.djl.ndarray.types.DataType.INT32, false)
                            .toIntArray();
                    AttackResult r = attack.run(model, new LabeledBatch(x, y), threat, AttackContext.seeded(seed + from));
                    for (int k = 0; k < b.length; k++) robust[from + k] = pred[k] == y[k] && !r.success()[k];
                }
            }
        }
        int count = 0;
        for (boolean f : robust) count += f ? 1 : 0;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("attack", args[2]);
        out.put("options", options);
        out.put("seed", seed);
        out.put("n", idx.length);
        out.put("robust", count);
        out.put("seconds", (System.nanoTime() - t0) / 1e9);
        out.put("flags", robust);
        System.out.println(Json.write(out));
    }
}
