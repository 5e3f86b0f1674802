package org.robustj.perf;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.robustj.data.Dataset;
import org.robustj.data.Datasets;
import org.robustj.io.Json;
import org.robustj.io.Npy;
import org.robustj.model.BlockClassifier;
import org.robustj.model.Classifier;
import org.robustj.model.ModelCard;
import org.robustj.model.Models;
import org.robustj.tensor.Engines;

/**
 * Exports a robustj model's weights as float32 {@code .npy} files so {@code perf/reference/torchscript_from_npy.py}
 * can rebuild the same network in PyTorch (and save it as TorchScript for the reference AutoAttack). Writes
 * {@code NNN_<name>.npy} per parameter, {@code manifest.json} (parameter names, files and shapes in order,
 * architecture, options, input shape, classes), {@code check_inputs.npy}: the first 16 test images of the
 * model's own dataset (its card's, so MNIST and CIFAR-10 models alike), and {@code check.npy}: their logits, for an
 * equality check on the Python side that needs no dataset there.
 * Usage: {@code ExportNpy MODEL_REF OUT_DIR}.
 */
public final class ExportNpy {
    private ExportNpy() {}

    /** Number of test images whose logits go into {@code check.npy}. */
    static final int CHECK_N = 16;

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: ExportNpy MODEL_REF OUT_DIR");
            System.exit(2);
        }
        String ref = args[0];
        Path out = Path.of(args[1]);
        Files.createDirectories(out);
        Engines.pytorch();
        try (NDManager m = NDManager.newBaseManager(); Classifier c = Models.open(m, ref, null)) {
            if (!(c instanceof BlockClassifier bc)) {
                throw new IllegalArgumentException(ref + " is not a robustj (DJL) model");
            }
            ModelCard card = bc.card();
            List<Map<String, Object>> params = new ArrayList<>();
            int i = 0;
            for (Pair<String, Parameter> p : bc.parameters()) {
                NDArray a = p.getValue().getArray();
                long[] shape = a.getShape().getShape();
                String file = String.format("%03d_%s.npy", i++, p.getKey().replaceAll("[^A-Za-z0-9_.-]", "_"));
                Npy.writeFloats(out.resolve(file), a.toType(ai.djl.ndarray.types.DataType.FLOAT32, false)
                        .toFloatArray(), shape);
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("name", p.getKey());
                e.put("file", file);
                e.put("shape", shape);
                params.add(e);
            }
            Dataset data = Datasets.load(card.dataset(), "test").first(CHECK_N);
            int[] idx = data.allIndices();
            try (NDManager sub = m.newSubManager()) {
                NDArray x = data.batch(sub, idx);
                Npy.writeFloats(out.resolve("check_inputs.npy"), x.toFloatArray(), x.getShape().getShape());
                NDArray logits = bc.logits(x);
                Npy.writeFloats(out.resolve("check.npy"), logits.toFloatArray(), logits.getShape().getShape());
            }
            Map<String, Object> manifest = new LinkedHashMap<>();
            manifest.put("model", ref);
            manifest.put("name", card.name());
            manifest.put("architecture", card.architecture());
            manifest.put("architecture_options", card.architectureOptions());
            manifest.put("input_shape", card.inputShape());
            manifest.put("num_classes", card.numClasses());
            manifest.put("weights_sha256", card.weightsSha256());
            manifest.put("parameters", params);
            manifest.put("check", Map.of("file", "check.npy", "inputs", "check_inputs.npy", "dataset", card.dataset(),
                    "split", "test",
                    "first", CHECK_N, "labels", data.labels()));
            Json.write(out.resolve("manifest.json"), manifest);
            System.out.printf("wrote %d parameters and check.npy (%d images) to %s%n", params.size(), CHECK_N, out);
        }
    }
}
