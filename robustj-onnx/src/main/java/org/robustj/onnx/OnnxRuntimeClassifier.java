package org.robustj.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.robustj.errors.InvalidInputException;
import org.robustj.errors.MissingCapabilityException;
import org.robustj.errors.ModelLoadException;
import org.robustj.model.Classifier;
import org.robustj.model.ModelCapability;
import org.robustj.model.ModelCard;
import org.robustj.provenance.Hashes;

/**
 * An ONNX model run by ONNX Runtime (its Java API, CPU execution provider) as a <em>query-only</em> classifier:
 * it answers logits for any batch and declares nothing else ({@link ModelCapability#LOGITS}), so gradient
 * attacks, certifiers and BPDA refuse it and gradient-free attacks (Square, the {@code blackbox} version) run
 * on it. It is how robustj evaluates an ONNX file whose operators its layer graph cannot map (any operator ONNX
 * Runtime runs), and any ONNX file with {@code --backend onnxruntime}.
 *
 * <p>Inputs are fed as float32 N×…; a model exported with a fixed batch size is queried in chunks of that
 * size. Threads: ONNX Runtime's intra-op pool gets robustj's thread count ({@code --threads}, default all cores),
 * the inter-op pool one thread. Logits are created in the input's manager and carry no gradient.
 */
public final class OnnxRuntimeClassifier implements Classifier {
    private final OrtEnvironment env;
    private final OrtSession session;
    private final String inputName;
    private final long fixedBatch;
    private final Shape inputShape;
    private final int numClasses;
    private final ModelCard card;
    private final String source;
    private final String sha256;
    private final NDManager manager;
    private final List<Note> notes;

    private OnnxRuntimeClassifier(OrtEnvironment env, OrtSession session, String inputName, long fixedBatch,
            Shape inputShape, int numClasses, ModelCard card, String source, String sha256, NDManager manager,
            List<Note> notes) {
        this.env = env;
        this.session = session;
        this.inputName = inputName;
        this.fixedBatch = fixedBatch;
        this.inputShape = inputShape;
        this.numClasses = numClasses;
        this.card = card;
        this.source = source;
        this.sha256 = sha256;
        this.manager = manager;
        this.notes = List.copyOf(notes);
    }

