package org.robustj.data;

import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.robustj.errors.DataFormatException;
import org.robustj.errors.InvalidInputException;
import org.robustj.errors.UnknownNameException;
import org.robustj.provenance.FileHash;

/**
 * The named data sets robustj reads ({@code mnist}, {@code fashion-mnist}, {@code cifar10},
 * {@code synthetic-binary}, {@code synthetic-multiclass}) and where it looks for their files.
 *
 * <p>Files are searched in, in order: the {@code --data-dir} folder (or its sub-folder named after the data
 * set), {@code $ROBUSTJ_DATA}, {@code <robustj root>/data} and {@code <robustj root>/../shared/data}. The
 * MNIST test set is also bundled on the class path, so {@code mnist} test works with no files at all.
 * To add a data set, add an entry to {@link #SPECS}.
 */
public final class Datasets {
    private Datasets() {}

    /** How to read one named data set. */
    private interface Spec {
        /** {@code dataDir} is the folder the user named (null: the default folders, in {@code roots}). */
        Dataset load(String split, List<Path> roots, Path dataDir);
    }

    private static final Map<String, Spec> SPECS = new TreeMap<>();

    static {
        SPECS.put("mnist", (split, roots, dir) -> idx("mnist", split, roots, dir, digits(), true));
        SPECS.put("fashion-mnist", (split, roots, dir) -> idx("fashion-mnist", split, roots, dir, List.of("T-shirt/top",
                "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"), false));
        SPECS.put("cifar10", (split, roots, dir) -> cifar10(split, roots));
        SPECS.put("synthetic-binary", (split, roots, dir) -> synthetic(2, split));
        SPECS.put("synthetic-multiclass", (split, roots, dir) -> synthetic(5, split));
    }

    /** The sample shape of each data set (known without reading its files), for hints about a model's input. */
    private static final Map<String, Shape> SHAPES = new TreeMap<>(Map.of("mnist", new Shape(1, 28, 28),
            "fashion-mnist", new Shape(1, 28, 28), "cifar10", new Shape(3, 32, 32), "synthetic-binary",
            new Shape(20), "synthetic-multiclass", new Shape(20)));

    /** The per-sample shape of every known data set, by name. */
    public static Map<String, Shape> sampleShapes() {
        return java.util.Collections.unmodifiableMap(SHAPES);
    }

    /** Names of every known data set. */
    public static List<String> names() {
        return new ArrayList<>(SPECS.keySet());
    }

    /** Loads {@code name}'s {@code split} ({@code train} or {@code test}), searching the default folders. */
    public static Dataset load(String name, String split) {
        return load(name, split, null);
    }

    /** Loads a data set, looking first in {@code dataDir} when it is not null. */
    public static Dataset load(String name, String split, Path dataDir) {
        Spec spec = SPECS.get(name);
        if (spec == null) {
            throw new UnknownNameException("data set", name, SPECS.keySet());
        }
        if (!split.equals("train") && !split.equals("test")) {
            throw new UnknownNameException("split", split, List.of("train", "test"));
        }
        if (dataDir != null && !Files.isDirectory(dataDir)) {
            throw new DataFormatException("data folder not found: " + dataDir);
        }
        return spec.load(split, roots(name, dataDir), dataDir);
    }

    /** The folders searched for a data set's files, most specific first. */
    public static List<Path> roots(String name, Path dataDir) {
        List<Path> bases = new ArrayList<>();
        if (dataDir != null) {
            bases.add(dataDir);
        } else {
            String env = System.getenv("ROBUSTJ_DATA");
            if (env != null && !env.isBlank()) {
                bases.add(Path.of(env));
            }
            Path root = Path.of(System.getProperty("robustj.root", "."));
            bases.add(root.resolve("data"));
            bases.add(root.resolve("../shared/data").normalize());
        }
        List<Path> out = new ArrayList<>();
        for (Path b : bases) {
            out.add(b.resolve(name));
            out.add(b);
        }
        return out;
    }

    /** The folder where {@code robustj data fetch} puts downloaded files by default. */
    public static Path defaultFetchDir(String name) {
        return Path.of(System.getProperty("robustj.root", ".")).resolve("data").resolve(name);
    }

    private static List<String> digits() {
        List<String> d = new ArrayList<>();
        for (int i = 0; i < 10; i++) d.add(Integer.toString(i));
        return d;
    }

    private static Path find(List<Path> roots, String... names) {
        for (Path r : roots) {
            for (String n : names) {
                Path p = r.resolve(n);
                if (Files.isRegularFile(p)) {
                    return p;
                }
            }
        }
        return null;
    }

