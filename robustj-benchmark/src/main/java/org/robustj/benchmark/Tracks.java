package org.robustj.benchmark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.robustj.errors.UnknownNameException;
import org.robustj.threat.Norm;

/**
 * The registry of benchmark tracks. Each uses the test split, its first {@link #DEFAULT_POINTS} points and
 * AutoAttack {@code standard} (apgd-ce, apgd-t, fab-t, square). The ε values are the usual ones:
 * RobustBench's CIFAR-10 leaderboards (L∞ 8/255, L2 0.5; REFERENCES.md 3.1), Madry et al.'s MNIST L∞ 0.3,
 * the AutoAttack paper's MNIST L2 2.0, and Fashion-MNIST L∞ 0.1.
 *
 * <p>Sparse tracks ({@code mnist-l0-10}, {@code cifar10-l0-10}, {@code cifar10-patch-5x5},
 * {@code cifar10-frame-1}) use the sparse threat models and the ensemble version {@code sparse} (Sparse-RS):
 * ε counts pixels, the pixels of one square patch, or a border width.
 *
 * <p>Why 1000 points and not RobustBench's 10000: AutoAttack standard on 10000 CIFAR-10 points takes hours
 * on a CPU, while 1000 points give a standard error of at most 1.6 percentage points and run in minutes
 * on MNIST. An entry made with {@code --n} below the track's points is flagged {@code fewer_points}. To add
 * a track, add one line to the static block.
 *
 * <p>Certified tracks ({@code mnist-linf-0.1-certified}, {@code mnist-linf-0.3-certified}) add a certificate
 * of every point after the attacks (IBP by default, any registered method on request), and rank by certified
 * accuracy, the figure no attack can lower: certified ≤ AutoAttack ≤ clean, checked point by point.
 */
public final class Tracks {
    /** Points per track (the first N of the test split). */
    public static final int DEFAULT_POINTS = 1000;

    private static final Map<String, Track> TRACKS = new LinkedHashMap<>();

    static {
        add("mnist-linf-0.3", "mnist", Norm.LINF, 0.3, "0.3", "MNIST, L∞, ε = 0.3");
        add("mnist-l2-2.0", "mnist", Norm.L2, 2.0, "2.0", "MNIST, L2, ε = 2.0");
        add("fashion-mnist-linf-0.1", "fashion-mnist", Norm.LINF, 0.1, "0.1", "Fashion-MNIST, L∞, ε = 0.1");
        add("cifar10-linf-8/255", "cifar10", Norm.LINF, 8 / 255.0, "8/255", "CIFAR-10, L∞, ε = 8/255");
        add("cifar10-l2-0.5", "cifar10", Norm.L2, 0.5, "0.5", "CIFAR-10, L2, ε = 0.5");
        // sparse tracks: Sparse-RS (version sparse, 5000 queries), eps in pixels / patch pixels / frame width
        sparse("mnist-l0-10", "mnist", Norm.L0, 10, "10 px", "MNIST, L0, k = 10 pixels");
        sparse("cifar10-l0-10", "cifar10", Norm.L0, 10, "10 px", "CIFAR-10, L0, k = 10 pixels");
        sparse("cifar10-patch-5x5", "cifar10", Norm.PATCH, 25, "5×5", "CIFAR-10, one 5×5 patch");
        sparse("cifar10-frame-1", "cifar10", Norm.FRAME, 1, "1 px", "CIFAR-10, frame 1 pixel wide");
        // certified tracks: the same ensemble, then a certificate of every point; ranked by certified accuracy
        // (the ε of the IBP papers' MNIST models, Gowal et al. 2018 and Zhang et al. 2020)
        certified("mnist-linf-0.1-certified", "mnist", Norm.LINF, 0.1, "0.1", "MNIST, L∞, ε = 0.1, certified", "ibp");
        certified("mnist-linf-0.3-certified", "mnist", Norm.LINF, 0.3, "0.3", "MNIST, L∞, ε = 0.3, certified", "ibp");
    }

    private Tracks() {}

    private static void add(String id, String dataset, Norm norm, double eps, String label, String title) {
        TRACKS.put(id, new Track(id, dataset, "test", DEFAULT_POINTS, norm, eps, label, "standard", title));
    }

    private static void sparse(String id, String dataset, Norm norm, double eps, String label, String title) {
        TRACKS.put(id, new Track(id, dataset, "test", DEFAULT_POINTS, norm, eps, label, "sparse", title));
    }

    private static void certified(String id, String dataset, Norm norm, double eps, String label, String title,
            String method) {
        TRACKS.put(id, new Track(id, dataset, "test", DEFAULT_POINTS, norm, eps, label, "standard", title, method));
    }

    /** Every track, in the order of the leaderboard page. */
    public static List<Track> all() {
        return new ArrayList<>(TRACKS.values());
    }

    /** Track ids. */
    public static List<String> ids() {
        return new ArrayList<>(TRACKS.keySet());
    }

    /** The track named {@code id} or its file name ({@code cifar10-linf-8_255}); unknown names throw. */
    public static Track get(String id) {
        Track t = find(id);
        if (t == null) {
            throw new UnknownNameException("track", id, TRACKS.keySet());
        }
        return t;
    }

    /** The track named {@code id} or its file name, or null. */
    public static Track find(String id) {
        if (id == null) {
            return null;
        }
        Track t = TRACKS.get(id);
        if (t != null) {
            return t;
        }
        for (Track c : TRACKS.values()) {
            if (c.fileName().equals(id)) {
                return c;
            }
        }
        return null;
    }
}
