package org.robustj.eval;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.robustj.provenance.Provenance;

/**
 * The JSON record of one evaluation run, written by {@code robustj evaluate --out}: configuration with
 * seeds, model and data identity, clean metrics, robust accuracy (overall, after each attack, per point),
 * warnings and provenance. Plain Java data only, so reports and leaderboards can read it without tensors.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunRecord(
        int schemaVersion,
        String kind,
        JsonNode config,
        ModelInfo model,
        DataInfo dataset,
        double cleanAccuracy,
        List<Double> perClassAccuracy,
        double ece,
        Double robustAccuracy,
        List<Double> epsilons,
        List<Double> robustAccuracyByEps,
        List<AttackSummary> attacks,
        List<PointRecord> points,
        List<Warning> warnings,
        boolean complete,
        double seconds,
        Provenance provenance,
        Certification certification) {

    /** A record without certification (the shape of every record before certification existed). */
    public RunRecord(int schemaVersion, String kind, JsonNode config, ModelInfo model, DataInfo dataset,
            double cleanAccuracy, List<Double> perClassAccuracy, double ece, Double robustAccuracy,
            List<Double> epsilons, List<Double> robustAccuracyByEps, List<AttackSummary> attacks,
            List<PointRecord> points, List<Warning> warnings, boolean complete, double seconds,
            Provenance provenance) {
        this(schemaVersion, kind, config, model, dataset, cleanAccuracy, perClassAccuracy, ece, robustAccuracy,
                epsilons, robustAccuracyByEps, attacks, points, warnings, complete, seconds, provenance, null);
    }

    /** The same record with a certification section (from {@code evaluate --certify}). */
    public RunRecord withCertification(Certification c, List<PointRecord> newPoints, List<Warning> newWarnings) {
        return new RunRecord(schemaVersion, kind, config, model, dataset, cleanAccuracy, perClassAccuracy, ece,
                robustAccuracy, epsilons, robustAccuracyByEps, attacks, newPoints, newWarnings, complete, seconds,
                provenance, c);
    }

    /** Current schema version of run records. */
    public static final int SCHEMA = 1;

    /** Which model was evaluated. */
    public record ModelInfo(String source, String name, String architecture, String sha256, int numClasses) {}

    /**
     * Which data: name, split, number of points in this record, how points were chosen, and the files' hashes
     * (in provenance); {@code total} is the size of the evaluated data set when this record covers only some of
     * its points (a partial record, {@code evaluate --points}), else absent.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DataInfo(String name, String split, int n, String selection, Integer total) {
        /** Data of a record that covers every point of the evaluated data set. */
        public DataInfo(String name, String split, int n, String selection) {
            this(name, split, n, selection, null);
        }

        /** The size of the evaluated data set (this record's points are all of it unless it is partial). */
        @com.fasterxml.jackson.annotation.JsonIgnore
        public int dataSetSize() {
            return total == null ? n : total;
        }

        /**
         * Data of a record holding the points {@code pts} (increasing) of a data set of {@code total} points:
         * "first N" when it holds them all, else the ranges it holds (partial runs of evaluate, certify and
         * benchmark, and their merges).
         */
        public static DataInfo of(String name, String split, int[] pts, int total) {
            if (pts.length == total) {
                return new DataInfo(name, split, total, "first " + total);
            }
            return new DataInfo(name, split, pts.length, "first " + total + ", points " + ranges(pts), total);
        }

        /** Increasing indices as half-open ranges, e.g. {@code 0:100,300:400}. */
        public static String ranges(int[] pts) {
            StringBuilder sb = new StringBuilder();
            int k = 0;
            while (k < pts.length) {
                int j = k;
                while (j + 1 < pts.length && pts[j + 1] == pts[j] + 1) j++;
                if (sb.length() > 0) sb.append(',');
                sb.append(pts[k]).append(':').append(pts[j] + 1);
                k = j + 1;
            }
            return sb.toString();
        }
    }

    /**
     * One attack of the ensemble: robust accuracy after it (cumulative), time, model calls, settings; for attacks
     * that count queries per point (query-based attacks such as Sparse-RS) the mean and median queries over the
     * points it broke, as the query-attack papers report them (null otherwise, or when it broke none); for runs
     * that record predictive entropy (randomized models, {@code low-entropy}) the entropy of the points it broke
     * and an entropy detector's AUROC against the clean points ({@link EntropyDetection}; null otherwise, when it
     * broke none, and at the ε other than the headline one in merged records, whose points keep the entropies
     * of the headline ε only). {@code brokenQueries} keeps the queries of each point it broke, ascending, so that
     * the mean and median of records merged from partial runs are exactly those of the whole run (null where there
     * are no query statistics).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AttackSummary(String name, double eps, double robustAccuracyAfter, int broken, double seconds,
            long modelCalls, JsonNode config, Long seed, Double meanQueries, Double medianQueries,
            EntropyDetection.Summary entropy, List<Long> brokenQueries) {

        /** A summary without the per-point queries behind its query statistics (records written before them). */
        public AttackSummary(String name, double eps, double robustAccuracyAfter, int broken, double seconds,
                long modelCalls, JsonNode config, Long seed, Double meanQueries, Double medianQueries,
                EntropyDetection.Summary entropy) {
            this(name, eps, robustAccuracyAfter, broken, seconds, modelCalls, config, seed, meanQueries,
                    medianQueries, entropy, null);
        }

        /**
         * A summary whose query statistics are the mean and median of {@code queries}, the queries of each point
         * the attack broke, in any order (none, or null: no query statistics).
         */
        public static AttackSummary withQueryCounts(String name, double eps, double robustAccuracyAfter, int broken,
                double seconds, long modelCalls, JsonNode config, Long seed, List<Long> queries,
                EntropyDetection.Summary entropy) {
            if (queries == null || queries.isEmpty()) {
                return new AttackSummary(name, eps, robustAccuracyAfter, broken, seconds, modelCalls, config, seed,
                        null, null, entropy, null);
            }
            long[] q = queries.stream().mapToLong(Long::longValue).sorted().toArray();
            double mean = java.util.Arrays.stream(q).average().orElse(0);
            double median = q.length % 2 == 1 ? q[q.length / 2] : 0.5 * (q[q.length / 2 - 1] + q[q.length / 2]);
            return new AttackSummary(name, eps, robustAccuracyAfter, broken, seconds, modelCalls, config, seed, mean,
                    median, entropy, java.util.Arrays.stream(q).boxed().toList());
        }

        /** The same summary with {@code e} as its entropy detection (null: none). */
        public AttackSummary withEntropy(EntropyDetection.Summary e) {
            return new AttackSummary(name, eps, robustAccuracyAfter, broken, seconds, modelCalls, config, seed,
                    meanQueries, medianQueries, e, brokenQueries);
        }

        /** A summary without entropy statistics. */
        public AttackSummary(String name, double eps, double robustAccuracyAfter, int broken, double seconds,
                long modelCalls, JsonNode config, Long seed, Double meanQueries, Double medianQueries) {
            this(name, eps, robustAccuracyAfter, broken, seconds, modelCalls, config, seed, meanQueries,
                    medianQueries, null);
        }

        /** A summary without query statistics. */
        public AttackSummary(String name, double eps, double robustAccuracyAfter, int broken, double seconds,
                long modelCalls, JsonNode config, Long seed) {
            this(name, eps, robustAccuracyAfter, broken, seconds, modelCalls, config, seed, null, null, null);
        }
    }

    /**
     * One point: its data-set index, label, outcome at the headline ε and the attack that broke it;
     * {@code perturbationNorm} in the threat model's own unit (Lp norm; sparse threat models: pixels changed,
     * patch side, frame width); {@code certified} (at the headline ε) when the run also certified it
     * ({@code evaluate --certify}); the clean {@code confidence} (the ECE's input) and, for runs at several ε, the
     * outcome at each other ε ({@code otherEps}, in the order of {@link #epsilons()} without the first), so that
     * partial records merge into exactly the full one (both absent in records written before partial results
     * existed); {@code queries}, the model queries the attacks' searches spent on the point at the headline ε
     * (black-box budgets are per point and this is what they bound; the one verification query per attack is not
     * a search query; null when an attack did not count per point); {@code entropy}, the predictive entropy
     * H[p̄] (nats) of the adversarial input of a broken point, which an uncertainty-based detector thresholds
     * (recorded for randomized models and runs of the {@code low-entropy} attack; null otherwise);
     * {@code cleanEntropy}, the same of its clean input when the model classifies it correctly (the detector's
     * reference sample, kept per point so that merged records recompute the detector's AUROC exactly).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PointRecord(int index, int label, boolean cleanCorrect, boolean robust, String brokenBy,
            Float perturbationNorm, Float minimalNorm, Integer adversarialLabel, Boolean certified, Float confidence,
            List<EpsOutcome> otherEps, Long queries, Float entropy, Float cleanEntropy) {

        /** A point without a clean entropy. */
        public PointRecord(int index, int label, boolean cleanCorrect, boolean robust, String brokenBy,
                Float perturbationNorm, Float minimalNorm, Integer adversarialLabel, Boolean certified, Float confidence,
                List<EpsOutcome> otherEps, Long queries, Float entropy) {
            this(index, label, cleanCorrect, robust, brokenBy, perturbationNorm, minimalNorm, adversarialLabel,
                    certified, confidence, otherEps, queries, entropy, null);
        }

        /** A point without an entropy. */
        public PointRecord(int index, int label, boolean cleanCorrect, boolean robust, String brokenBy,
                Float perturbationNorm, Float minimalNorm, Integer adversarialLabel, Boolean certified, Float confidence,
                List<EpsOutcome> otherEps, Long queries) {
            this(index, label, cleanCorrect, robust, brokenBy, perturbationNorm, minimalNorm, adversarialLabel,
                    certified, confidence, otherEps, queries, null);
        }

        /** A point of a run without certification. */
        public PointRecord(int index, int label, boolean cleanCorrect, boolean robust, String brokenBy,
                Float perturbationNorm, Float minimalNorm, Integer adversarialLabel) {
            this(index, label, cleanCorrect, robust, brokenBy, perturbationNorm, minimalNorm, adversarialLabel, null,
                    null, null, null);
        }

        /** A point, certified or not, without confidence, other ε and query count. */
        public PointRecord(int index, int label, boolean cleanCorrect, boolean robust, String brokenBy,
                Float perturbationNorm, Float minimalNorm, Integer adversarialLabel, Boolean certified) {
            this(index, label, cleanCorrect, robust, brokenBy, perturbationNorm, minimalNorm, adversarialLabel,
                    certified, null, null, null);
        }

        /** A point without a query count. */
        public PointRecord(int index, int label, boolean cleanCorrect, boolean robust, String brokenBy,
                Float perturbationNorm, Float minimalNorm, Integer adversarialLabel, Boolean certified, Float confidence,
                List<EpsOutcome> otherEps) {
            this(index, label, cleanCorrect, robust, brokenBy, perturbationNorm, minimalNorm, adversarialLabel,
                    certified, confidence, otherEps, null);
        }

        /** The same point, certified or not. */
        public PointRecord withCertified(Boolean c) {
            return new PointRecord(index, label, cleanCorrect, robust, brokenBy, perturbationNorm, minimalNorm,
                    adversarialLabel, c, confidence, otherEps, queries, entropy, cleanEntropy);
        }

        /** The same point with the model queries the attacks' searches spent on it (null: not counted). */
        public PointRecord withQueries(Long q) {
            return new PointRecord(index, label, cleanCorrect, robust, brokenBy, perturbationNorm, minimalNorm,
                    adversarialLabel, certified, confidence, otherEps, q, entropy, cleanEntropy);
        }

        /** The same point with the predictive entropy of its adversarial input (null: not recorded). */
        public PointRecord withEntropy(Float h) {
            return new PointRecord(index, label, cleanCorrect, robust, brokenBy, perturbationNorm, minimalNorm,
                    adversarialLabel, certified, confidence, otherEps, queries, h, cleanEntropy);
        }

        /** The same point with the predictive entropy of its clean input (null: not recorded). */
        public PointRecord withCleanEntropy(Float h) {
            return new PointRecord(index, label, cleanCorrect, robust, brokenBy, perturbationNorm, minimalNorm,
                    adversarialLabel, certified, confidence, otherEps, queries, entropy, h);
        }
    }

    /** A point's outcome at one ε other than the headline one. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EpsOutcome(boolean robust, String brokenBy, Float perturbationNorm, Float minimalNorm,
            Integer adversarialLabel) {}

    /**
     * What a certification proved (written by {@code robustj certify}, and by {@code evaluate --certify}
     * next to the attack results): the method and its settings, certified accuracy at each radius, the
     * abstain rate (smoothing) and one entry per point.
     *
     * @param method registered name: {@code smoothing}, {@code ibp}, {@code crown}, {@code crown-ibp}
     * @param norm the norm of the radii ({@code l2} for smoothing)
     * @param config the method's settings (sigma, n0, samples, alpha, batch size, seed)
     * @param certifiesModel whether the certificates are about the model itself (bounds) rather than the
     *     smoothed classifier
     * @param radii the radii (ε) at which certified accuracy is reported
     * @param certifiedAccuracy certified accuracy at each radius
     * @param abstainRate the fraction of points where smoothing abstained (null for bound methods)
     * @param predictionAccuracy the certified classifier's accuracy (for smoothing, the smoothed classifier's)
     * @param points one entry per point, in data-set order
     * @param seconds time spent certifying
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Certification(String method, String norm, JsonNode config, boolean certifiesModel,
            List<Double> radii, List<Double> certifiedAccuracy, Double abstainRate, double predictionAccuracy,
            List<CertifiedPoint> points, double seconds, Map<String, List<Double>> figures) {
        /** A section without method figures. */
        public Certification(String method, String norm, JsonNode config, boolean certifiesModel, List<Double> radii,
                List<Double> certifiedAccuracy, Double abstainRate, double predictionAccuracy,
                List<CertifiedPoint> points, double seconds) {
            this(method, norm, config, certifiesModel, radii, certifiedAccuracy, abstainRate, predictionAccuracy,
                    points, seconds, null);
        }
    }

    /**
     * One certified point: {@code prediction} is −1 when smoothing abstains; {@code radius} is smoothing's
     * certified L2 radius (for bounds, the largest ε verified); {@code marginLowerBounds} (per ε, per class:
     * the lower bound of z_y − z_j) and {@code verified} (per ε) come from bound methods. {@code cleanCorrect}
     * and {@code confidence} are the model's clean pass on the point, and {@code figures} the method's figures
     * about the model at the point (per ε), so that partial certification records merge ({@code robustj merge}).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CertifiedPoint(int index, int label, int prediction, Double radius,
            List<double[]> marginLowerBounds, List<Boolean> verified, List<Boolean> certified, double seconds,
            Boolean cleanCorrect, Float confidence, Map<String, List<Double>> figures) {
        /** A point without the clean pass's outcome and the method's figures (records before partial runs). */
        public CertifiedPoint(int index, int label, int prediction, Double radius, List<double[]> marginLowerBounds,
                List<Boolean> verified, List<Boolean> certified, double seconds) {
            this(index, label, prediction, radius, marginLowerBounds, verified, certified, seconds, null, null, null);
        }
    }

    /** A sanity-check warning with a link to its explanation. */
    public record Warning(String check, String message, String doc) {}
}
