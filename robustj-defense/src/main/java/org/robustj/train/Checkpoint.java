package org.robustj.train;

import ai.djl.ndarray.NDArray;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.robustj.errors.DataFormatException;
import org.robustj.io.AtomicFiles;
import org.robustj.io.Json;
import org.robustj.model.BlockClassifier;
import org.robustj.provenance.FileHash;

/**
 * Everything needed to continue a training run exactly: the config, the position (epoch, step, global step),
 * the running sums of the current epoch, the log so far, the training data's hashes, the weights (DJL's
 * parameter format, including BatchNorm statistics) and the optimiser's state. One file, written atomically,
 * so a run killed at any moment leaves the previous checkpoint intact.
 *
 * <p>Layout: the 8 bytes {@code RJTRAIN1}; the state as UTF-8 JSON (int length, bytes); the weights (int
 * length, bytes of {@link BlockClassifier#save}); the number of optimiser arrays, then for each its name
 * (modified UTF-8), rank, dimensions (longs) and values (big-endian float32).
 */
public final class Checkpoint {
    /** Format tag inside the state. */
    public static final String FORMAT = "robustj-train-checkpoint-v1";

    private static final byte[] MAGIC = "RJTRAIN1".getBytes(StandardCharsets.US_ASCII);

    private Checkpoint() {}

    /**
     * Where a run stands.
     *
     * @param epoch 0-based epoch in progress (equal to {@code config.epochs()} when training is done)
     * @param stepInEpoch steps of that epoch already done
     * @param globalStep steps done since the start of the run
     * @param lossSum sum over the epoch's steps of batch loss × batch size
     * @param correct training predictions of the epoch that were right
     * @param seen training images of the epoch so far
     * @param epochSeconds training seconds of the epoch so far
     * @param history the log of the finished epochs
     * @param trainFiles the training data's files and SHA-256 (a resume must see the same data)
     * @param initModelSha256 SHA-256 of the weights of the config's {@code init_model} (null: none)
     * @param probes every {@link TrainingProbe} measurement so far (null in checkpoints written before probes)
     */
    public record State(String format, TrainConfig config, int epoch, int stepInEpoch, long globalStep,
            double lossSum, long correct, long seen, double epochSeconds, List<EpochLog> history,
            List<FileHash> trainFiles, String optimizer, long optimizerSteps, MonitorState monitor,
            String initModelSha256, List<ProbePoint> probes) {
        public State {
            history = List.copyOf(history);
            probes = probes == null ? List.of() : List.copyOf(probes);
            trainFiles = List.copyOf(trainFiles);
        }
    }

    /** A checkpoint read back. */
    public record Loaded(State state, byte[] weights, Map<String, float[]> optimizerState) {}

    /** Writes a checkpoint atomically. */
    public static void write(Path file, State state, BlockClassifier model, Optimizer optimizer) throws IOException {
        ByteArrayOutputStream weights = new ByteArrayOutputStream();
        try (DataOutputStream w = new DataOutputStream(weights)) {
            model.save(w);
        }
        byte[] meta = Json.write(state).getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, out -> {
            DataOutputStream d = new DataOutputStream(new BufferedOutputStream(out, 1 << 16));
            d.write(MAGIC);
            d.writeInt(meta.length);
            d.write(meta);
            d.writeInt(weights.size());
            weights.writeTo(d);
            d.writeInt(optimizer.state().size());
            for (Map.Entry<String, NDArray> e : optimizer.state().entrySet()) {
                long[] dims = e.getValue().getShape().getShape();
                d.writeUTF(e.getKey());
                d.writeInt(dims.length);
                for (long s : dims) d.writeLong(s);
                float[] v = e.getValue().toFloatArray();
                ByteBuffer buf = ByteBuffer.allocate(v.length * Float.BYTES);
                buf.asFloatBuffer().put(v);
                d.writeInt(v.length);
                d.write(buf.array());
            }
            d.flush();
        });
    }

    /** Reads only the state (config and position) of a checkpoint. */
    public static State readState(Path file) {
        try (DataInputStream in = open(file)) {
            return state(in, file);
        } catch (IOException e) {
            throw broken(file, e);
        }
    }

    /** Reads a whole checkpoint. */
    public static Loaded read(Path file) {
        try (DataInputStream in = open(file)) {
            State state = state(in, file);
            byte[] weights = new byte[in.readInt()];
            in.readFully(weights);
            int n = in.readInt();
            Map<String, float[]> opt = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                String name = in.readUTF();
                long[] dims = new long[in.readInt()];
                for (int k = 0; k < dims.length; k++) dims[k] = in.readLong();
                int count = in.readInt();
                if (count != Arrays.stream(dims).reduce(1, (a, b) -> a * b)) {
                    throw new DataFormatException("checkpoint " + file + " is corrupt: array " + name + " has "
                            + count + " values for shape " + Arrays.toString(dims));
                }
                byte[] raw = new byte[count * Float.BYTES];
                in.readFully(raw);
                float[] v = new float[count];
                ByteBuffer.wrap(raw).asFloatBuffer().get(v);
                opt.put(name, v);
            }
            return new Loaded(state, weights, opt);
        } catch (IOException e) {
            throw broken(file, e);
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        try {
            InputStream raw = Files.newInputStream(file);
            return new DataInputStream(new BufferedInputStream(raw, 1 << 16));
        } catch (NoSuchFileException e) {
            throw new DataFormatException("no checkpoint at " + file);
        }
    }

    private static State state(DataInputStream in, Path file) throws IOException {
        byte[] magic = new byte[MAGIC.length];
        in.readFully(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new DataFormatException(file + " is not a robustj training checkpoint");
        }
        byte[] meta = new byte[in.readInt()];
        in.readFully(meta);
        State s = Json.mapper().readValue(meta, State.class);
        if (!FORMAT.equals(s.format())) {
            throw new DataFormatException("checkpoint " + file + " has format " + s.format() + ", expected " + FORMAT);
        }
        return s;
    }

    private static DataFormatException broken(Path file, IOException e) {
        String why = e instanceof EOFException ? "truncated" : String.valueOf(e.getMessage()).lines().findFirst()
                .orElse("");
        return new DataFormatException("cannot read checkpoint " + file + ": " + why, e);
    }
}
