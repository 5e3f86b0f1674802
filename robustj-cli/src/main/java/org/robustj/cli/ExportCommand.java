package org.robustj.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.robustj.data.Datasets;
import org.robustj.errors.InvalidInputException;
import org.robustj.io.AtomicFiles;
import org.robustj.model.Classifier;
import org.robustj.model.ModelCard;
import org.robustj.model.graph.LayerGraph;
import org.robustj.onnx.OnnxModels;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code robustj export}: writes a model that has a layer graph (built-in architectures, bundled models, ONNX
 * imports) as an ONNX file, so that a model hardened or certified here goes back to PyTorch or any ONNX runtime.
 * The file is read back before it is written and must give the same logits.
 */
@Command(name = "export", sortOptions = false,
        description = {"Write a model as ONNX (opset 13; input 'input' N×C×H×W in [0,1], output 'logits' N×K).",
            "Works for every model with a layer graph; a TorchScript model is opaque to robustj and already PyTorch."})
public final class ExportCommand implements Callable<Integer> {
    /** Largest logit difference accepted between the model and its export read back. */
    static final double TOLERANCE = 1e-5;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = "--model", paramLabel = "M", required = true,
            description = "zoo:NAME, a robustj .json card, or an .onnx file.")
    String model;

    @Option(names = "--format", paramLabel = "F", defaultValue = "onnx", description = "onnx (default).")
    String format;

    @Option(names = "--out", paramLabel = "FILE", required = true,
            description = "The file to write (" + Outputs.FILE_RULE + "); written whole or not at all.")
    Path out;

    @Option(names = "--dataset", paramLabel = "D",
            description = "The data set whose sample shape the model takes, for files that do not store it.")
    String dataset;

    @Mixin
    ModelOptions modelOptions;

    @Override
    public Integer call() throws Exception {
        if (!"onnx".equals(format)) {
            throw new InvalidInputException("--format must be onnx, got '" + format + "'");
        }
        new Outputs().file("--out", out);
        modelOptions.refuse("export", "an export is the model's forward pass written from its layer graph, which "
                + "--query-only, --bpda and --backend onnxruntime do not change (they change how robustj runs it)");
        modelOptions.check(model);
        Shape sample = null;
        if (dataset != null) {
            sample = Datasets.sampleShapes().get(dataset);
            if (sample == null) {
                throw new org.robustj.errors.UnknownNameException("data set", dataset, Datasets.names());
            }
        }
        common.apply();
        PrintWriter o = spec.commandLine().getOut();
        try (NDManager m = NDManager.newBaseManager();
                Classifier c = modelOptions.open(m, model, sample)) {
            LayerGraph graph = c.graph().orElseThrow(() -> opaque(c));
            String name = c.card() != null && c.card().name() != null ? c.card().name() : "robustj";
            byte[] bytes = OnnxModels.toBytes(graph, name);
            double diff = readBack(m, c, bytes);
            AtomicFiles.write(out, bytes);
            o.printf("wrote %s: ONNX opset 13, %d nodes, input N×%s, %d classes; read back, logits within %.1e of "
                    + "the model's%n", out, graph.nodes().size(), dims(c.inputShape()), c.numClasses(), diff);
        }
        o.flush();
        return 0;
    }

    /** Re-imports the export and returns the largest logit difference on a few seeded inputs; too large throws. */
    private double readBack(NDManager m, Classifier c, byte[] bytes) {
        try (NDManager s = m.newSubManager();
                Classifier back = OnnxModels.read(s, bytes, c.inputShape(), out.toString(), "export")) {
            long[] shape = new long[c.inputShape().dimension() + 1];
            shape[0] = 4;
            System.arraycopy(c.inputShape().getShape(), 0, shape, 1, c.inputShape().dimension());
            float[] v = new float[(int) new Shape(shape).size()];
            SplittableRandom r = new SplittableRandom(0);
            for (int i = 0; i < v.length; i++) v[i] = (float) r.nextDouble();
            NDArray x = s.create(v, new Shape(shape));
            float[] a = c.logits(x).toFloatArray();
            float[] b = back.logits(x).toFloatArray();
            double d = 0;
            for (int i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
            if (!(d <= TOLERANCE)) {
                throw new IllegalStateException("the ONNX export of " + model + " reads back with logits " + d
                        + " away from the model's; nothing written");
            }
            return d;
        }
    }

    private InvalidInputException opaque(Classifier c) {
        ModelCard card = c.card();
        if (card != null && ModelCard.TORCHSCRIPT_FORMAT.equals(card.format())) {
            return new InvalidInputException("model " + model + " is TorchScript: opaque to robustj (no layer graph) "
                    + "and already a PyTorch format; to get ONNX, load it in PyTorch and call torch.onnx.export");
        }
        return new InvalidInputException("model " + model + " (architecture " + (card == null ? "?"
                : card.architecture()) + ") exposes no layer graph, so robustj cannot write it as ONNX");
    }

    private static String dims(Shape s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.dimension(); i++) b.append(i == 0 ? "" : "×").append(s.get(i));
        return b.toString();
    }
}
