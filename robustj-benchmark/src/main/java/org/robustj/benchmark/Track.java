package org.robustj.benchmark;

import org.robustj.threat.Norm;

/**
 * A benchmark track: what every entry on one leaderboard is measured on. It fixes the data set and split,
 * the first-N points (no shuffling, as RobustBench's {@code _load_dataset}), the threat model (norm, ε,
 * box [0, 1]) and the AutoAttack version. Two entries of the same track are comparable.
 *
 * @param id the track's name, for example {@code cifar10-linf-8/255}
 * @param dataset data set name as {@code org.robustj.data.Datasets} knows it
 * @param split {@code test}
 * @param points how many points (the first N of the split) a standard entry uses
 * @param norm the threat model's norm
 * @param eps the budget
 * @param epsLabel the budget as people write it ({@code 8/255}, {@code 0.3})
 * @param version the AutoAttack version ({@code standard})
 * @param title a short human title for the leaderboard page
 * @param certify on a certified track, the certification method an entry runs by default after the attacks
 *     ({@code ibp}, {@code crown}, ...; an entry may use another and says which); null on attack-only tracks
 * @param corruptions on a common-corruptions track, the corruption suite
 *     ({@link org.robustj.benchmark.corruption.Corruptions}); null elsewhere (then there is no norm, ε or
 *     ensemble: {@code norm} is null)
 * @param baseline on a corruption track, the model the mCE is relative to ({@code zoo:NAME})
 */
public record Track(String id, String dataset, String split, int points, Norm norm, double eps, String epsLabel,
        String version, String title, String certify, String corruptions, String baseline) {

    /** An attack track, certified or not. */
    public Track(String id, String dataset, String split, int points, Norm norm, double eps, String epsLabel,
            String version, String title, String certify) {
        this(id, dataset, split, points, norm, eps, epsLabel, version, title, certify, null, null);
    }

    /** A common-corruptions track of {@code suite}, mCE relative to {@code baseline}. */
    public static Track corruptionTrack(String id, String dataset, int points, String suite, String baseline,
            String title) {
        return new Track(id, dataset, "test", points, null, Double.NaN, "–", "corruptions", title, null, suite,
                baseline);
    }

    /** Whether this is a common-corruptions track (no attacks: accuracy under corruptions, mCE). */
    public boolean corruption() {
        return corruptions != null;
    }

    /** An attack-only track. */
    public Track(String id, String dataset, String split, int points, Norm norm, double eps, String epsLabel,
            String version, String title) {
        this(id, dataset, split, points, norm, eps, epsLabel, version, title, null);
    }

    /** Whether entries of this track are certified too (a certified column, ranked by it). */
    public boolean certified() {
        return certify != null;
    }

    /** A name safe for files and URLs: {@code cifar10-linf-8/255} becomes {@code cifar10-linf-8_255}. */
    public String fileName() {
        return safe(id);
    }

    /** The threat model as RobustBench writes it: {@code Linf}, {@code L2}, {@code L1}, {@code corruptions}. */
    public String threatModel() {
        if (corruption()) {
            return "corruptions";
        }
        return threatModel(norm);
    }

    /** RobustBench's spelling of a norm ({@code Linf}, {@code L2}, {@code L0}); patches and frames by name. */
    public static String threatModel(Norm norm) {
        if (norm == Norm.PATCH || norm == Norm.FRAME) {
            return norm.id();
        }
        return "L" + norm.id().substring(1);
    }

    /** Replaces every character outside {@code [A-Za-z0-9._-]} by {@code _}. */
    public static String safe(String s) {
        String t = s.replaceAll("[^A-Za-z0-9._-]", "_");
        return t.startsWith(".") ? "_" + t.substring(1) : t;
    }
}
