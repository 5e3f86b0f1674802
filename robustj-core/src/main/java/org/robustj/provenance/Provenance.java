package org.robustj.provenance;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.robustj.tensor.Engines;

/**
 * Where a result came from: robustj version and git commit, the runtime (Java, OS, CPU, DJL and
 * PyTorch versions, threads — floating-point results can differ across them), the SHA-256 of every
 * data and model file used, and when; and the version of the seeding scheme that drew the random numbers
 * ({@code seeding}, {@link Seeds#SCHEME}; absent in records made before scheme 2, which drew per batch); and which
 * convolution kernels computed the gradients ({@code convolutions}, {@link Engines#convolutions}: oneDNN or
 * libtorch's native ones, and why; absent in records made before robustj chose them per machine).
 */
public record Provenance(
        String robustjVersion,
        String gitCommit,
        String timestamp,
        String java,
        String os,
        String arch,
        int cpus,
        String djl,
        String pytorch,
        int threads,
        boolean ompPassive,
        List<FileHash> files,
        Integer seeding,
        String convolutions) {

    /** Provenance without a seeding scheme (a record that draws no random numbers, or one made before scheme 2). */
    public Provenance(String robustjVersion, String gitCommit, String timestamp, String java, String os, String arch,
            int cpus, String djl, String pytorch, int threads, boolean ompPassive, List<FileHash> files) {
        this(robustjVersion, gitCommit, timestamp, java, os, arch, cpus, djl, pytorch, threads, ompPassive, files, null,
                null);
    }

    /** The seeding scheme of this record: {@link #seeding()}, or 1 for a record made before schemes were written. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public int seedingScheme() {
        return seeding == null ? 1 : seeding;
    }

    /** Provenance of the current process, with the given files' hashes. */
    public static Provenance current(List<FileHash> files) {
        Engines.pytorch();
        return new Provenance(
                currentVersion(),
                currentGitCommit(),
                Instant.now().toString(),
                System.getProperty("java.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version"),
                System.getProperty("os.arch"),
                Runtime.getRuntime().availableProcessors(),
                Engine.getDjlVersion(),
                Engines.engineVersion(),
                Engines.threads(),
                Engines.passiveWait(),
                List.copyOf(files),
                Seeds.SCHEME,
                Engines.convolutions());
    }

    /** robustj's version from the build. */
    public static String currentVersion() {
        try (InputStream in = Provenance.class.getResourceAsStream("/robustj/version.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("version", "unknown");
            }
        } catch (IOException ignored) {
            // fall through
        }
        return "unknown";
    }

    /**
     * The git commit of the working tree robustj runs from ({@code robustj.root} or the current
     * directory), with {@code -dirty} when tracked files changed; {@code unknown} outside a checkout.
     */
    public static String currentGitCommit() {
        String root = System.getProperty("robustj.root", ".");
        try {
            Process p = new ProcessBuilder("git", "-C", root, "describe", "--always", "--dirty", "--abbrev=40")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.waitFor() == 0 && !out.isEmpty() && !out.contains(" ")) {
                return out;
            }
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "unknown";
    }

    /** Hashes a file for the record, naming it by its path as given. */
    public static FileHash hash(Path file) throws IOException {
        return new FileHash(file.toString(), Hashes.sha256(file));
    }

}
