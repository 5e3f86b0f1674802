package org.robustj.tensor;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import java.nio.file.Path;
import java.util.Map;
import org.robustj.errors.ModelLoadException;

/**
 * Loads TorchScript modules exported from PyTorch so that they are attackable: weights are loaded as
 * ordinary (not inference) tensors, the module is put in eval mode, and forward passes keep the autograd
 * graph so input gradients exist.
 */
public final class TorchScript {
    private TorchScript() {}

    /** Loads a {@code .pt} file in eval mode; a {@link ModelLoadException} says why it failed. */
    public static Model load(Path file) {
        Engines.pytorch();
        Model model = Model.newInstance(file.getFileName().toString(), "PyTorch");
        try {
            model.load(file, null, Map.of("trainParam", "true"));
        } catch (Exception | UnsatisfiedLinkError e) {
            model.close();
            throw new ModelLoadException("cannot load TorchScript model " + file + ": " + firstLine(e), e);
        }
        Block b = model.getBlock();
        if (!(b instanceof PtSymbolBlock)) {
            model.close();
            throw new ModelLoadException(file + " did not load as a TorchScript module");
        }
        JniUtils.enableInferenceMode((PtSymbolBlock) b);
        for (var p : b.getParameters()) {
            if (p.getValue().isInitialized()) {
                p.getValue().getArray().setRequiresGradient(false);
            }
        }
        return model;
    }

    /** Eval-mode forward pass that keeps gradients with respect to the inputs; the first output. */
    public static NDArray forward(Model model, NDArray x) {
        return forwardAll(model, x).get(0);
    }

    /** Every output of an eval-mode forward pass (a module returning a tuple gives several). */
    public static NDList forwardAll(Model model, NDArray x) {
        return IValueUtils.forward((PtSymbolBlock) model.getBlock(), new NDList(x), true);
    }

    /**
     * The {@code training} flags of a TorchScript archive's modules as saved ({@code data.pkl}), root
     * first: {@code [modules in train mode, modules]}, or null when the file cannot be read that way. A
     * module exported without {@code model.eval()} has them true; {@link #load} puts it in eval mode.
     */
    public static int[] trainingFlags(Path file) {
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(file.toFile())) {
            java.util.zip.ZipEntry pkl = null;
            for (var en = zip.entries(); en.hasMoreElements();) {
                java.util.zip.ZipEntry e = en.nextElement();
                String n = e.getName();
                if (n.endsWith("/data.pkl") && n.indexOf('/') == n.length() - "/data.pkl".length()) {
                    pkl = e;
                    break;
                }
            }
            if (pkl == null) {
                return null;
            }
            byte[] b;
            try (java.io.InputStream in = zip.getInputStream(pkl)) {
                b = in.readAllBytes();
            }
            return Pickles.trainingFlags(b);
        } catch (java.io.IOException | RuntimeException e) {
            return null; // only a note depends on it; loading reports real problems
        }
    }

    static String firstLine(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getMessage() == null) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        int nl = m.indexOf('\n');
        return (nl >= 0 ? m.substring(0, nl) : m).trim();
    }
}
