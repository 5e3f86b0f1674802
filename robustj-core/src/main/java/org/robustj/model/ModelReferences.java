package org.robustj.model;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;
import org.robustj.errors.ModelLoadException;
import org.robustj.errors.UnknownNameException;

/**
 * The one place where a plain model reference is resolved to what {@link Models#open} reads: a bundled
 * {@code zoo:NAME} stays as it is, a {@code zoo:NAME} of the local zoo (models added with {@code robustj zoo
 * add}) becomes its file, and a file path is returned unchanged. {@link Models#open} resolves every plain
 * reference of a specification through it (so {@code ensemble:zoo:a,zoo:b} opened from Java finds local models
 * exactly as the CLI does), and the local zoo's own class ({@code org.robustj.benchmark.LocalZoo}) delegates
 * here.
 *
 * <p>The local zoo is the folder {@code -Drobustj.zoo}, else {@code $ROBUSTJ_ZOO}, else
 * {@code <robustj root>/zoo-local} ({@code -Drobustj.root}, else the working directory), read at each call.
 */
public final class ModelReferences {
    /** Prefix of zoo references. */
    public static final String ZOO_PREFIX = "zoo:";

    /** What a zoo name may be: 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit. */
    public static final Pattern ZOO_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private ModelReferences() {}

    /** The folder of the default local zoo (see the class comment). */
    public static Path localZooDir() {
        String prop = System.getProperty("robustj.zoo");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop);
        }
        String env = System.getenv("ROBUSTJ_ZOO");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("robustj.root", ".")).resolve("zoo-local");
    }

    /** {@link #resolve(String, Path)} against the default local zoo. */
    public static String resolve(String ref) {
        return resolve(ref, localZooDir());
    }

    /**
     * Resolves a plain reference: {@code zoo:NAME} of a model in the local zoo {@code localZoo} becomes its
     * file; bundled names and files are returned unchanged.
     *
     * @throws UnknownNameException for a {@code zoo:} name known nowhere, listing the bundled and local names
     */
    public static String resolve(String ref, Path localZoo) {
        if (ref == null || !ref.startsWith(ZOO_PREFIX)) {
            return ref;
        }
        String name = ref.substring(ZOO_PREFIX.length());
        List<String> bundled = Models.zooNames();
        if (bundled.contains(name)) {
            return ref;
        }
        List<String> local = localNames(localZoo);
        if (ZOO_NAME.matcher(name).matches() && local.contains(name)) {
            return localModelFile(localZoo, name).toString();
        }
        List<String> known = new ArrayList<>(bundled);
        known.addAll(local);
        throw new UnknownNameException("zoo model", name, known);
    }

    /**
     * Names of the models in the local zoo {@code dir}, sorted: every {@code NAME.json} card with a
     * {@code NAME.params}, {@code NAME.pt} or {@code NAME.onnx} beside it (none when the folder is absent).
     */
    public static List<String> localNames(Path dir) {
        List<String> names = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return names;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.json")) {
            for (Path p : ds) {
                String n = p.getFileName().toString().replaceFirst("\\.json$", "");
                if (Files.isRegularFile(dir.resolve(n + ".params")) || Files.isRegularFile(dir.resolve(n + ".pt"))
                        || Files.isRegularFile(dir.resolve(n + ".onnx"))) {
                    names.add(n);
                }
            }
        } catch (IOException e) {
            throw new ModelLoadException("cannot list the local zoo " + dir + ": " + e.getMessage(), e);
        }
        Collections.sort(names);
        return names;
    }

    /** The file {@link Models#open} reads for local model {@code name}: {@code NAME.pt}, {@code NAME.onnx} or the card. */
    public static Path localModelFile(Path dir, String name) {
        Path pt = dir.resolve(name + ".pt");
        Path onnx = dir.resolve(name + ".onnx");
        return Files.isRegularFile(pt) ? pt : Files.isRegularFile(onnx) ? onnx : dir.resolve(name + ".json");
    }
}
