package org.robustj.diagnose.ntk;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.robustj.data.Dataset;
import org.robustj.diagnose.training.ProbeOptions;
import org.robustj.errors.InvalidInputException;
import org.robustj.io.Json;
import org.robustj.model.Classifier;
import org.robustj.train.ProbePoint;
import org.robustj.train.ProbeProvider;
import org.robustj.train.TrainConfig;
import org.robustj.train.TrainingProbe;

/**
 * The NTK monitor of a training run (probe {@code ntk}): every {@code every} steps, the empirical NTK of the model
 * on a fixed batch of training points (the first {@code points}; Tsilivis &amp; Kempe's {@code
 * robust_train_CNN.py} keeps a fixed batch of 250 and saves its kernel every epoch), and how far it has moved
 * ({@link KernelDynamics}): the kernel distance 1 − s(K_t, K₀) to the first kernel and to the previous one, the
 * relative change ‖K_t − K₀‖_F / ‖K₀‖_F, the top-k eigen-mass Σ_{i≤k} λ_i² / Σ λ_i², the trace, and the kernel
 * itself (upper triangle, field {@code kernel}), so that the distance between any two checkpoints (the paper's
 * epoch × epoch heat map, {@link KernelDynamics#distanceMatrix}) can be computed afterwards. In the lazy regime
 * the distance to the initial kernel stays near 0; adversarial training, the paper finds, makes the kernel lazy
 * earlier and concentrates its mass in the top eigenspace.
 *
 * <p>Options (config field {@code probes.ntk}; CLI {@code train --probe ntk:every=K,...}): {@code every}
 * (required), {@code points} (50), {@code kernel} ({@code trace}: Σ_c ∇f_c·∇f_c, one row per point; {@code full}:
 * K rows per point), {@code top} (k of the top-k mass, 20). The kernel has at most 1,000 rows. A resumed run
 * restores the first and the previous kernel from the checkpoint's measurements
 * ({@link TrainingProbe#restore}).
 */
public final class NtkProbe implements TrainingProbe {
    /** The option names. */
    public static final List<String> OPTIONS = List.of("every", "points", "kernel", "top");

    /** Most kernel rows the probe computes (a 1,000 × 1,000 kernel is 0.5 M numbers per measurement). */
    static final int MAX_ROWS = 1000;

    /** Parsed options. */
    record Settings(int every, int points, NtkKernel kernel, int top) {}

    private final Settings settings;
    private final Dataset points;
    private double[] first;
    private double[] previous;

    NtkProbe(Settings s, Dataset train) {
        this.settings = s;
        this.points = train.first(Math.min(s.points(), train.size()));
    }

    @Override
    public String name() {
        return "ntk";
    }

    @Override
    public int everySteps() {
        return settings.every();
    }

    @Override
    public void restore(List<ProbePoint> earlier) {
        first = earlier.isEmpty() ? null : KernelDynamics.kernelOf(earlier.get(0));
        previous = earlier.isEmpty() ? null : KernelDynamics.kernelOf(earlier.get(earlier.size() - 1));
    }

    @Override
    public ObjectNode measure(Classifier model, long step) {
        double[] k;
        double[] lambda;
        int rows;
        try (NDManager scope = model.manager().newSubManager()) {
            NDArray x = points.batch(scope, points.allIndices());
            try (EmpiricalNtk ntk = EmpiricalNtk.compute(model, x, settings.kernel())) {
                DMatrixRMaj g = ntk.gram();
                rows = g.numRows;
                k = g.getData().clone();
                lambda = ntk.eigen().values();
            }
        }
        double top = 0;
        double all = 0;
        for (int i = 0; i < lambda.length; i++) {
            all += lambda[i] * lambda[i];
            if (i < settings.top()) top += lambda[i] * lambda[i];
        }
        double trace = 0;
        for (int i = 0; i < rows; i++) trace += k[i * rows + i];
        ObjectNode v = Json.mapper().createObjectNode();
        v.put("points", points.size());
        v.put("rows", rows);
        v.put("trace", trace);
        v.put("top_mass", all == 0 ? 0 : top / all);
        v.put("largest_eigenvalue", lambda[0]);
        if (first != null) {
            v.put("distance_to_init", KernelDynamics.distance(first, k));
            v.put("relative_change", KernelDynamics.relativeChange(first, k));
            v.put("distance_to_previous", KernelDynamics.distance(previous, k));
        } else {
            v.put("distance_to_init", 0.0);
            v.put("relative_change", 0.0);
            first = k;
        }
        previous = k;
        ArrayNode tri = v.putArray("kernel");
        for (double d : KernelDynamics.upperTriangle(k, rows)) tri.add(d);
        return v;
    }

    @Override
    public String summary(ObjectNode v) {
        return String.format(Locale.ROOT, "NTK distance to init %.4f%s, relative change %.3f, top-%d mass %.3f",
                v.path("distance_to_init").asDouble(), v.has("distance_to_previous") ? String.format(Locale.ROOT,
                        " (to previous %.4f)", v.get("distance_to_previous").asDouble()) : "",
                v.path("relative_change").asDouble(), settings.top(), v.path("top_mass").asDouble());
    }

    /** Reads and checks the options. */
    static Settings parse(Map<String, Object> options) {
        ProbeOptions o = new ProbeOptions("ntk", options, OPTIONS);
        int every = o.every();
        int n = o.integer("points", 50, 2, MAX_ROWS);
        NtkKernel kind = NtkKernel.parse(o.string("kernel", "trace"));
        int top = o.integer("top", 20, 1, MAX_ROWS * 100);
        return new Settings(every, n, kind, top);
    }

    /** Registers the probe {@code ntk} (META-INF/services/org.robustj.train.ProbeProvider). */
    public static final class Provider implements ProbeProvider {
        @Override
        public String name() {
            return "ntk";
        }

        @Override
        public String description() {
            return "the empirical NTK on fixed training points and its distance to the first and the previous kernel "
                    + "(lazy regime), top-k eigen-mass; options " + String.join(", ", OPTIONS);
        }

        @Override
        public void validate(Map<String, Object> options) {
            parse(options);
        }

        @Override
        public TrainingProbe create(Map<String, Object> options, TrainConfig config, Dataset train, Dataset test) {
            Settings s = parse(options);
            int rows = Math.min(s.points(), train.size()) * s.kernel().rowsPerPoint(train.numClasses());
            if (rows > MAX_ROWS) {
                throw new InvalidInputException("the ntk monitor's kernel would have " + rows + " rows (" + s.points()
                        + " points x " + train.numClasses() + " classes); at most " + MAX_ROWS + ": use kernel=trace "
                        + "or at most " + MAX_ROWS / train.numClasses() + " points");
            }
            return new NtkProbe(s, train);
        }
    }
}
