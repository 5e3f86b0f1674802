package org.robustj.benchmark.corruption;

import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.robustj.data.Dataset;
import org.robustj.errors.DataFormatException;
import org.robustj.io.AtomicFiles;
import org.robustj.provenance.FileHash;
import org.robustj.provenance.Hashes;
import org.robustj.provenance.Seeds;

/**
 * Generates corrupted copies of a data set and keeps them as files, so a second benchmark of another model reads
 * the very same images. One file per (corruption, severity): {@code <corruption>-<severity>-n<N>.npy}, 8-bit
 * pixels shaped {@code (N, H, W, C)} like CIFAR-10-C's {@code .npy} files (values ×255, truncated as the
 * reference's {@code np.uint8}), in a folder named by suite, generator version, seed and the clean data's SHA-256.
 * Each file has a {@code .sha256} companion, written after it; a file whose hash does not match (a partial or
 * edited file) is generated again. The hash goes into the run record's provenance.
 *
 * <p>Point {@code i} of the data set is corrupted with a generator seeded from (root seed, suite, corruption,
 * severity, i) ({@link Seeds}), so the images do not depend on N, on the order of generation or on threads.
 */
public final class CorruptionCache {
    private final Path root;

    /** A cache under {@code root}. */
    public CorruptionCache(Path root) {
        this.root = root;
    }

    /**
     * The default cache: {@code -Drobustj.cache}, else {@code $ROBUSTJ_CACHE}, else {@code cache/} in the project
     * (git-ignored); corrupted sets go in its {@code corruptions/} folder.
     */
    public static CorruptionCache defaultCache() {
        String prop = System.getProperty("robustj.cache");
        if (prop != null && !prop.isBlank()) return new CorruptionCache(Path.of(prop));
        String env = System.getenv("ROBUSTJ_CACHE");
        if (env != null && !env.isBlank()) return new CorruptionCache(Path.of(env));
        return new CorruptionCache(Path.of(System.getProperty("robustj.root", ".")).resolve("cache"));
    }

    /** The folder. */
    public Path root() {
        return root;
    }

    /**
     * A corrupted set.
     *
     * @param data the corrupted images with the clean set's labels
     * @param file the cache file
     * @param hash its name (relative to the cache) and SHA-256
     * @param generated whether it was generated now (false: read from the cache)
     */
    public record Corrupted(Dataset data, Path file, FileHash hash, boolean generated) {}

    /** The generator of point {@code index} for a corruption at a severity. */
    public static SplittableRandom rng(long seed, String suite, String corruption, int severity, long index) {
        long component = Seeds.derive(seed, "corruption/" + suite + "/" + corruption + "/" + severity);
        return new SplittableRandom(Seeds.derive(component, index));
    }

    /** Corrupts image {@code i} of {@code data}; values in [0, 1]. */
    public static Image corruptPoint(Corruptions.Suite suite, Corruption c, int severity, Dataset data, long seed,
            int i) {
        long[] s = data.sampleShape().getShape();
        Image x = Image.of(data.values(new int[] {i}), (int) s[0], (int) s[1], (int) s[2]);
        return c.apply(x, severity, rng(seed, suite.id(), c.name(), severity, i));
    }

