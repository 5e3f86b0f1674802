package org.robustj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "From Java" route, end to end, as a user outside this build takes it: a separate Maven project
 * made of exactly the README's {@code pom.xml} and {@code Main.java} blocks is built offline and run with the
 * README's commands, against this build's freshly compiled artifacts (not whatever robustj happens to sit in
 * {@code ~/.m2}). What {@code mvn install} would put into the local repository is placed into a private one
 * (jars of the modules' {@code target/classes} plus their poms); every other artifact is read through
 * symbolic links to the user's repository, so nothing is written there. Skips with a reason when {@code mvn}
 * or the compiled modules are absent. About 30 s.
 */
@Tag("slow")
class ReadmeConsumerProjectTest {
    static final String VERSION = "0.1.0-SNAPSHOT";
    static final List<String> LIBRARIES = List.of("robustj-core", "robustj-testkit", "robustj-attacks",
            "robustj-defense", "robustj-benchmark", "robustj-report");

    @TempDir
    Path tmp;

    @Test
    void readmeJavaExampleBuildsAndRunsAsASeparateProject() throws Exception {
        Path mvn = onPath("mvn");
        assumeTrue(mvn != null, "skipping: no 'mvn' on PATH to build the README's consumer project");
        Path root = Path.of(System.getProperty("robustj.root", "..")).toAbsolutePath().normalize();
        for (String m : LIBRARIES) {
            assumeTrue(Files.isDirectory(root.resolve(m).resolve("target/classes/org")),
                    "skipping: " + m + " is not compiled (run the reactor build)");
        }
        Path userRepo = Path.of(System.getProperty("maven.repo.local",
                System.getProperty("user.home") + "/.m2/repository"));
        assumeTrue(Files.isDirectory(userRepo), "skipping: no local Maven repository at " + userRepo);

        String readme = Files.readString(root.resolve("README.md"), StandardCharsets.UTF_8);
        String pom = block(readme, "pom.xml");
        String main = block(readme, "src/main/java/Main.java");
        String run = block(readme, "run");

        Path repo = privateRepository(userRepo, root);
        Path app = tmp.resolve("app");
        Files.createDirectories(app.resolve("src/main/java"));
        Files.writeString(app.resolve("pom.xml"), pom);
        Files.writeString(app.resolve("src/main/java/Main.java"), main);
        // the README's commands as written; offline and the private repository come from the project's own
        // .mvn/maven.config, which Maven reads from the project directory
        Files.createDirectories(app.resolve(".mvn"));
        Files.writeString(app.resolve(".mvn/maven.config"), "-o -B -Dmaven.repo.local=" + repo + "\n");

        ProcessBuilder pb = new ProcessBuilder("bash", "-e", "-o", "pipefail", "-c", run).directory(app.toFile());
        pb.environment().remove("OMP_WAIT_POLICY"); // the README's export must do it
        pb.environment().remove("MAVEN_OPTS");
        Path out = tmp.resolve("out.txt");
        Path err = tmp.resolve("err.txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(240, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the README's consumer project did not finish in 240 s");
        }
        String stdout = Files.readString(out);
        String stderr = Files.readString(err);
        assertEquals(0, p.exitValue(), "exit code; stdout:\n" + stdout + "\nstderr:\n" + stderr);
        Matcher m = Pattern.compile("clean \\d+\\.\\d\\d%, robust \\d+\\.\\d\\d%").matcher(stdout);
        assertTrue(m.find(), "the example's line: " + stdout);
        assertFalse((stdout + stderr).contains("SLF4J"), "an SLF4J binding is on the classpath: " + stderr);
        // what the README says it prints is what it prints
        Matcher claimed = Pattern.compile("It prints `(clean [^`]*)`").matcher(readme);
        assertTrue(claimed.find(), "the README quotes the output");
        assertEquals(claimed.group(1), m.group(), "the README's quoted output");
    }

    /** The first fenced code block after the marker {@code <!-- readme-consumer: NAME -->}. */
    static String block(String readme, String name) {
        String marker = "<!-- readme-consumer: " + name + " -->";
        int at = readme.indexOf(marker);
        assertTrue(at >= 0, "README lacks " + marker);
        int open = readme.indexOf("```", at);
        int start = readme.indexOf('\n', open) + 1;
        int close = readme.indexOf("\n```", start);
        return readme.substring(start, close + 1);
    }

    /**
     * A local repository holding this build's robustj artifacts, as {@code mvn install} lays them out, and
     * links to everything else in the user's repository (read only: Maven offline writes only what it installs).
     */
    private Path privateRepository(Path userRepo, Path root) throws IOException {
        Path repo = tmp.resolve("repo");
        Files.createDirectories(repo.resolve("org"));
        try (Stream<Path> top = Files.list(userRepo)) {
            for (Path e : (Iterable<Path>) top::iterator) {
                if (!e.getFileName().toString().equals("org")) {
                    Files.createSymbolicLink(repo.resolve(e.getFileName().toString()), e);
                }
            }
        }
        if (Files.isDirectory(userRepo.resolve("org"))) {
            try (Stream<Path> org = Files.list(userRepo.resolve("org"))) {
                for (Path e : (Iterable<Path>) org::iterator) {
                    if (!e.getFileName().toString().equals("robustj")) {
                        Files.createSymbolicLink(repo.resolve("org").resolve(e.getFileName().toString()), e);
                    }
                }
            }
        }
        Path robustj = repo.resolve("org/robustj");
        Path parent = Files.createDirectories(robustj.resolve("robustj-parent").resolve(VERSION));
        Files.copy(root.resolve("pom.xml"), parent.resolve("robustj-parent-" + VERSION + ".pom"));
        for (String m : LIBRARIES) {
            Path dir = Files.createDirectories(robustj.resolve(m).resolve(VERSION));
            Files.copy(root.resolve(m).resolve("pom.xml"), dir.resolve(m + "-" + VERSION + ".pom"));
            jar(root.resolve(m).resolve("target/classes"), dir.resolve(m + "-" + VERSION + ".jar"));
        }
        return repo;
    }

    private static void jar(Path classes, Path jar) throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.walk(classes)) {
            s.filter(Files::isRegularFile).sorted().forEach(files::add);
        }
        try (OutputStream o = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(o)) {
            for (Path f : files) {
                j.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, j);
                j.closeEntry();
            }
        }
    }

    private static Path onPath(String exe) {
        String path = System.getenv("PATH");
        if (path == null) return null;
        for (String d : path.split(java.io.File.pathSeparator)) {
            Path p = Path.of(d, exe);
            if (Files.isExecutable(p)) return p;
        }
        return null;
    }
}
