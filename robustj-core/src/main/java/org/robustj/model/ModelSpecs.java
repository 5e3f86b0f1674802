package org.robustj.model;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.robustj.errors.InvalidInputException;

/**
 * The one place where a model specification is parsed: a plain reference ({@code zoo:NAME}, a {@code .pt},
 * {@code .onnx} or robustj {@code .json} file, opened by the caller's opener: {@link Models#open}, which resolves
 * local zoo names through {@link ModelReferences}, or the CLI's, which adds {@code --backend} and {@code --bpda})
 * or a composite built from plain references:
 *
 * <ul>
 *   <li>{@code ensemble:A,B,...} — a deep ensemble, the mean of the members' probabilities ({@link EnsembleModel});
 *       members are plain references or noise models, and must agree on input shape and classes;
 *   <li>{@code noise:SIGMA:M:MODEL} — Gaussian input noise of standard deviation SIGMA, M draws averaged per
 *       prediction, around any specification MODEL ({@link GaussianNoiseModel}; randomized);
 *   <li>{@code mc-dropout:P:K:MODEL} — MC dropout: dropout of rate P kept on after every hidden ReLU of a plain
 *       model's layer graph, K masks averaged per prediction ({@link McDropoutModel}; randomized).
 * </ul>
 *
 * For example {@code noise:0.5:8:zoo:mnist-cnn} or {@code ensemble:a.pt,b.onnx,noise:0.25:4:zoo:x}. To add a
 * kind, add its prefix here (parse, references, open) and a model class beside these.
 */
public final class ModelSpecs {
    /** Prefix of a deep ensemble. */
    public static final String ENSEMBLE = "ensemble:";

    /** Prefix of a Gaussian-noise model. */
    public static final String NOISE = "noise:";

    /** Prefix of an MC-dropout model. */
    public static final String MC_DROPOUT = "mc-dropout:";

    private ModelSpecs() {}

    /** Whether {@code spec} is a composite (an ensemble or a noise model) rather than a plain reference. */
    public static boolean composite(String spec) {
        return spec != null && (spec.startsWith(ENSEMBLE) || spec.startsWith(NOISE) || spec.startsWith(MC_DROPOUT));
    }

    /**
     * Whether {@code spec} is randomized by its form (a noise or MC-dropout model, or an ensemble with one), known
     * before any model is opened; a plain reference may still open as a randomized model.
     */
    public static boolean randomized(String spec) {
        if (spec == null) return false;
        if (spec.startsWith(NOISE) || spec.startsWith(MC_DROPOUT)) return true;
        if (spec.startsWith(ENSEMBLE)) {
            for (String m : members(spec)) if (randomized(m)) return true;
        }
        return false;
    }

    /**
     * The plain references inside {@code spec}, in order ({@code spec} itself when it is plain); checks the
     * syntax, so that a malformed specification fails before any work.
     */
    public static List<String> references(String spec) {
        List<String> out = new ArrayList<>();
        collect(spec, out, true);
        return out;
    }

    private static void collect(String spec, List<String> out, boolean top) {
        if (spec.startsWith(ENSEMBLE)) {
            if (!top) {
                throw new InvalidInputException("an ensemble cannot be a member of another model (" + spec
                        + "); list all members in one ensemble:A,B,...");
            }
            for (String m : members(spec)) collect(m, out, false);
        } else if (spec.startsWith(NOISE)) {
            collect(noise(spec).inner(), out, false);
        } else if (spec.startsWith(MC_DROPOUT)) {
            String inner = dropout(spec).inner();
            if (composite(inner)) {
                throw new InvalidInputException("mc-dropout needs a plain model with a layer graph, not " + inner);
            }
            collect(inner, out, false);
        } else {
            if (spec.isBlank()) {
                throw new InvalidInputException("empty model reference in a model specification");
            }
            out.add(spec);
        }
    }

    /**
     * Opens {@code spec}; each plain reference inside it is opened by {@code plain}. Whatever was opened is
     * closed again when a later part fails.
     *
     * @param manager the parent manager of composite models
     */
    public static Classifier open(NDManager manager, String spec, Function<String, Classifier> plain) {
        references(spec); // the syntax, before any model is opened
        return openChecked(manager, spec, plain);
    }

