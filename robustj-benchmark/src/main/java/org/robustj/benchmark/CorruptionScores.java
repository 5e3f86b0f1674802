package org.robustj.benchmark;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The results of a common-corruptions entry: accuracy (percent) of every corruption at every severity, the means
 * per corruption and per severity, each corruption's error relative to the baseline model (CE, Hendrycks and
 * Dietterich's definition: the sum over severities of the model's error divided by the baseline's, percent) and
 * the baseline's own accuracies, so that the mCE can be recomputed from the entry alone.
 *
 * @param suite the corruption suite ({@code cifar10}, {@code mnist})
 * @param generatorVersion {@link org.robustj.benchmark.corruption.Corruptions#GENERATOR_VERSION} of the images
 * @param seed the root seed the images were drawn with
 * @param severities the severities evaluated, in the order of every list below
 * @param accuracy corruption name to accuracy per severity, percent, in the suite's order
 * @param meanByCorruption corruption name to its mean accuracy over the severities, percent
 * @param meanBySeverity mean accuracy over the corruptions at each severity, percent
 * @param ce corruption name to its corruption error relative to the baseline, percent (absent when the baseline made
 *     no error on it)
 * @param baseline the baseline model reference the CE and mCE are relative to
 * @param baselineSha256 its SHA-256
 * @param baselineClean its clean accuracy, percent
 * @param baselineAccuracy its accuracy per corruption and severity, percent
 * @param examplePoint the data-set index of the point the report shows for every corruption
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CorruptionScores(String suite, int generatorVersion, long seed, List<Integer> severities,
        Map<String, List<Double>> accuracy, Map<String, Double> meanByCorruption, List<Double> meanBySeverity,
        Map<String, Double> ce, String baseline, String baselineSha256, Double baselineClean,
        Map<String, List<Double>> baselineAccuracy, Integer examplePoint) {

    /**
     * The scores of per-cell accuracies (fractions) of a model and its baseline.
     *
     * @return the scores; {@link #mce()} and {@link #meanAccuracy()} follow from them
     */
    public static CorruptionScores of(String suite, int generatorVersion, long seed, List<Integer> severities,
            Map<String, double[]> model, Map<String, double[]> base, String baseline, String baselineSha256,
            double baselineClean, Integer examplePoint) {
        Map<String, List<Double>> acc = new LinkedHashMap<>();
        Map<String, List<Double>> bacc = new LinkedHashMap<>();
        Map<String, Double> byC = new LinkedHashMap<>();
        Map<String, Double> ce = new LinkedHashMap<>();
        double[] bySev = new double[severities.size()];
        for (Map.Entry<String, double[]> e : model.entrySet()) {
            double[] a = e.getValue(), b = base.get(e.getKey());
            List<Double> l = new java.util.ArrayList<>(), bl = new java.util.ArrayList<>();
            double mean = 0, errModel = 0, errBase = 0;
            for (int s = 0; s < a.length; s++) {
                l.add(Entry.percent(a[s]));
                bl.add(Entry.percent(b[s]));
                mean += a[s] / a.length;
                bySev[s] += a[s] / model.size();
                errModel += 1 - a[s];
                errBase += 1 - b[s];
            }
            acc.put(e.getKey(), l);
            bacc.put(e.getKey(), bl);
            byC.put(e.getKey(), Entry.percent(mean));
            if (errBase > 0) {
                ce.put(e.getKey(), Entry.percent(errModel / errBase));
            }
        }
        List<Double> sev = new java.util.ArrayList<>();
        for (double v : bySev) sev.add(Entry.percent(v));
        return new CorruptionScores(suite, generatorVersion, seed, List.copyOf(severities), acc, byC, sev, ce, baseline,
                baselineSha256, Entry.percent(baselineClean), bacc, examplePoint);
    }

    /** Mean accuracy over every (corruption, severity) cell, percent (RobustBench's {@code corruptions_acc}). */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public double meanAccuracy() {
        double s = 0;
        int n = 0;
        for (List<Double> l : accuracy.values()) {
            for (double v : l) {
                s += v;
                n++;
            }
        }
        return n == 0 ? 0 : Entry.percent(s / n / 100);
    }

    /** The mean corruption error over the corruptions, percent; null when a corruption has no CE. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public Double mce() {
        if (ce == null || ce.size() != accuracy.size() || ce.isEmpty()) {
            return null;
        }
        double s = 0;
        for (double v : ce.values()) s += v;
        return Entry.percent(s / ce.size() / 100);
    }
}
