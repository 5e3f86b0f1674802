package org.robustj.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.function.UnaryOperator;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Test models without PyTorch: rewrites the shared TorchScript MLP ({@code mlp_std.pt}, a traced
 * {@code Sequential}) into variants that PyTorch exports do produce — a final softmax, a tuple output, a
 * module saved in train mode — by editing the archive's TorchScript source and pickled flags.
 */
final class TorchScriptEdits {
    private TorchScriptEdits() {}

    private static final String RETURN = "return (_5).forward(_7, )";

    /** The MLP with a softmax after its last layer (outputs are probabilities). */
    static Path softmax(Path mlp, Path out) throws IOException {
        return edit(mlp, out, code -> code.replace(RETURN, "return torch.softmax((_5).forward(_7, ), 1)"), false);
    }

    /** The MLP returning (logits, hidden features). */
    static Path tuple(Path mlp, Path out) throws IOException {
        return edit(mlp, out, code -> code.replace("-> Tensor:\n    _5", "-> Tuple[Tensor, Tensor]:\n    _5")
                .replace(RETURN, "return ((_5).forward(_7, ), _7)"), false);
    }

    /** The MLP with every module's training flag set, as an export without model.eval() has. */
    static Path trainMode(Path mlp, Path out) throws IOException {
        return edit(mlp, out, UnaryOperator.identity(), true);
    }

    private static Path edit(Path src, Path out, UnaryOperator<String> code, boolean train) throws IOException {
        try (ZipFile zin = new ZipFile(src.toFile());
                OutputStream os = Files.newOutputStream(out);
                ZipOutputStream zout = new ZipOutputStream(os)) {
            for (Enumeration<? extends ZipEntry> en = zin.entries(); en.hasMoreElements();) {
                ZipEntry e = en.nextElement();
                String name = e.getName();
                if (name.endsWith("container.py.debug_pkl")) {
                    continue; // source ranges of the original code
                }
                byte[] b = zin.getInputStream(e).readAllBytes();
                if (name.endsWith("modules/container.py")) {
                    String before = new String(b, StandardCharsets.UTF_8);
                    String after = code.apply(before);
                    b = after.getBytes(StandardCharsets.UTF_8);
                }
                if (train && name.endsWith("/data.pkl")) {
                    b = setTraining(b);
                }
                ZipEntry o = new ZipEntry(name);
                o.setMethod(ZipEntry.STORED);
                o.setSize(b.length);
                o.setCompressedSize(b.length);
                CRC32 crc = new CRC32();
                crc.update(b);
                o.setCrc(crc.getValue());
                zout.putNextEntry(o);
                zout.write(b);
                zout.closeEntry();
            }
        }
        return out;
    }

    /** NEWFALSE after the key 'training' (first as BINUNICODE + BINPUT 1, then BINGET 1) becomes NEWTRUE. */
    private static byte[] setTraining(byte[] b) {
        byte[] key = "training".getBytes(StandardCharsets.US_ASCII);
        byte[] c = b.clone();
        for (int i = 0; i + 1 < c.length; i++) {
            boolean first = i >= key.length + 1 && matches(c, i - key.length - 1, key) && c[i - 1] == 'q'
                    && c[i] == 1 && c[i + 1] == (byte) 0x89;
            boolean again = c[i] == 'h' && c[i + 1] == 1 && i + 2 < c.length && c[i + 2] == (byte) 0x89;
            if (first) c[i + 1] = (byte) 0x88;
            if (again) c[i + 2] = (byte) 0x88;
        }
        return c;
    }

    private static boolean matches(byte[] b, int at, byte[] key) {
        for (int j = 0; j < key.length; j++) {
            if (b[at + j] != key[j]) return false;
        }
        return true;
    }
}
