package org.robustj.diagnose.collapse;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.robustj.data.Dataset;
import org.robustj.diagnose.AbstractDiagnostic;
import org.robustj.diagnose.AdversarialInputs;
import org.robustj.diagnose.DiagnosticListener;
import org.robustj.diagnose.DiagnosticRequest;
import org.robustj.diagnose.DiagnosticResult;
import org.robustj.diagnose.Series;
import org.robustj.errors.UnknownNameException;
import org.robustj.io.Json;
import org.robustj.io.Npy;
import org.robustj.model.Classifier;
import org.robustj.model.ModelCapability;
import org.robustj.model.graph.LayerGraph;
import org.robustj.model.graph.Linear;
import org.robustj.model.graph.Node;
import org.robustj.threat.Epsilon;

/**
 * Neural collapse (Papyan, Han &amp; Donoho 2020, arXiv 2008.08186) under attack (Su, Zhang, Tsilivis &amp; Kempe
 * 2024, arXiv 2311.07444), at every layer of the model's graph, on clean inputs and on adversarial inputs from
 * any robustj attack: NC1, NC2 (equinorm, equiangularity, distance to a simplex ETF), NC4 and the
 * nearest-class-centre accuracy at every layer; NC2 of the classifier rows and NC3 at the features feeding the
 * last linear layer; for adversarial inputs the clean-centre classifier's robust accuracy, the "leap" (wrongly
 * classified perturbed features landing nearest the clean centre of their adversarial class) and the angle and
 * distance between the clean and perturbed simplices. Formulas as in Su et al.'s {@code eval.py}: means and
 * covariances of a condition come from its own features (grouped by true label), NC1 with the full
 * pseudo-inverse of Σ_B (reported both divided by C, Papyan's, and not, the reference's), std with Bessel's
 * correction; the simplex comparison centres the means by their unweighted average. Two passes over the
 * points per condition (means, then spread), all layers at once, in batches.
 *
 * <p>Options: {@code layers} (comma-separated names; default every layer), {@code batch_size}. With
 * {@link DiagnosticRequest#artifacts()} set, the per-layer features are written as {@code LAYER.CONDITION.npy}
 * (n × d float32) with {@code labels.npy}, {@code predictions.CONDITION.npy}, {@code classifier_weight.npy} and
 * {@code features.json} naming them.
 */
public final class CollapseDiagnostic extends AbstractDiagnostic {
    /** Registry name. */
    public static final String NAME = "collapse";

    public CollapseDiagnostic() {
        super(NAME, "neural collapse (NC1-NC4, simplex ETF, nearest-centre accuracy, leap) at every layer, clean "
                + "and under attack", EnumSet.of(ModelCapability.LAYER_GRAPH), true,
                Map.of("layers", "comma-separated layer names (default: every layer of the graph)",
                        "batch_size", "points per forward pass (default: the attack's batch size)"));
    }

    @Override
    protected void validate(DiagnosticRequest r) {
        List<String> all = r.model().layers();
        for (String l : r.options().list("layers", all)) {
            if (!all.contains(l)) {
                throw new UnknownNameException("layer", l, all);
            }
        }
        r.options().integer("batch_size", 500, 1, 1 << 20);
        if (r.model().numClasses() < 2) {
            throw new org.robustj.errors.InvalidInputException("neural collapse needs at least 2 classes");
        }
    }

