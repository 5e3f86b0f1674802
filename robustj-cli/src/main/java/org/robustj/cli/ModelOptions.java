package org.robustj.cli;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import org.robustj.data.Dataset;
import org.robustj.errors.InvalidInputException;
import org.robustj.model.BpdaModel;
import org.robustj.model.Classifier;
import org.robustj.model.ModelReferences;
import org.robustj.model.ModelSpecs;
import org.robustj.model.Models;
import org.robustj.model.QueryOnlyModel;
import org.robustj.onnx.OnnxModels;
import picocli.CommandLine.Option;

/**
 * How a command runs the model it opens (a picocli mixin): the ONNX backend ({@code --backend}), a white-box
 * model forced query-only for a fair black-box evaluation ({@code --query-only}), and BPDA's straight-through
 * gradients for rounding and sign operators ({@code --bpda}), and the model specification itself ({@link
 * ModelSpecs}: plain references, {@code ensemble:A,B,...}, {@code noise:SIGMA:M:MODEL}). Every command that takes
 * {@code --model} uses it; each option's checks run before any work.
 */
public final class ModelOptions {
    @Option(names = "--backend", paramLabel = "B", defaultValue = "auto",
            description = "ONNX models: auto (robustj's layer graph, white-box; ONNX Runtime, query-only, when an "
                    + "operator does not map), graph (the layer graph or an error) or onnxruntime (ONNX Runtime, "
                    + "query-only, for any ONNX file) (default: ${DEFAULT-VALUE}).")
    String backend;

    @Option(names = "--query-only", description = "Treat the model as answering logits only (no gradients, no "
            + "layers): a fair black-box evaluation of a white-box model; the blackbox version is then the default.")
    boolean queryOnly;

    @Option(names = "--bpda", description = "BPDA: give Round, Floor, Ceil and Sign an identity backward pass, so "
            + "gradient attacks see through input quantisers (needs a layer graph: an ONNX file or a robustj model).")
    boolean bpda;

    /**
     * Checks the options against each other and the model specification (a plain reference or a composite of
     * {@link ModelSpecs}: its syntax, and that every reference inside it exists), before any work.
     */
    void check(String modelRef) {
        OnnxModels.Backend b = OnnxModels.Backend.parse(backend);
        for (String ref : ModelSpecs.references(modelRef)) {
            String resolved = ModelReferences.resolve(ref);
            if (b != OnnxModels.Backend.AUTO && !resolved.endsWith(".onnx")) {
                throw new InvalidInputException("--backend " + b.id() + " runs ONNX files, but " + ref
                        + " is not one (.onnx)");
            }
            Inputs.checkModelRef(ref);
        }
        if (bpda && queryOnly) {
            throw new InvalidInputException("--bpda gives gradient attacks straight-through gradients, and "
                    + "--query-only takes gradients away: use one of them");
        }
        if (bpda && b == OnnxModels.Backend.ONNXRUNTIME) {
            throw new InvalidInputException("--bpda needs robustj's layer graph, but --backend onnxruntime runs the "
                    + "model query-only; drop --backend onnxruntime");
        }
    }

    /**
     * Refuses every option of this mixin that is not at its default, for a command that opens the model
     * elsewhere ({@code benchmark}: the entry evaluates the model as its track says).
     */
    void refuse(String command, String why) {
        String given = queryOnly ? "--query-only" : bpda ? "--bpda"
                : OnnxModels.Backend.parse(backend) != OnnxModels.Backend.AUTO ? "--backend " + backend : null;
        if (given != null) {
            throw new InvalidInputException(given + " is not available for " + command + ": " + why);
        }
    }

    /** Whether the model will answer logits only whatever the file is (known before opening it). */
    boolean forcesQueryOnly() {
        return queryOnly || OnnxModels.Backend.parse(backend) == OnnxModels.Backend.ONNXRUNTIME;
    }

    /** Opens the model as these options say and checks that it fits the data. */
    Classifier open(NDManager manager, String modelRef, Dataset data) {
        Classifier m = open(manager, modelRef, data.sampleShape());
        try {
            Models.checkFits(m, data);
            return m;
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
    }

    /**
     * Opens the model specification as these options say: each plain reference inside it through the local zoo,
     * the backend and BPDA, the whole made query-only last.
     *
     * @param sample one sample's shape (for TorchScript files), or null
     */
    Classifier open(NDManager manager, String modelRef, Shape sample) {
        Classifier m = ModelSpecs.open(manager, modelRef, ref -> openPlain(manager, ref, sample));
        return queryOnly ? QueryOnlyModel.of(m) : m;
    }

    private Classifier openPlain(NDManager manager, String ref, Shape sample) {
        OnnxModels.Backend b = OnnxModels.Backend.parse(backend);
        // Models.open resolves local zoo names itself (ModelReferences), as it does for a Java caller
        Classifier m;
        if (b == OnnxModels.Backend.AUTO) {
            m = Models.open(manager, ref, sample);
        } else {
            String resolved = ModelReferences.resolve(ref);
            m = OnnxModels.open(manager, Path.of(resolved), sample, resolved, b);
        }
        try {
            return bpda ? BpdaModel.of(m) : m;
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
    }

    /** Adds the settings to a record's configuration when any is not at its default (certify, diagnose). */
    void recordIfSet(java.util.Map<String, Object> c) {
        if (queryOnly || bpda || OnnxModels.Backend.parse(backend) != OnnxModels.Backend.AUTO) {
            c.putAll(recorded());
        }
    }

    /** The settings as the run record's configuration keeps them. */
    java.util.Map<String, Object> recorded() {
        java.util.Map<String, Object> c = new java.util.LinkedHashMap<>();
        c.put("backend", backend);
        c.put("query_only", queryOnly);
        c.put("bpda", bpda);
        return c;
    }
}
