package org.robustj.tensor;

import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Compiles a small TorchScript module from its source, for the autograd calls DJL does not expose
 * ({@code torch.autograd.grad} with several outputs, a graph, a loop over rows). The archive is built in
 * memory (version, constants, the pickled module object with {@code training = False}, the code) and loaded by
 * libtorch, which compiles the source; the module lives as long as the JVM.
 */
final class ScriptModules {
    private ScriptModules() {}

    /**
     * Loads a module whose source declares {@code class NAME(Module)} with no parameters or buffers and one
     * attribute, {@code training : bool}.
     */
    static PtSymbolBlock compile(String className, String source) {
        Engines.pytorch();
        String dir = className.toLowerCase(java.util.Locale.ROOT);
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(zip)) {
            entry(z, dir + "/version", "3\n".getBytes(StandardCharsets.US_ASCII));
            // pickle protocol 2: the empty tuple, and a NAME object with training = False
            entry(z, dir + "/constants.pkl", new byte[] {(byte) 0x80, 2, ')', '.'});
            ByteArrayOutputStream pkl = new ByteArrayOutputStream();
            pkl.write(new byte[] {(byte) 0x80, 2, 'c'}, 0, 3);
            byte[] global = ("__torch__\n" + className + "\n").getBytes(StandardCharsets.US_ASCII);
            pkl.write(global, 0, global.length);
            pkl.write(new byte[] {')', (byte) 0x81, '}', '(', 'X', 8, 0, 0, 0}, 0, 9);
            byte[] training = "training".getBytes(StandardCharsets.US_ASCII);
            pkl.write(training, 0, training.length);
            pkl.write(new byte[] {(byte) 0x89, 'u', 'b', '.'}, 0, 4);
            entry(z, dir + "/data.pkl", pkl.toByteArray());
            entry(z, dir + "/code/__torch__.py", source.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        PtNDManager manager = (PtNDManager) NDManager.newBaseManager();
        try {
            return JniUtils.loadModule(manager, new ByteArrayInputStream(zip.toByteArray()), false, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void entry(ZipOutputStream z, String name, byte[] data) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(data.length);
        e.setCompressedSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        e.setCrc(crc.getValue());
        e.setTime(0);
        z.putNextEntry(e);
        z.write(data);
        z.closeEntry();
    }
}