    @Override
    protected DiagnosticResult measure(DiagnosticRequest r) {
        DiagnosticResult.Builder b = DiagnosticResult.builder(this, r); // its clock times the whole measurement
        Classifier m = r.model();
        Dataset data = r.points();
        List<String> all = m.layers();
        List<String> layers = r.options().list("layers", all);
        int batch = r.options().integer("batch_size", r.attack().batchSize(), 1, 1 << 20);
        int classes = m.numClasses();
        LayerGraph graph = org.robustj.model.Capabilities.graph(m, "diagnose " + NAME, null);
        Classifier1 last = lastLinear(graph);
        DiagnosticListener l = r.listener();

        List<AdversarialInputs.AtEps> adv = AdversarialInputs.generate(m, data, r.attack(), l);
        List<String> conditions = new ArrayList<>();
        List<float[]> inputs = new ArrayList<>();
        conditions.add("clean");
        inputs.add(data.values(data.allIndices()));
        for (AdversarialInputs.AtEps a : adv) {
            conditions.add(adv.size() == 1 ? "adversarial" : "adversarial eps=" + Epsilon.format(a.eps()));
            inputs.add(a.inputs());
        }

        int[] y = data.labels();
        List<Map<String, ClassMeans.Means>> means = new ArrayList<>();
        List<int[]> predictions = new ArrayList<>();
        for (int c = 0; c < conditions.size(); c++) {
            int[] pred = new int[data.size()];
            means.add(meansPass(m, data, inputs.get(c), layers, batch, classes, pred, l, conditions.get(c)));
            predictions.add(pred);
        }
        List<Map<String, LayerMeasures>> measures = new ArrayList<>();
        for (int c = 0; c < conditions.size(); c++) {
            measures.add(spreadPass(m, data, inputs.get(c), layers, batch, means.get(c), means.get(0),
                    predictions.get(c), l, conditions.get(c)));
        }

        for (int c = 0; c < conditions.size(); c++) {
            b.number("accuracy." + key(conditions.get(c)), accuracy(predictions.get(c), y));
        }
        addSeries(b, layers, conditions, measures, means);
        String pen = last.input();
        if (pen != null && layers.contains(pen)) {
            for (int c = 0; c < conditions.size(); c++) {
                double[] w = NeuralCollapse.classifier(last.weight(), means.get(c).get(pen));
                String k = key(conditions.get(c));
                b.number("nc2_equinorm_w", w[0]);
                b.number("nc2_equiangularity_w", w[1]);
                b.number("nc3." + k, w[2]);
            }
        } else {
            b.note("NC3 and NC2 of the classifier need the features feeding the last linear layer"
                    + (pen == null ? ", which this graph does not have" : " (" + pen + "); add it to --option layers"));
        }
        String lastLayer = layers.get(layers.size() - 1);
        for (int c = 0; c < conditions.size(); c++) {
            String k = key(conditions.get(c));
            for (String[] where : pen != null && layers.contains(pen)
                    ? new String[][] {{"penultimate", pen}, {"last_layer", lastLayer}}
                    : new String[][] {{"last_layer", lastLayer}}) {
                LayerMeasures lm = measures.get(c).get(where[1]);
                b.number("nc1." + k + "." + where[0], lm.nc1());
                b.number("nc4." + k + "." + where[0], lm.nc4());
                b.number("ncc_accuracy." + k + "." + where[0], lm.cleanCentreAccuracy());
                if (c > 0) b.number("leap." + k + "." + where[0], lm.leap());
            }
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("layers", layers);
        details.put("penultimate", pen);
        details.put("conditions", conditions);
        details.put("nc1", "series nc1 is tr(Sw pinv(Sb)) / C (Papyan et al.); nc1_unnormalised is "
                + "tr(Sw pinv(Sb)) as Su et al.'s eval.py");
        Map<String, Object> perLayer = new LinkedHashMap<>();
        for (int c = 0; c < conditions.size(); c++) perLayer.put(conditions.get(c), measures.get(c));
        details.put("measures", perLayer);
        b.detail("collapse", details);
        for (AdversarialInputs.AtEps a : adv) {
            b.number("attack_success.eps=" + Epsilon.format(a.eps()), a.brokenFraction());
        }
        if (r.artifacts() != null) {
            saveFeatures(r.artifacts(), m, data, inputs, conditions, layers, batch, predictions, last, l);
        }
        return b.build();
    }

    /**
     * Neural collapse of one condition at the given layers, with its own class means as centres: the two
     * batched passes of {@link #run} for inputs {@code inputs} (n × sample size, the data set's order; null: the
     * clean inputs), without attacks. For features of a single condition and for timing.
     */
    public static Map<String, LayerMeasures> atLayers(Classifier m, Dataset data, float[] inputs, List<String> layers,
            int batch, DiagnosticListener l) {
        float[] x = inputs != null ? inputs : data.values(data.allIndices());
        int[] pred = new int[data.size()];
        Map<String, ClassMeans.Means> own = meansPass(m, data, x, layers, batch, m.numClasses(), pred, l, "clean");
        return spreadPass(m, data, x, layers, batch, own, own, pred, l, "clean");
    }

    private static String key(String condition) {
        return condition.replace(' ', '_');
    }

    private static void addSeries(DiagnosticResult.Builder b, List<String> layers, List<String> conditions,
            List<Map<String, LayerMeasures>> measures, List<Map<String, ClassMeans.Means>> means) {
        record Def(String name, String title, String description, boolean log, java.util.function.ToDoubleFunction<
                LayerMeasures> f, boolean adversarialOnly) {}
        List<Def> defs = List.of(
                new Def("nc1", "NC1: within-class variability", "tr(Σ_W Σ_B†)/C, Papyan et al.; 0 = collapse", true,
                        LayerMeasures::nc1, false),
                new Def("nc1_unnormalised", "NC1 as Su et al.'s eval.py", "tr(Σ_W Σ_B†), not divided by C", true,
                        LayerMeasures::nc1Unnormalised, false),
                new Def("nc2_equinorm", "NC2: equinorm of the class means", "std/mean of ||μ_c − μ_G||", false,
                        LayerMeasures::equinorm, false),
                new Def("nc2_equiangularity", "NC2: equiangularity of the class means",
                        "mean over c≠c' of |cos(μ̃_c, μ̃_c') + 1/(C−1)|", false, LayerMeasures::equiangularity, false),
                new Def("nc2_etf_distance", "NC2: distance to a simplex ETF",
                        "||G/||G||_F − (I − 11ᵀ/C)/√(C−1)||_F, G the Gram matrix of the centred means", false,
                        LayerMeasures::etfDistance, false),
                new Def("nc4", "NC4: disagreement with the nearest class centre",
                        "fraction of points whose nearest own class centre is not the network's prediction", false,
                        LayerMeasures::nc4, false),
                new Def("ncc_accuracy", "Nearest-clean-centre classifier accuracy",
                        "accuracy of argmin_c ||h − μ_c^clean|| (on adversarial features: its robust accuracy)", false,
                        LayerMeasures::cleanCentreAccuracy, false),
                new Def("leap", "Leap to the adversarial class's centre",
                        "among points the network gets wrong, fraction whose nearest clean centre is the wrong class",
                        false, LayerMeasures::leap, true));
        for (Def d : defs) {
            Series.Builder s = Series.builder(d.name(), d.title(), d.description(), "layer", layers).logScale(d.log());
            for (int c = 0; c < conditions.size(); c++) {
                if (d.adversarialOnly() && c == 0) continue;
                double[] v = new double[layers.size()];
                for (int i = 0; i < layers.size(); i++) v[i] = d.f().applyAsDouble(measures.get(c).get(layers.get(i)));
                s.condition(conditions.get(c), v);
            }
            b.series(s.build());
        }
        if (conditions.size() > 1) {
            Series.Builder angle = Series.builder("simplex_angle", "Angle between clean and perturbed class means",
                    "mean over classes of the angle (degrees) between μ_c^clean and μ_c^adv, each centred by the "
                            + "unweighted mean of its class means; small = aligned simplices", "layer", layers);
            Series.Builder dist = Series.builder("simplex_distance", "Distance between clean and perturbed class means",
                    "mean_c ||μ̃_c^clean − μ̃_c^adv|| / mean_c ||μ̃_c^clean|| (unweighted centring)", "layer", layers);
            for (int c = 1; c < conditions.size(); c++) {
                double[] a = new double[layers.size()];
                double[] r = new double[layers.size()];
                for (int i = 0; i < layers.size(); i++) {
                    double[][] cl = means.get(0).get(layers.get(i)).centredUnweighted();
                    double[][] ad = means.get(c).get(layers.get(i)).centredUnweighted();
                    a[i] = Geometry.meanAngleDegrees(cl, ad);
                    r[i] = Geometry.relativeDistance(cl, ad);
                }
                angle.condition(conditions.get(c), a);
                dist.condition(conditions.get(c), r);
            }
            b.series(angle.build());
            b.series(dist.build());
        }
    }

    /** The class means of every layer's features on {@code inputs}, and the network's predictions. */
    private static Map<String, ClassMeans.Means> meansPass(Classifier m, Dataset data, float[] inputs,
            List<String> layers, int batch, int classes, int[] pred, DiagnosticListener l, String condition) {
        Map<String, ClassMeans> acc = new LinkedHashMap<>();
        l.stageStarted("means " + condition, data.size(), "pt");
        int done = 0;
        for (int[] idx : Dataset.batches(data.allIndices(), batch)) {
            try (NDManager s = m.manager().newSubManager()) {
                NDArray x = batchOf(s, data, inputs, idx);
                int[] y = labels(data, idx);
                long[] p = m.logits(x).argMax(1).toType(DataType.INT64, false).toLongArray();
                for (int k = 0; k < idx.length; k++) pred[idx[k]] = (int) p[k];
                Map<String, NDArray> acts = m.activations(x, layers);
                for (String name : layers) {
                    NDArray h = flat(acts.get(name));
                    acc.computeIfAbsent(name, n -> new ClassMeans(classes, (int) h.getShape().get(1))).add(h, y);
                }
            }
            done += idx.length;
            l.progress(done);
        }
        l.stageFinished();
        Map<String, ClassMeans.Means> out = new LinkedHashMap<>();
        acc.forEach((k, v) -> out.put(k, v.finish()));
        return out;
    }

    private static Map<String, LayerMeasures> spreadPass(Classifier m, Dataset data, float[] inputs,
            List<String> layers, int batch, Map<String, ClassMeans.Means> own, Map<String, ClassMeans.Means> clean,
            int[] pred, DiagnosticListener l, String condition) {
        Map<String, Spread> acc = new LinkedHashMap<>();
        for (String name : layers) acc.put(name, new Spread(own.get(name), clean.get(name)));
        l.stageStarted("spread " + condition, data.size(), "pt");
        int done = 0;
        for (int[] idx : Dataset.batches(data.allIndices(), batch)) {
            try (NDManager s = m.manager().newSubManager()) {
                NDArray x = batchOf(s, data, inputs, idx);
                int[] y = labels(data, idx);
                int[] p = new int[idx.length];
                for (int k = 0; k < idx.length; k++) p[k] = pred[idx[k]];
                Map<String, NDArray> acts = m.activations(x, layers);
                for (String name : layers) acc.get(name).add(flat(acts.get(name)), y, p);
            }
            done += idx.length;
            l.progress(done);
        }
        l.stageFinished();
        Map<String, LayerMeasures> out = new LinkedHashMap<>();
        for (String name : layers) out.put(name, LayerMeasures.of(own.get(name), acc.get(name).finish()));
        return out;
    }

    private static NDArray flat(NDArray a) {
        return a.reshape(a.getShape().get(0), -1);
    }

    private static NDArray batchOf(NDManager s, Dataset data, float[] inputs, int[] idx) {
        int d = (int) data.sampleShape().size();
        float[] v = new float[idx.length * d];
        for (int k = 0; k < idx.length; k++) System.arraycopy(inputs, idx[k] * d, v, k * d, d);
        return s.create(v, data.batchShape(idx.length));
    }

    private static int[] labels(Dataset data, int[] idx) {
        int[] y = new int[idx.length];
        for (int k = 0; k < idx.length; k++) y[k] = data.label(idx[k]);
        return y;
    }

    private static double accuracy(int[] pred, int[] y) {
        int c = 0;
        for (int i = 0; i < y.length; i++) if (pred[i] == y[i]) c++;
        return c / (double) y.length;
    }

    /** The last linear layer: its weights (C × d) and the name of the node feeding it (null: the input). */
    private record Classifier1(double[][] weight, String input) {}

    private static Classifier1 lastLinear(LayerGraph g) {
        Node found = null;
        for (Node n : g.nodes()) {
            if (n.op() instanceof Linear) found = n;
        }
        if (found == null) {
            return new Classifier1(null, null);
        }
        NDArray w = ((Linear) found.op()).weight();
        long[] sh = w.getShape().getShape();
        float[] f = w.toType(DataType.FLOAT32, false).toFloatArray();
        double[][] rows = new double[(int) sh[0]][(int) sh[1]];
        for (int c = 0; c < sh[0]; c++) {
            for (int j = 0; j < sh[1]; j++) rows[c][j] = f[(int) (c * sh[1] + j)];
        }
        String in = found.inputs().get(0);
        return new Classifier1(rows, LayerGraph.INPUT.equals(in) ? null : in);
    }

    private static void saveFeatures(Path dir, Classifier m, Dataset data, List<float[]> inputs,
            List<String> conditions, List<String> layers, int batch, List<int[]> predictions, Classifier1 last,
            DiagnosticListener l) {
        try {
            Files.createDirectories(dir);
            int n = data.size();
            float[] lab = new float[n];
            for (int i = 0; i < n; i++) lab[i] = data.label(i);
            Npy.writeFloats(dir.resolve("labels.npy"), lab, new long[] {n});
            Map<String, Object> index = new LinkedHashMap<>();
            Map<String, Map<String, String>> files = new LinkedHashMap<>();
            for (int c = 0; c < conditions.size(); c++) {
                String k = key(conditions.get(c));
                float[] p = new float[n];
                for (int i = 0; i < n; i++) p[i] = predictions.get(c)[i];
                Npy.writeFloats(dir.resolve("predictions." + k + ".npy"), p, new long[] {n});
                for (String name : layers) {
                    l.stageStarted("save " + name + " " + conditions.get(c), n, "pt");
                    List<float[]> parts = new ArrayList<>();
                    long d = 0;
                    int done = 0;
                    for (int[] idx : Dataset.batches(data.allIndices(), batch)) {
                        try (NDManager s = m.manager().newSubManager()) {
                            NDArray h = flat(m.activations(batchOf(s, data, inputs.get(c), idx), List.of(name)).get(name));
                            d = h.getShape().get(1);
                            parts.add(h.toType(DataType.FLOAT32, false).toFloatArray());
                        }
                        done += idx.length;
                        l.progress(done);
                    }
                    l.stageFinished();
                    float[] all = new float[(int) (n * d)];
                    int off = 0;
                    for (float[] part : parts) {
                        System.arraycopy(part, 0, all, off, part.length);
                        off += part.length;
                    }
                    String file = name + "." + k + ".npy";
                    Npy.writeFloats(dir.resolve(file), all, new long[] {n, d});
                    files.computeIfAbsent(name, x -> new LinkedHashMap<>()).put(conditions.get(c), file);
                }
            }
            if (last.weight() != null) {
                double[][] w = last.weight();
                float[] f = new float[w.length * w[0].length];
                for (int c = 0; c < w.length; c++) {
                    for (int j = 0; j < w[c].length; j++) f[c * w[0].length + j] = (float) w[c][j];
                }
                Npy.writeFloats(dir.resolve("classifier_weight.npy"), f, new long[] {w.length, w[0].length});
            }
            index.put("classes", m.numClasses());
            index.put("layers", layers);
            index.put("penultimate", last.input());
            index.put("conditions", conditions);
            index.put("features", files);
            index.put("labels", "labels.npy");
            index.put("classifier_weight", last.weight() == null ? null : "classifier_weight.npy");
            Json.write(dir.resolve("features.json"), index);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write features to " + dir + ": " + e.getMessage(), e);
        }
    }

}