    /** The corrupted set of every point of {@code data} (its index = data-set index), from the cache or made now. */
    public Corrupted get(Corruptions.Suite suite, Corruption c, int severity, Dataset data, long seed) {
        Corruption.checkSeverity(severity);
        long[] s = data.sampleShape().getShape();
        if (s.length != 3) {
            throw new DataFormatException("corruptions need images (C×H×W); " + data.name() + " has samples of shape "
                    + data.sampleShape());
        }
        int ch = (int) s[0], h = (int) s[1], w = (int) s[2], n = data.size(), d = ch * h * w;
        Path dir = root.resolve("corruptions").resolve(suite.id() + "-v" + Corruptions.GENERATOR_VERSION + "-seed"
                + seed + "-" + dataKey(data));
        String name = c.name() + "-" + severity + "-n" + n + ".npy";
        Path file = dir.resolve(name);
        Path sum = dir.resolve(name + ".sha256");
        String rel = root.relativize(file).toString().replace('\\', '/');
        try {
            if (Files.isRegularFile(file) && Files.isRegularFile(sum)) {
                String want = Files.readString(sum, StandardCharsets.US_ASCII).strip();
                byte[] bytes = Files.readAllBytes(file);
                if (want.equals(Hashes.sha256(bytes))) {
                    byte[] chw = fromHwc(readNpy(bytes, n, h, w, ch), n, ch, h, w);
                    return new Corrupted(dataset(data, chw), file, new FileHash(rel, want), false);
                }
            }
            byte[] chw = new byte[n * d];
            IntStream.range(0, n).parallel().forEach(i -> {
                double[] v = corruptPoint(suite, c, severity, data, seed, i).v();
                for (int k = 0; k < d; k++) chw[i * d + k] = (byte) quantise(v[k]);
            });
            byte[] npy = npy(toHwc(chw, n, ch, h, w), new long[] {n, h, w, ch});
            Files.createDirectories(dir);
            AtomicFiles.write(file, npy);
            String hash = Hashes.sha256(npy);
            AtomicFiles.write(sum, (hash + "\n").getBytes(StandardCharsets.US_ASCII));
            return new Corrupted(dataset(data, chw), file, new FileHash(rel, hash), true);
        } catch (IOException e) {
            throw new UncheckedIOException("corruption cache " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The stored 8-bit pixel of a value: {@code floor(255·v)}, as the reference's {@code np.uint8} truncates, with a
     * tolerance of 1e-6 so that a value that is exactly k/255 up to rounding stays k.
     */
    public static int quantise(double v) {
        int q = (int) Math.floor(v * 255 + 1e-6);
        return Math.max(0, Math.min(255, q));
    }

    private static Dataset dataset(Dataset clean, byte[] chw) {
        return Dataset.ofBytes(clean.name(), clean.split(), new Shape(clean.sampleShape().getShape()), chw,
                clean.labels(), clean.classNames(), clean.files());
    }

    /** The first 12 hex digits of a hash over the clean data's files and the number of points. */
    private static String dataKey(Dataset data) {
        StringBuilder b = new StringBuilder(data.name()).append('/').append(data.split());
        for (FileHash f : data.files()) b.append('/').append(f.sha256());
        return Hashes.sha256(b.toString().getBytes(StandardCharsets.UTF_8)).substring(0, 12);
    }

    private static byte[] toHwc(byte[] chw, int n, int ch, int h, int w) {
        byte[] out = new byte[chw.length];
        int d = ch * h * w;
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < ch; c++) {
                for (int p = 0; p < h * w; p++) out[i * d + p * ch + c] = chw[i * d + c * h * w + p];
            }
        }
        return out;
    }

    private static byte[] fromHwc(byte[] hwc, int n, int ch, int h, int w) {
        byte[] out = new byte[hwc.length];
        int d = ch * h * w;
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < ch; c++) {
                for (int p = 0; p < h * w; p++) out[i * d + c * h * w + p] = hwc[i * d + p * ch + c];
            }
        }
        return out;
    }

    /** An 8-bit {@code .npy} (version 1.0, {@code |u1}) of {@code data} shaped {@code shape}. */
    static byte[] npy(byte[] data, long[] shape) {
        StringBuilder dims = new StringBuilder();
        for (int i = 0; i < shape.length; i++) dims.append(i == 0 ? "" : ", ").append(shape[i]);
        if (shape.length == 1) dims.append(',');
        String header = "{'descr': '|u1', 'fortran_order': False, 'shape': (" + dims + "), }";
        int total = 10 + header.length() + 1;
        header = header + " ".repeat((64 - total % 64) % 64) + "\n";
        byte[] hb = header.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer buf = ByteBuffer.allocate(10 + hb.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        buf.putShort((short) hb.length).put(hb).put(data);
        return buf.array();
    }

    /** The pixels of an 8-bit {@code .npy} written by {@link #npy}, checked against the expected shape. */
    static byte[] readNpy(byte[] file, int n, int h, int w, int ch) {
        ByteBuffer buf = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        if (file.length < 10 || (file[0] & 0xff) != 0x93) {
            throw new DataFormatException("not a .npy file");
        }
        buf.position(8);
        int hl = buf.getShort() & 0xffff;
        String header = new String(file, 10, hl, StandardCharsets.US_ASCII);
        String shape = "(" + n + ", " + h + ", " + w + ", " + ch + ")";
        if (!header.contains("'|u1'") || !header.contains(shape)) {
            throw new DataFormatException("cached corruption file has header " + header.strip() + ", expected |u1 "
                    + shape);
        }
        int off = 10 + hl;
        if (file.length - off != n * h * w * ch) {
            throw new DataFormatException("cached corruption file holds " + (file.length - off) + " bytes, expected "
                    + n * h * w * ch);
        }
        return java.util.Arrays.copyOfRange(file, off, file.length);
    }
}