    /**
     * Opens ONNX bytes in ONNX Runtime.
     *
     * @param inputShape one sample's shape from the data set, or null; used where the file leaves it symbolic
     * @param threads ONNX Runtime intra-op threads (≥ 1)
     * @param notes notes to keep with the model (why it runs here)
     * @throws ModelLoadException for a file ONNX Runtime cannot load, or one that is not a float classifier
     */
    public static OnnxRuntimeClassifier open(NDManager parent, byte[] bytes, Shape inputShape, String ref,
            String name, int threads, List<Note> notes) {
        OrtEnvironment env;
        try {
            env = OrtEnvironment.getEnvironment();
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            throw new ModelLoadException("cannot start ONNX Runtime for " + ref + ": " + e.getMessage(), e);
        }
        OrtSession session = null;
        try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
            opts.setIntraOpNumThreads(Math.max(1, threads));
            opts.setInterOpNumThreads(1);
            opts.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            session = env.createSession(bytes, opts);
            if (session.getNumInputs() != 1) {
                throw OnnxImporter.unreadable(ref, "robustj reads models with one input, this one has "
                        + session.getNumInputs(), null);
            }
            Map.Entry<String, NodeInfo> in = session.getInputInfo().entrySet().iterator().next();
            if (!(in.getValue().getInfo() instanceof TensorInfo ti) || ti.type != OnnxJavaType.FLOAT) {
                throw OnnxImporter.unreadable(ref, "input " + in.getKey() + " is not a float32 tensor; robustj feeds "
                        + "float32 inputs in [0, 1]", null);
            }
            long[] dims = ti.getShape();
            if (dims.length < 2) {
                throw OnnxImporter.unreadable(ref, "input " + in.getKey() + " has rank " + dims.length
                        + "; expected a batch axis plus the sample's axes", null);
            }
            Shape sample = sampleShape(dims, inputShape, in.getKey(), ref);
            long fixed = dims[0] > 0 ? dims[0] : -1;
            NDManager own = parent.newSubManager();
            String sha = Hashes.sha256(bytes);
            List<Long> shape = new ArrayList<>();
            for (long d : sample.getShape()) shape.add(d);
            List<String> cardNotes = List.of("run by ONNX Runtime " + env.getVersion() + " (query-only)");
            OnnxRuntimeClassifier probe = new OnnxRuntimeClassifier(env, session, in.getKey(), fixed, sample, -1,
                    null, ref, sha, own, notes);
            int k;
            try (NDManager scope = own.newSubManager()) {
                NDArray z = probe.run(scope.zeros(new Shape(prepend(fixed > 0 ? fixed : 1, sample.getShape()))));
                if (z.getShape().dimension() != 2) {
                    throw OnnxImporter.unreadable(ref, "the model's output has shape " + z.getShape()
                            + "; expected N×K logits", null);
                }
                k = (int) z.getShape().get(1);
            } catch (RuntimeException e) {
                own.close();
                throw e;
            }
            ModelCard card = new ModelCard(name, ModelCard.ONNX_FORMAT, "onnx", null, null, shape, k, null, null, null,
                    null, null, null, sha, null, null, cardNotes);
            return new OnnxRuntimeClassifier(env, session, in.getKey(), fixed, sample, k, card, ref, sha, own, notes);
        } catch (OrtException e) {
            closeQuietly(session);
            throw OnnxImporter.unreadable(ref, "ONNX Runtime: " + firstLine(e.getMessage()), e);
        } catch (RuntimeException e) {
            closeQuietly(session);
            throw e;
        }
    }

    private static Shape sampleShape(long[] dims, Shape hint, String input, String ref) {
        long[] s = new long[dims.length - 1];
        boolean open = false;
        for (int i = 1; i < dims.length; i++) {
            s[i - 1] = dims[i];
            if (dims[i] <= 0) open = true;
        }
        if (!open) {
            return new Shape(s);
        }
        if (hint == null || hint.dimension() != s.length) {
            throw new ModelLoadException("cannot read ONNX model " + ref + ": input " + input + " leaves its sample "
                    + "shape open and no data set fixes it (pass --dataset)");
        }
        return hint;
    }

    /** Runs the session on x (N×…), chunked when the file fixes the batch size; the result lives in x's manager. */
    private NDArray run(NDArray x) {
        long[] dims = x.getShape().getShape();
        int n = (int) dims[0];
        int per = (int) (x.getShape().size() / Math.max(1, n));
        float[] all = x.toFloatArray();
        int chunk = fixedBatch > 0 ? (int) fixedBatch : Math.max(1, n);
        List<float[]> parts = new ArrayList<>();
        long k = -1;
        try {
            for (int from = 0; from < n; from += chunk) {
                int rows = Math.min(chunk, n - from);
                if (fixedBatch > 0 && rows != fixedBatch) {
                    throw new InvalidInputException("ONNX model " + source + " takes batches of exactly " + fixedBatch
                            + " inputs, got " + rows + " (export it with a dynamic batch axis)");
                }
                long[] shape = dims.clone();
                shape[0] = rows;
                try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(all, from * per, rows * per).slice(),
                        shape); OrtSession.Result r = session.run(Map.of(inputName, t))) {
                    if (!(r.get(0) instanceof OnnxTensor out) || out.getInfo().type != OnnxJavaType.FLOAT) {
                        throw new InvalidInputException("ONNX model " + source + " returned a non-float32 output");
                    }
                    long[] os = out.getInfo().getShape();
                    if (os.length != 2 || os[0] != rows) {
                        throw new InvalidInputException("ONNX model " + source + " returned shape "
                                + java.util.Arrays.toString(os) + " for " + rows + " inputs; expected N×K logits");
                    }
                    k = os[1];
                    FloatBuffer fb = out.getFloatBuffer();
                    float[] z = new float[fb.remaining()];
                    fb.get(z);
                    parts.add(z);
                }
            }
        } catch (OrtException e) {
            throw new InvalidInputException("ONNX Runtime failed on " + source + ": " + firstLine(e.getMessage()));
        }
        float[] z = new float[(int) (n * Math.max(k, 0))];
        int off = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, z, off, p.length);
            off += p.length;
        }
        return x.getManager().create(z, new Shape(n, Math.max(k, 0)));
    }

    @Override
    public NDArray logits(NDArray x) {
        long[] got = x.getShape().getShape();
        long[] want = inputShape.getShape();
        boolean fits = got.length == want.length + 1;
        for (int i = 0; fits && i < want.length; i++) fits = got[i + 1] == want[i];
        if (!fits) {
            throw new InvalidInputException("inputs of shape " + x.getShape() + " do not fit model " + source
                    + " (expects N×" + inputShape + ")");
        }
        return run(x);
    }

    /** Logits only. */
    @Override
    public Set<ModelCapability> capabilities() {
        return EnumSet.of(ModelCapability.LOGITS);
    }

    @Override
    public List<Note> notes() {
        return notes;
    }

    @Override
    public Shape inputShape() {
        return inputShape;
    }

    @Override
    public int numClasses() {
        return numClasses;
    }

    /** Only the output: ONNX Runtime gives no access to the layers. */
    @Override
    public List<String> layers() {
        return List.of("logits");
    }

    /** Refused: the model is query-only. */
    @Override
    public Map<String, NDArray> activations(NDArray x, List<String> names) {
        throw new MissingCapabilityException("activations of " + source + " are not available: it runs through "
                + "ONNX Runtime, which answers logits only");
    }

    @Override
    public ModelCard card() {
        return card;
    }

    @Override
    public String source() {
        return source;
    }

    @Override
    public String sha256() {
        return sha256;
    }

    @Override
    public NDManager manager() {
        return manager;
    }

    @Override
    public void close() {
        closeQuietly(session);
        manager.close();
    }

    private static void closeQuietly(OrtSession s) {
        if (s == null) return;
        try {
            s.close();
        } catch (OrtException e) {
            // nothing to do: the session is gone either way
        }
    }

    private static long[] prepend(long first, long[] rest) {
        long[] out = new long[rest.length + 1];
        out[0] = first;
        System.arraycopy(rest, 0, out, 1, rest.length);
        return out;
    }

    private static String firstLine(String m) {
        if (m == null) return "";
        int nl = m.indexOf('\n');
        return (nl >= 0 ? m.substring(0, nl) : m).strip();
    }
}