    private static Classifier openChecked(NDManager manager, String spec, Function<String, Classifier> plain) {
        if (spec.startsWith(ENSEMBLE)) {
            List<Classifier> opened = new ArrayList<>();
            try {
                for (String m : members(spec)) opened.add(openChecked(manager, m, plain));
                return new EnsembleModel(manager, opened, spec);
            } catch (RuntimeException e) {
                for (Classifier c : opened) c.close();
                throw e;
            }
        }
        if (spec.startsWith(NOISE)) {
            Noise nz = noise(spec);
            Classifier inner = openChecked(manager, nz.inner(), plain);
            try {
                return new GaussianNoiseModel(inner, nz.sigma(), nz.samples(), spec);
            } catch (RuntimeException e) {
                inner.close();
                throw e;
            }
        }
        if (spec.startsWith(MC_DROPOUT)) {
            Noise dz = dropout(spec);
            Classifier inner = openChecked(manager, dz.inner(), plain);
            try {
                return McDropoutModel.of(inner, dz.sigma(), dz.samples(), spec);
            } catch (RuntimeException e) {
                inner.close();
                throw e;
            }
        }
        return plain.apply(spec);
    }

    private static List<String> members(String spec) {
        String body = spec.substring(ENSEMBLE.length());
        List<String> out = new ArrayList<>();
        for (String m : body.split(",", -1)) {
            if (m.isBlank()) {
                throw new InvalidInputException("ensemble " + spec + " has an empty member; write ensemble:A,B,... "
                        + "with model references separated by commas");
            }
            out.add(m.strip());
        }
        return out;
    }

    /** The parts of {@code mc-dropout:P:K:MODEL} (P as {@code sigma}). */
    static Noise dropout(String spec) {
        String[] p = spec.substring(MC_DROPOUT.length()).split(":", 3);
        String usage = "; write mc-dropout:P:K:MODEL, e.g. mc-dropout:0.25:10:zoo:mnist-cnn (P in [0, 1) the dropout "
                + "rate, K >= 1 the masks averaged per prediction)";
        if (p.length < 3 || p[2].isBlank()) {
            throw new InvalidInputException("mc-dropout model " + spec + " lacks P, K or MODEL" + usage);
        }
        double rate;
        int k;
        try {
            rate = Double.parseDouble(p[0]);
            k = Integer.parseInt(p[1]);
        } catch (NumberFormatException e) {
            throw new InvalidInputException("mc-dropout model " + spec + ": P or K is not a number" + usage);
        }
        if (!(rate >= 0 && rate < 1) || k < 1) {
            throw new InvalidInputException("mc-dropout model " + spec + ": P must be in [0, 1) and K >= 1, got "
                    + p[0] + " and " + p[1] + usage);
        }
        return new Noise(rate, k, p[2]);
    }

    /** The parts of {@code noise:SIGMA:M:MODEL}. */
    record Noise(double sigma, int samples, String inner) {}

    static Noise noise(String spec) {
        String[] p = spec.substring(NOISE.length()).split(":", 3);
        String usage = "; write noise:SIGMA:M:MODEL, e.g. noise:0.5:8:zoo:mnist-cnn (SIGMA > 0 the noise's standard "
                + "deviation, M >= 1 the draws averaged per prediction)";
        if (p.length < 3 || p[2].isBlank()) {
            throw new InvalidInputException("noise model " + spec + " lacks SIGMA, M or MODEL" + usage);
        }
        double sigma;
        int m;
        try {
            sigma = Double.parseDouble(p[0]);
        } catch (NumberFormatException e) {
            throw new InvalidInputException("noise model " + spec + ": SIGMA '" + p[0] + "' is not a number" + usage);
        }
        try {
            m = Integer.parseInt(p[1]);
        } catch (NumberFormatException e) {
            throw new InvalidInputException("noise model " + spec + ": M '" + p[1] + "' is not an integer" + usage);
        }
        if (!(sigma > 0 && Double.isFinite(sigma)) || m < 1) {
            throw new InvalidInputException("noise model " + spec + ": SIGMA must be > 0 and M >= 1, got " + p[0]
                    + " and " + p[1] + usage);
        }
        return new Noise(sigma, m, p[2]);
    }
}
