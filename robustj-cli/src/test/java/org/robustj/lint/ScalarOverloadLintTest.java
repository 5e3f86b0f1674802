package org.robustj.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Keeps DJL's number overloads ({@code x.mul(0.5f)}, {@code maximum(0f)}, {@code div(n)}, …) off every gradient
 * path. Why: DJL 0.35.1 puts the number in a 0-d tensor over a Java direct buffer and closes it at once, while
 * libtorch's autograd keeps that scalar for the backward pass; once a GC frees the buffer the backward pass reads
 * freed memory, and gradients are sometimes garbage or NaN (the issue-14 "loss NaN", a weaker APGD-T;
 * {@code CertifiedGradientLifetimeTest}, {@code LossGradientLifetimeTest}). Code that builds a graph to
 * differentiate uses {@code org.robustj.tensor.Scalars} instead, whose scalars libtorch owns.
 *
 * <p>The check reads the compiled classes of every robustj module on the test class path (ASM) and lists each
 * method that calls an {@code NDArray} method taking a {@code java.lang.Number}. Every such method must be in
 * {@link #NO_GRADIENT}, which says why no autograd graph flows through it (an optimiser update, an attack's step
 * on detached values, plotting). A new call fails this test until it moves to {@code Scalars} or is listed with
 * its reason.
 */
class ScalarOverloadLintTest {
    /**
     * NDArray methods whose Number overload makes a short-lived 0-d tensor that autograd saves for the backward
     * pass: the products, quotients, powers and extrema (their derivatives need the other operand). Sums and
     * differences are left out: their backward pass never reads the scalar.
     */
    private static final Set<String> OVERLOADS = Set.of("mul", "div", "pow", "maximum", "minimum", "rdiv", "rpow",
            "muli", "divi", "powi", "maximumi", "minimumi", "rdivi", "rpowi");

    /** Methods allowed to use the overloads, "Class#method", with the reason no gradient flows through them. */
    private static final Map<String, String> NO_GRADIENT = Map.ofEntries(
            Map.entry("attack.gradient.ApgdAttack#evaluate", "averages EOT gradients (values, no graph)"),
            Map.entry("attack.gradient.ApgdAttack#singleRun", "the step and momentum update on detached iterates"),
            Map.entry("attack.gradient.FgsmAttack#search", "the step on a detached input"),
            Map.entry("attack.gradient.LowEntropyAttack#search", "the step on a detached input"),
            Map.entry("attack.gradient.PgdAttack#run", "the step on a detached input"),
            Map.entry("diagnose.ntk.KernelAttacks#pgd", "the step on a detached input"),
            Map.entry("certify.bounds.AlphaCrown#lower", "Adam's update of the slopes, outside the collector"),
            Map.entry("threat.Norm#normalizeGradient", "scales gradient values, never differentiated"),
            Map.entry("train.AdamOptimizer#update", "the optimiser's update of weight values"),
            Map.entry("train.SgdOptimizer#update", "the optimiser's update of weight values"),
            Map.entry("train.FgsmRsRecipe#fgsm", "builds the training input outside the weight collector"),
            Map.entry("train.TradesRecipe#prepare", "builds the training input outside the weight collector"),
            Map.entry("train.SamRecipe#perturbation", "the weight perturbation from gradient values"),
            Map.entry("train.SamRecipe#gradients", "scales accumulated gradient values"));

    @Test
    void noGradientPathUsesTheNumberOverloads() throws IOException {
        List<Path> roots = robustjClassRoots();
        assertTrue(roots.size() >= 8, "robustj modules on the test class path: " + roots);
        Set<String> found = new TreeSet<>();
        for (Path root : roots) {
            for (byte[] c : classes(root)) found.addAll(callers(c));
        }
        assertEquals(Set.of(), minus(found, NO_GRADIENT.keySet()), "methods calling NDArray number overloads (use "
                + "Scalars, or list them in NO_GRADIENT with the reason no gradient flows there)");
        assertEquals(Set.of(), minus(NO_GRADIENT.keySet(), found),
                "NO_GRADIENT entries that no longer call the overloads (remove them)");
    }

    private static Set<String> minus(Set<String> a, Set<String> b) {
        Set<String> out = new TreeSet<>(a);
        out.removeAll(b);
        return out;
    }

    /** The methods of one class file that call a Number overload of NDArray, as "Class#method". */
    static Set<String> callers(byte[] classFile) {
        Set<String> out = new TreeSet<>();
        ClassReader reader = new ClassReader(classFile);
        String owner = reader.getClassName().replace('/', '.');
        reader.accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitMethodInsn(int opcode, String callOwner, String callName, String callDesc,
                            boolean isInterface) {
                        if (callOwner.startsWith("ai/djl/") && (callOwner.endsWith("NDArray") || callOwner.endsWith("NDArrays"))
                                && OVERLOADS.contains(callName) && callDesc.contains("Ljava/lang/Number;")) {
                            out.add(simple(owner) + "#" + name);
                        }
                    }
                };
            }
        }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return out;
    }

    private static String simple(String className) {
        return className.substring("org.robustj.".length());
    }

    /** The class-path entries holding robustj's own main classes (module target/classes or jars). */
    private static List<Path> robustjClassRoots() {
        List<Path> out = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(e);
            String s = p.toString().replace('\\', '/');
            boolean module = s.contains("robustj-") && !s.contains("test-classes") && !s.contains("-tests.jar")
                    && !s.contains("robustj-testkit");
            if (module && (s.endsWith("/target/classes") || s.endsWith(".jar")) && Files.exists(p)) out.add(p);
        }
        return out;
    }

    private static List<byte[]> classes(Path root) throws IOException {
        List<byte[]> out = new ArrayList<>();
        if (Files.isDirectory(root)) {
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(f -> f.toString().endsWith(".class")).forEach(f -> {
                    try {
                        out.add(Files.readAllBytes(f));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        } else {
            try (JarFile jar = new JarFile(root.toFile())) {
                for (JarEntry e : java.util.Collections.list(jar.entries())) {
                    if (e.getName().startsWith("org/robustj/") && e.getName().endsWith(".class")) {
                        try (InputStream in = jar.getInputStream(e)) {
                            out.add(in.readAllBytes());
                        }
                    }
                }
            }
        }
        return out;
    }
}