    private static Dataset idx(String name, String split, List<Path> roots, Path dataDir, List<String> classes,
            boolean bundledTest) {
        String prefix = split.equals("train") ? "train" : "t10k";
        String img = prefix + "-images-idx3-ubyte";
        String lab = prefix + "-labels-idx1-ubyte";
        Path ip = find(roots, img, img + ".gz");
        Path lp = find(roots, lab, lab + ".gz");
        DataFile images;
        DataFile labels;
        if (ip != null && lp != null) {
            images = DataFile.of(ip);
            labels = DataFile.of(lp);
        } else if (ip != null || lp != null) {
            String missing = ip == null ? img : lab;
            Path found = ip != null ? ip : lp;
            throw new DataFormatException(name + " " + split + " set incomplete: " + missing + "[.gz] not found ("
                    + found.getFileName() + " is in " + found.toAbsolutePath().getParent() + ")");
        } else if (bundledTest && split.equals("test") && dataDir != null) {
            throw new DataFormatException(name + " " + split + " set not found in --data-dir " + dataDir
                    + " (nor its " + name + "/ sub-folder): put " + img + "[.gz] and " + lab + "[.gz] there, or drop "
                    + "--data-dir to use the bundled " + name + " test set");
        } else if (bundledTest && split.equals("test")) {
            images = DataFile.ofResource("/robustj/data/mnist/" + img + ".gz");
            labels = DataFile.ofResource("/robustj/data/mnist/" + lab + ".gz");
        } else {
            String hint = name.equals("mnist")
                    ? "run 'bin/robustj data fetch mnist' or put " + img + "[.gz] and " + lab + "[.gz] in "
                            + defaultFetchDir(name)
                    : "put " + img + "[.gz] and " + lab + "[.gz] in a folder and pass --data-dir";
            throw new DataFormatException(name + " " + split + " set not found; " + hint);
        }
        IdxReader.Idx x = IdxReader.read(images, 3, "N×H×W images");
        IdxReader.Idx y = IdxReader.read(labels, 1, "N labels");
        if (x.dims()[0] != y.dims()[0]) {
            throw new DataFormatException(images.name() + " and " + labels.name() + " do not match: "
                    + x.dims()[0] + " images but " + y.dims()[0] + " labels");
        }
        int[] ys = new int[y.dims()[0]];
        for (int i = 0; i < ys.length; i++) {
            ys[i] = y.data()[i] & 0xFF;
            if (ys[i] >= classes.size()) {
                throw new DataFormatException(labels.name() + ": label " + ys[i] + " at " + i + " out of range");
            }
        }
        return Dataset.ofBytes(name, split, new Shape(1, x.dims()[1], x.dims()[2]), x.data(), ys, classes,
                List.of(images.hash(), labels.hash()));
    }

    private static Dataset cifar10(String split, List<Path> roots) {
        List<String> files = split.equals("train")
                ? List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin",
                        "data_batch_5.bin")
                : List.of("test_batch.bin");
        List<FileHash> hashes = new ArrayList<>();
        List<Cifar10Reader.Batch> parts = new ArrayList<>();
        for (String f : files) {
            Path p = find(roots, f, f + ".gz");
            if (p == null) {
                throw new DataFormatException("cifar10 " + split + " file " + f + "[.gz] not found; pass --data-dir"
                        + " with the CIFAR-10 binary version (e.g. ../shared/data/cifar10)");
            }
            DataFile df = DataFile.of(p);
            parts.add(Cifar10Reader.read(df));
            hashes.add(df.hash());
        }
        int n = parts.stream().mapToInt(b -> b.labels().length).sum();
        int[] ys = new int[n];
        byte[] px = new byte[n * (Cifar10Reader.RECORD - 1)];
        int at = 0;
        for (Cifar10Reader.Batch b : parts) {
            System.arraycopy(b.labels(), 0, ys, at, b.labels().length);
            System.arraycopy(b.pixels(), 0, px, at * (Cifar10Reader.RECORD - 1), b.pixels().length);
            at += b.labels().length;
        }
        List<String> classes = List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse",
                "ship", "truck");
        return Dataset.ofBytes("cifar10", split, new Shape(3, 32, 32), px, ys, classes, hashes);
    }

    /** One problem (same class means) of 2,000 points: the first half is the train split, the rest test. */
    private static Dataset synthetic(int classes, String split) {
        Dataset all = Synthetic.gaussianClasses(classes, 20, 2000, 0.3, 0.05, 0.05, 1).data();
        int[] idx = new int[1000];
        int offset = split.equals("train") ? 0 : 1000;
        for (int i = 0; i < idx.length; i++) idx[i] = offset + i;
        return all.subset(idx);
    }

    /** Checks that {@code n} is between 1 and the size of the data set. */
    public static void checkN(Dataset d, int n) {
        if (n < 1 || n > d.size()) {
            throw new InvalidInputException("--n must be between 1 and " + d.size() + " for " + d.name() + " "
                    + d.split() + ", got " + n);
        }
    }

}
