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
 * (numbers parsed as integers or doubles). With {@code -Dtrace=FILE} every model call's logits are appended
 * to FILE, one JSON array of rows per line (attack one point to get its per-iteration trace; the reference
 * twin is {@code run_apgd.py --trace}).
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
        String trace = System.getProperty("trace");
        try (NDManager m = NDManager.newBaseManager();
                Classifier model = trace == null ? Models.open(m, args[0], data.sampleShape())
                        : new Tracing(Models.open(m, args[0], data.sampleShape()), Path.of(trace))) {
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

    /** A classifier that appends the logits of every call to a file (per-iteration traces of an attack). */
    private static final class Tracing implements Classifier {
        private final Classifier inner;
        private final java.io.PrintWriter out;

        Tracing(Classifier inner, Path file) throws java.io.IOException {
            this.inner = inner;
            this.out = new java.io.PrintWriter(Files.newBufferedWriter(file));
        }

        @Override
        public NDArray logits(NDArray x) {
            NDArray z = inner.logits(x);
            float[] v = z.stopGradient().toFloatArray();
            int k = inner.numClasses();
            StringBuilder b = new StringBuilder("[");
            for (int i = 0; i < v.length / k; i++) {
                b.append(i == 0 ? "" : ",").append(java.util.Arrays.toString(java.util.Arrays.copyOfRange(v, i * k, (i + 1) * k)));
            }
            out.println(b.append("]"));
            return z;
        }

        @Override public ai.djl.ndarray.types.Shape inputShape() { return inner.inputShape(); }
        @Override public int numClasses() { return inner.numClasses(); }
        @Override public java.util.List<String> layers() { return inner.layers(); }
        @Override public Map<String, NDArray> activations(NDArray x, java.util.List<String> names) {
            return inner.activations(x, names);
        }
        @Override public org.robustj.model.ModelCard card() { return inner.card(); }
        @Override public String source() { return inner.source(); }
        @Override public String sha256() { return inner.sha256(); }
        @Override public NDManager manager() { return inner.manager(); }
        @Override public void close() {
            out.close();
            inner.close();
        }
    }
}
